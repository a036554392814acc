using System.Text.Json;
using Ablation.Reports.Aggregation;

namespace Ablation.Reports.Tests;

public class StatisticsTests
{
    private static readonly JsonElement Welch =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "tests", "Reports.Tests", "Fixtures", "welch.json"))).RootElement;

    private static double[] Values(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static TheoryData<string> Cases() => new(Welch.EnumerateObject().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Welch_matches_scipy(string name)
    {
        // Reference: tests/reference/reports_welch.py (scipy.stats.ttest_ind(equal_var=False), scipy.stats.t.ppf).
        var c = Welch.GetProperty(name);
        var a = Statistic.Of(Values(c.GetProperty("a")));
        var b = Statistic.Of(Values(c.GetProperty("b")));
        Assert.Equal(c.GetProperty("mean_a").GetDouble(), a.Mean, 10);
        Assert.Equal(c.GetProperty("std_a").GetDouble(), a.Std, 10);
        Assert.Equal(c.GetProperty("std_b").GetDouble(), b.Std, 10);
        var w = WelchTest.Of(a, b);
        Assert.Equal(c.GetProperty("diff").GetDouble(), w.Difference, 10);
        Assert.Equal(c.GetProperty("t").GetDouble(), w.T, 8);
        Assert.Equal(c.GetProperty("df").GetDouble(), w.DegreesOfFreedom, 8);
        Assert.Equal(c.GetProperty("p").GetDouble(), w.P, 8);
        Assert.Equal(Values(c.GetProperty("ci95"))[0], w.CiLow, 7);
        Assert.Equal(Values(c.GetProperty("ci95"))[1], w.CiHigh, 7);
        Assert.Equal(c.GetProperty("p").GetDouble() < 0.05, w.Significant);
        var w90 = WelchTest.Of(a, b, 0.90);
        Assert.Equal(Values(c.GetProperty("ci90"))[0], w90.CiLow, 7);
        Assert.Equal(Values(c.GetProperty("ci90"))[1], w90.CiHigh, 7);
    }

    [Fact]
    public void Welch_hand_worked()
    {
        // a = {1,2,3}, b = {4,5,6}: s² = 1 each, se = sqrt(1/3 + 1/3) = 0.816497, t = -3 / se = -3.6742346,
        // df = (2/3)² / (2 · (1/3)² / 2) = 4 (Welch–Satterthwaite). Student's t table: t(0.975, 4) = 2.776445,
        // so the 95% CI is -3 ± 2.776445 · 0.8164966 = -3 ± 2.266958 = [-5.266958, -0.733042].
        var w = WelchTest.Of(Statistic.Of([1.0, 2, 3]), Statistic.Of([4.0, 5, 6]));
        Assert.Equal(-3.6742346, w.T, 6);
        Assert.Equal(4.0, w.DegreesOfFreedom, 10);
        Assert.Equal(-5.266958, w.CiLow, 5);
        Assert.Equal(-0.733042, w.CiHigh, 5);
        Assert.True(w.P is > 0.02 and < 0.025);   // between the table's 0.98 (3.747) and 0.975 (2.776) two-sided levels
        Assert.True(w.Significant);
    }

    [Fact]
    public void Statistic_is_sample_statistics_and_skips_missing_values()
    {
        var s = Statistic.Of([2.0, null, 4.0, double.NaN, 9.0]);
        Assert.Equal(3, s.N);
        Assert.Equal(5.0, s.Mean, 12);
        Assert.Equal(Math.Sqrt(13.0), s.Std, 12);       // ((9 + 1 + 16) / 2) = 13
        Assert.Equal(2.0, s.Min);
        Assert.Equal(9.0, s.Max);
        Assert.Equal(Math.Sqrt(13.0 / 3), s.StandardError, 12);
        var one = Statistic.Of([0.5]);
        Assert.Equal(1, one.N);
        Assert.True(double.IsNaN(one.Std));
        Assert.Equal(0, Statistic.Of(Array.Empty<double>()).N);
    }

    [Fact]
    public void Welch_is_undefined_for_single_seeds_and_zero_variance()
    {
        var single = WelchTest.Of(Statistic.Of([70.0]), Statistic.Of([69.0, 71.0]));
        Assert.False(single.Testable);
        Assert.False(single.Significant);
        Assert.Equal("n < 2", single.UndefinedReason);
        Assert.Equal(0.0, single.Difference, 12);
        var constant = WelchTest.Of(Statistic.Of([70.0, 70.0]), Statistic.Of([69.0, 69.0]));
        Assert.Equal("zero variance", constant.UndefinedReason);
    }
}
