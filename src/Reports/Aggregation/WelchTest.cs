using MathNet.Numerics.Distributions;

namespace Ablation.Reports.Aggregation;

/// <summary>
/// Welch's unequal-variances t-test of mean(a) - mean(b), two-sided, with the confidence interval of the
/// difference (B. L. Welch, "The generalization of Student's problem when several different population
/// variances are involved", Biometrika 34, 1947):
///   t = (m_a - m_b) / sqrt(s_a²/n_a + s_b²/n_b),
///   df = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a - 1) + (s_b²/n_b)²/(n_b - 1))   (Welch–Satterthwaite),
///   p = 2 (1 - F_t(|t|; df)),  CI = (m_a - m_b) ± t_{1-α/2, df} · sqrt(s_a²/n_a + s_b²/n_b).
/// Undefined (every value NaN, <see cref="Testable"/> false) when a side has fewer than 2 values or both
/// variances are zero.
/// </summary>
public sealed record WelchTest(double Difference, double T, double DegreesOfFreedom, double P, double CiLow, double CiHigh, double Confidence,
    string? UndefinedReason = null)
{
    public bool Testable => UndefinedReason is null;

    /// <summary>True when the test is defined and p &lt; 1 - confidence.</summary>
    public bool Significant => Testable && P < 1 - Confidence;

    /// <summary>A test that could not be run, with the reason.</summary>
    public static WelchTest Undefined(string reason, double confidence = 0.95) =>
        new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, confidence, reason);

    public static WelchTest Of(Statistic a, Statistic b, double confidence = 0.95)
    {
        double diff = a.Mean - b.Mean;
        if (a.N < 2 || b.N < 2)
            return new WelchTest(diff, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, confidence, "n < 2");
        double va = a.Std * a.Std / a.N, vb = b.Std * b.Std / b.N;
        double se2 = va + vb;
        if (!(se2 > 0))
            return new WelchTest(diff, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, confidence, "zero variance");
        double se = Math.Sqrt(se2);
        double t = diff / se;
        double df = se2 * se2 / (va * va / (a.N - 1) + vb * vb / (b.N - 1));
        double p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
        double q = StudentT.InvCDF(0, 1, df, 1 - (1 - confidence) / 2);
        return new WelchTest(diff, t, df, p, diff - q * se, diff + q * se, confidence);
    }
}
