using System.Text.Json;
using Ablation.Experiments.Detectors;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>Outputs, loss and gradients of YOLOv5 and YOLOX against detectors_ref.py (see <see cref="DetectorNumerics"/>).</summary>
public class DetectorNumericsTests
{
    /// <summary>The committed cases (detectors_ref.py FIXTURE_CASES): narrow widths keep the files small.</summary>
    public static TheoryData<string, string, long, double> Committed() => new()
    {
        { "yolov5-tiny", "yolov5n", 3, 0.0625 },
        { "yolov5-tiny-deep-nc1", "yolov5m", 1, 0.0625 },
        { "yolox-tiny", "yolox-s", 3, 0.0625 },
    };

    [Theory]
    [MemberData(nameof(Committed))]
    public void CommittedFixturesAreReproduced(string file, string model, long classes, double width) =>
        DetectorNumerics.Check(Path.Combine(DetectorReference.FixtureDir, file + ".safetensors"), new DetectorNumerics.Case(model, classes, width));

    /// <summary>
    /// The full-width detectors and the probe at every placement, generated now by detectors_ref.py (one process for
    /// all cases): an inserted module must attend the right map, be seen by every consumer of that map, and carry
    /// the gradient.
    /// </summary>
    private static readonly Lazy<string> Generated = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "ablation-detectors-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var cases = GeneratedCases().Select(c => new Dictionary<string, object?>
        {
            ["name"] = c.Name, ["model"] = c.Case.Model, ["classes"] = c.Case.Classes, ["width"] = c.Case.Width,
            ["placement"] = c.Case.Placement, ["attention"] = "probe", ["input"] = 64, ["float64"] = true,
        }).ToList();
        var list = Path.Combine(dir, "cases.json");
        File.WriteAllText(list, JsonSerializer.Serialize(cases));
        DetectorReference.Run("cases", "--list", list, "--outdir", dir);
        return dir;
    });

    private static IEnumerable<(string Name, DetectorNumerics.Case Case)> GeneratedCases()
    {
        yield return ("full-yolov5s", new("yolov5s", 80, null));
        yield return ("full-yolox-s", new("yolox-s", 80, null));
        foreach (var p in DetectorPlacement.Names.Append("after:[3, 12, 21]"))
            yield return ($"yolov5-{p.Replace(":", "").Replace("[", "").Replace("]", "").Replace(", ", "-")}", new("yolov5n", 3, 0.0625, p));
        yield return ("yolov5m-block", new("yolov5m", 2, 0.0625, DetectorPlacement.Block));
        foreach (var p in DetectorPlacement.Names)
            yield return ($"yolox-{p}", new("yolox-s", 3, 0.0625, p));
    }

    public static TheoryData<string> GeneratedNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in GeneratedCases()) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(GeneratedNames))]
    public void ReferenceGeneratedNowIsReproduced(string name)
    {
        var c = GeneratedCases().Single(g => g.Name == name).Case;
        var file = Path.Combine(Generated.Value, name + ".safetensors");
        var probes = 0;
        DetectorNumerics.Check(file, c, c.Placement is null ? null : ch => { probes++; return new Probe(ch, dtype: ScalarType.Float64); });
        if (c.Placement != null) Assert.True(probes > 0, "no attention site");
    }
}
