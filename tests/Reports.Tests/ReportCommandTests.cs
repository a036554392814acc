using Ablation.Harness.Cli;

namespace Ablation.Reports.Tests;

public class ReportCommandTests
{
    private static (string Dir, string Matrix) Setup(string name = SampleStudy.Experiment)
    {
        var dir = TestStore.NewDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "results"));
        SampleStudy.WriteStore(Path.Combine(dir, "results"));
        Directory.CreateDirectory(Path.Combine(dir, "experiments", "papers"));
        File.WriteAllText(Path.Combine(dir, "experiments", "papers", "sample.yaml"), SampleReport.PaperYaml);
        var matrix = Path.Combine(dir, "experiments", "sample.yaml");
        File.WriteAllText(matrix, $"""
            name: {name}
            dataset: {"{"} name: cifar10 {"}"}
            axes:
              backbone: [resnet20]
              attention: [none, se, cbam, bam]
              seed: [0, 1, 2]
            baseline: {"{"} attention: none {"}"}
            paper: papers/sample.yaml
            """);
        return (dir, matrix);
    }

    private static (int, string, string) Run(string matrix, string results, string? output = null)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = ReportCommand.Run(matrix, results, null, output, null, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public void Writes_the_report_of_a_matrix()
    {
        var (dir, matrix) = Setup();
        var (exit, output, err) = Run(matrix, Path.Combine(dir, "results"));
        Assert.True(exit == 0, err);
        Assert.Contains("sample: 11 runs (10 done, 1 failed, 0 other), 4 configurations, 2 of 3 published rows matched", output);
        var reportDir = Path.Combine(dir, "results", "sample", "report");
        foreach (var f in ReportWriter.FileNames) Assert.True(File.Exists(Path.Combine(reportDir, f)), f);
        Assert.Contains("figures, PNG at 150 dpi and SVG", output);
        Assert.Contains("Published vs measured", File.ReadAllText(Path.Combine(reportDir, "table.md")));
    }

    [Fact]
    public void Dpi_sets_the_figures_resolution_and_bad_values_are_refused()
    {
        var (dir, matrix) = Setup();
        var results = Path.Combine(dir, "results");
        // Through the command line, as a user types it.
        int exit = Ablation.Harness.Cli.AblateCli.Run(["report", matrix, "--results", results, "--dpi", "100"]);
        Assert.Equal(0, exit);
        var figures = Path.Combine(results, "sample", "report", "figures");
        var png = Directory.GetFiles(figures, "top1-vs-macs-*.png").Single();
        Assert.Equal(100, Charts.PngDensity.Read(File.ReadAllBytes(png)));
        Assert.Equal(667, PngImage.Load(png).Width);                    // 640 CSS pixels at 100 dpi

        var (o, e) = (new StringWriter(), new StringWriter());
        var other = Path.Combine(dir, "other");
        Assert.Equal(2, ReportCommand.Run(matrix, results, null, other, null, o, e, dpi: 20));
        Assert.Equal("--dpi 20: allowed: 50 to 1200 dots per inch", e.ToString().Trim());
        Assert.False(Directory.Exists(other));
    }

    [Fact]
    public void Includes_the_latest_micro_benchmark_export()
    {
        var (dir, matrix) = Setup();
        var bench = Path.Combine(dir, "results", "bench", "results");
        Directory.CreateDirectory(bench);
        File.WriteAllText(Path.Combine(bench, "Ablation.Bench.AttentionBenchmarks-report-github.md"), """
            ```
            BenchmarkDotNet v0.14.0, Debian GNU/Linux 12
            ```
            | Method  | Attention | Stage | Mean     | Ratio |
            |-------- |---------- |------ |---------:|------:|
            | Forward | none      | 1     | 1.000 ms |  1.00 |
            | Forward | se        | 1     | 1.250 ms |  1.25 |
            """);
        var (exit, output, err) = Run(matrix, Path.Combine(dir, "results"));
        Assert.True(exit == 0, err);
        Assert.Contains("micro-benchmarks from", output);
        var html = File.ReadAllText(Path.Combine(dir, "results", "sample", "report", "report.html"));
        Assert.Contains("Attention micro-benchmarks", html);
        Assert.Contains("<td class=\"num\">1.25</td>", html);
        Assert.Contains("BenchmarkDotNet v0.14.0", html);
    }

    [Fact]
    public void The_matrix_baseline_becomes_a_baseline_spec()
    {
        var dir = TestStore.NewDirectory();
        var matrix = Path.Combine(dir, "m.yaml");
        File.WriteAllText(matrix, "name: m\ndataset: cifar10\naxes:\n  backbone: [resnet20]\n  attention: [none, se]\n" +
                                  "baseline: { attention: { name: se, reduction: 8 }, backbone: resnet20 }\n");
        var spec = Ablation.Harness.Spec.MatrixLoader.Load(matrix);
        var b = ReportCommand.BaselineOf(spec.Baseline);
        Assert.Equal(new Dictionary<string, string> { ["attention"] = "se", ["attention_options"] = "reduction=8", ["backbone"] = "resnet20" },
            b.Fields.ToDictionary());
    }

    [Fact]
    public void Bad_input_and_empty_stores()
    {
        var (dir, matrix) = Setup();
        var (exit, _, err) = Run(Path.Combine(dir, "missing.yaml"), Path.Combine(dir, "results"));
        Assert.Equal(2, exit);
        Assert.Contains("missing.yaml", err);
        Assert.Contains("does not exist", err);
        (exit, _, err) = Run(matrix, Path.Combine(dir, "elsewhere"));
        Assert.Equal(2, exit);
        Assert.Contains("no results store", err);
        var (dir2, other) = Setup("other-experiment");
        (exit, _, err) = Run(other, Path.Combine(dir2, "results"));
        Assert.Equal(1, exit);
        Assert.Contains("no runs of experiment 'other-experiment'", err);
        File.WriteAllText(Path.Combine(dir, "experiments", "papers", "sample.yaml"), "title: x\nresults:\n  - { backbone: r, attention: se, param_m: 1 }\n");
        (exit, _, err) = Run(matrix, Path.Combine(dir, "results"));
        Assert.Equal(2, exit);
        Assert.Contains("param_m: unknown field", err);
    }
}
