using Xunit;
using System.Text.Json;
using Ablation.Experiments.Tests.Data;
using Ablation.Experiments.Training.Detection;

namespace Ablation.Experiments.Tests.Training.Detection;

/// <summary>
/// COCO evaluation against the independent numpy reference (tests/reference/coco_eval_ref.py, fixture
/// tests/reference/fixtures/coco_eval_cases.json): each case's instances and results are written to files and
/// evaluated through the same path as `ablate evaluate`, then all twelve stats and per-class AP compared.
/// </summary>
public sealed class CocoReferenceTests
{
    private static readonly Lazy<JsonElement[]> Cases = new(() =>
    {
        var path = Path.Combine(ReferenceScript.Directory(), "fixtures", "coco_eval_cases.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    });

    public static IEnumerable<object[]> CaseNames() => Cases.Value.Select(c => new object[] { c.GetProperty("name").GetString()! });

    [Fact]
    public void FixtureHasHandAndRandomCases()
    {
        var names = Cases.Value.Select(c => c.GetProperty("name").GetString()!).ToList();
        Assert.Contains("hit_miss_hit", names);
        Assert.Contains("crowd_absorbs", names);
        Assert.True(names.Count(n => n.StartsWith("random_")) >= 10);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesReference(string name)
    {
        var c = Cases.Value.Single(x => x.GetProperty("name").GetString() == name);
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("gt.json"), c.GetProperty("instances").GetRawText());
        File.WriteAllText(dir.File("dt.json"), c.GetProperty("results").GetRawText());
        var metrics = CocoFiles.Evaluate(dir.File("gt.json"), dir.File("dt.json"));
        var expected = c.GetProperty("expected");
        foreach (var (key, value) in metrics.Named())
            AssertClose(expected.GetProperty(key).GetDouble(), value, $"{name}.{key}");
        var perClass = expected.GetProperty("per_class").EnumerateArray().ToArray();
        Assert.Equal(perClass.Length, metrics.PerClass.Count);
        for (int k = 0; k < perClass.Length; k++)
        {
            Assert.Equal(perClass[k].GetProperty("id").GetInt64(), metrics.PerClass[k].Id);
            AssertClose(perClass[k].GetProperty("ap").GetDouble(), metrics.PerClass[k].Ap, $"{name}.per_class[{k}].ap");
            AssertClose(perClass[k].GetProperty("ap50").GetDouble(), metrics.PerClass[k].Ap50, $"{name}.per_class[{k}].ap50");
        }
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12, $"{what}: expected {expected:R}, got {actual:R}");
}
