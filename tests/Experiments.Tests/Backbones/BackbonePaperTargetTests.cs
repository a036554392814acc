using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Ablation.Reports.Papers;
using Xunit;

namespace Ablation.Experiments.Tests.Backbones;

/// <summary>
/// `ablate profile` reproduces the published complexity tables in experiments/papers/*.yaml: every row's
/// params equal the paper's to the digits printed, its MACs within the file's tolerance (0.1% unless the
/// file says why not).
/// </summary>
public class BackbonePaperTargetTests
{
    private static string PapersDir => Path.Combine(BackboneReference.RepoRoot, "experiments", "papers");

    private static IEnumerable<string> Files() => Directory.GetFiles(PapersDir, "*.yaml").Select(Path.GetFileName).Order()!;

    public static TheoryData<string> PaperFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Files())
            // Detector tables (all rows detectors) are profiled by Detectors/DetectorPaperTargetTests.
            if (!PaperTableLoader.Load(Path.Combine(PapersDir, f)).Results.All(r => Ablation.Experiments.Detectors.DetectorRegistry.IsDetector(r.Backbone)))
                data.Add(f);
        return data;
    }

    [Fact]
    public void TheTablesOfIssue5AreAllHere()
    {
        var files = Files().ToList();
        foreach (var paper in new[] { "cbam", "bam", "eca", "ca" })
            Assert.Contains(files, f => f.StartsWith(paper + "-"));
    }

    [Theory]
    [MemberData(nameof(PaperFiles))]
    public void ProfileReproducesEveryPublishedRow(string file)
    {
        var table = PaperTableLoader.Load(Path.Combine(PapersDir, file));
        var failures = new List<string>();
        var compared = 0;
        foreach (var row in table.Results)
        {
            if (row.ParamsM is null && row.GMacs is null) continue;
            var spec = new ModelSpec(row.Backbone, new AttentionSpec(row.Attention, row.AttentionOptions),
                row.Placement ?? Placement.Block, row.Stages, table.ClassesOf(row) ?? 1000, 3, table.InputOf(row) ?? 224,
                row.Stem, row.Width ?? 1.0);
            var (parameters, macs, _) = ModelFactory.Profile(spec);
            var label = $"{file}:{row.Line} {row.Backbone} + {row.AttentionLabel}";
            if (row.ParamsM is { } p)
            {
                compared++;
                if (!p.MatchesRounded(parameters / 1e6))
                    failures.Add($"{label}: params {parameters / 1e6:F4}M, paper {p}M");
            }
            if (row.GMacs is { } g)
            {
                compared++;
                var rel = g.RelativeDifference(macs / 1e9);
                if (Math.Abs(rel) > table.Tolerance.MacsRel)
                    failures.Add($"{label}: MACs {macs / 1e9:F4}G, paper {g}G ({rel:P2}, tolerance {table.Tolerance.MacsRel:P1})");
            }
        }
        Assert.True(compared > 0, $"{file} has no params or MACs to compare");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
