namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// The classes of the synthetic detection set: a shape (rectangle, ellipse, triangle) and, beyond three
/// classes, a colour family, so class c is shape <c>c mod 3</c> in colour family <c>c / 3</c>. With three classes
/// or fewer the colour is drawn at random from all families, so only the shape tells the class.
/// </summary>
public static class SyntheticShapes
{
    public enum Shape { Rectangle, Ellipse, Triangle }

    /// <summary>Saturated colour families (two shades each), far from the grey-brown backgrounds.</summary>
    internal static readonly (byte R, byte G, byte B)[][] Families =
    [
        [(230, 40, 40), (200, 70, 60)],     // red
        [(40, 200, 60), (80, 230, 100)],    // green
        [(50, 80, 230), (80, 120, 250)],    // blue
        [(240, 220, 40), (250, 200, 70)],   // yellow
        [(220, 60, 220), (190, 90, 240)],   // magenta
        [(40, 220, 230), (90, 240, 220)],   // cyan
    ];

    private static readonly string[] FamilyNames = ["red", "green", "blue", "yellow", "magenta", "cyan"];

    public static int MaxClasses => 3 * Families.Length;

    public static Shape ShapeOf(int cls) => (Shape)(cls % 3);

    /// <summary>"rectangle", "ellipse", "triangle" (three classes or fewer), or e.g. "red-rectangle".</summary>
    public static IReadOnlyList<string> Names(int classes) =>
        Enumerable.Range(0, classes).Select(c => classes <= 3 ? ShapeOf(c).ToString().ToLowerInvariant()
            : $"{FamilyNames[c / 3]}-{ShapeOf(c).ToString().ToLowerInvariant()}").ToArray();
}
