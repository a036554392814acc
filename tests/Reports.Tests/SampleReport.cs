using Ablation.Reports.Aggregation;
using Ablation.Reports.Papers;

namespace Ablation.Reports.Tests;

/// <summary>The sample study's report with a small published table, written once per test run into a temp folder.</summary>
internal static class SampleReport
{
    public const string PaperYaml = """
        title: "Sample paper"
        citation: "Doe et al., 2026"
        table: "Table 2"
        dataset: cifar10
        tolerance: { top1_pp: 0.5, params_rel: 0.001, macs_rel: 0.001 }
        results:
          - { backbone: resnet20, attention: none, params_m: 0.27, gmacs: 0.0408, top1: 75.2 }
          - { backbone: resnet20, attention: { name: se, reduction: 16 }, placement: block, params_m: 0.30, gmacs: 0.0409, top1_err: 22.0 }
          - { backbone: resnet56, attention: se, params_m: 0.86, gmacs: 0.126 }
        """;

    private static readonly Lazy<(Report Report, string Dir)> Lazy = new(() =>
    {
        var (runs, epochs) = SampleStudy.Build();
        var paper = PaperTableLoader.Parse(new StringReader(PaperYaml), "papers/sample.yaml");
        var report = Report.Build("Sample ablation", runs, epochs, BaselineSpec.NoAttention, paper,
            generatedAt: new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero));
        var dir = TestStore.NewDirectory();
        ReportWriter.Write(report, dir);
        return (report, dir);
    });

    public static Report Report => Lazy.Value.Report;
    public static string Dir => Lazy.Value.Dir;
    public static string File(string name) => Path.Combine(Dir, name);
}
