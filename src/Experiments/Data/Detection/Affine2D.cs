namespace Ablation.Experiments.Data.Detection;

/// <summary>A 2-D affine map <c>x' = A x + B y + C, y' = D x + E y + F</c> (pixel coordinates, corners at integers).</summary>
public readonly record struct Affine2D(double A, double B, double C, double D, double E, double F)
{
    public static readonly Affine2D Identity = new(1, 0, 0, 0, 1, 0);

    public static Affine2D Scale(double sx, double sy) => new(sx, 0, 0, 0, sy, 0);

    public static Affine2D Translate(double tx, double ty) => new(1, 0, tx, 0, 1, ty);

    /// <summary>This map followed by <paramref name="next"/>.</summary>
    public Affine2D Then(Affine2D next) => new(
        next.A * A + next.B * D, next.A * B + next.B * E, next.A * C + next.B * F + next.C,
        next.D * A + next.E * D, next.D * B + next.E * E, next.D * C + next.E * F + next.F);

    public (double X, double Y) Apply(double x, double y) => (A * x + B * y + C, D * x + E * y + F);

    /// <summary>The geometric mean of the axis scales (sqrt |det|): below 1 the map shrinks.</summary>
    public double Magnification => Math.Sqrt(Math.Abs(A * E - B * D));

    public bool IsIdentity => this == Identity;
}
