using System.CommandLine;
using Ablation.Harness.Spec;
using Ablation.Reports;
using Ablation.Reports.Aggregation;
using Ablation.Reports.Charts;
using Ablation.Reports.Output;
using Ablation.Reports.Papers;
using Ablation.Reports.Schema;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate report &lt;matrix.yaml&gt; [--out DIR]`: aggregates the matrix's runs from the store and writes
/// summary.csv, runs.csv, table.md, table.tex, report.html and figures/&lt;name&gt;.png|svg (PNG at --dpi,
/// default 150) (DESIGN.md section 5). Needs no libtorch.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var matrix = new Argument<string>("matrix") { Description = "the experiment matrix (YAML): its name, baseline and paper are used" };
        var results = new Option<string>("--results") { Description = "results directory: the store is DIR/ablation.db", DefaultValueFactory = _ => "results" };
        var store = new Option<string?>("--store") { Description = "the SQLite store to read (overrides --results for the store)" };
        var output = new Option<string?>("--out") { Description = "where to write the files (default: <results>/<experiment>/report)" };
        var bench = new Option<string?>("--bench") { Description = "folder with the attention micro-benchmark export (default: <results>/bench)" };
        var dpi = new Option<int>("--dpi")
        {
            Description = $"resolution of the PNG figures in dots per inch ({ChartImage.MinDpi} to {ChartImage.MaxDpi}); the SVGs are vector",
            DefaultValueFactory = _ => ChartImage.DefaultDpi,
        };
        var command = new Command("report", "Tables, CSV files, charts and the HTML report of a matrix's runs") { matrix, results, store, output, bench, dpi };
        command.SetAction(p =>
        {
            return Run(p.GetValue(matrix), p.GetValue(results)!, p.GetValue(store),
                p.GetValue(output), p.GetValue(bench), Console.Out, Console.Error, p.GetValue(dpi));
        });
        return command;
    }

    /// <summary>Each attention module's option defaults (from the registry): labels keep only what differs, and published rows match runs.</summary>
    public static AttentionDefaults RegistryDefaults() => new(
        Ablation.Experiments.Attention.AttentionRegistry.All.ToDictionary(a => a.Name,
            a => (IReadOnlyDictionary<string, string>)a.Options.ToDictionary(o => o.Name, o => o.Default)));

    /// <summary>
    /// The matrix's baseline as the axis values a report groups by: backbone, attention (with its options),
    /// placement, dataset (by name). Seeds and recipe fields do not select a baseline configuration.
    /// </summary>
    public static BaselineSpec BaselineOf(IReadOnlyDictionary<string, AxisValue> baseline)
    {
        var fields = new Dictionary<string, string>();
        foreach (var (axis, value) in baseline)
            switch (value.Value)
            {
                case AttentionChoice a:
                    fields["attention"] = a.Name;
                    if (a.Options.Count > 0) fields["attention_options"] = OptionsText.Format(a.Options);
                    break;
                case DatasetChoice d:
                    fields["dataset"] = d.Name;
                    break;
                case string s when axis is AxisNames.Backbone or AxisNames.Placement:
                    fields[axis] = s;
                    break;
            }
        return new BaselineSpec(fields);
    }

    public static int Run(string matrixPath, string resultsDir, string? storePath, string? outDir, string? benchDir, TextWriter stdout, TextWriter stderr,
        int dpi = ChartImage.DefaultDpi)
    {
        if (dpi < ChartImage.MinDpi || dpi > ChartImage.MaxDpi)
        {
            stderr.WriteLine($"--dpi {dpi}: allowed: {ChartImage.MinDpi} to {ChartImage.MaxDpi} dots per inch");
            return AblateCli.BadInput;
        }
        MatrixSpec spec;
        PaperTable? paper = null;
        try
        {
            spec = MatrixLoader.Load(matrixPath);
            if (spec.Paper is { } paperPath) paper = PaperTableLoader.Load(paperPath);
        }
        catch (SpecException e)
        {
            foreach (var error in e.Errors) stderr.WriteLine(error);
            return AblateCli.BadInput;
        }
        catch (PaperFormatException e)
        {
            stderr.WriteLine(e.Message);
            return AblateCli.BadInput;
        }
        var header = (spec.Name, Baseline: spec.Baseline.Count == 0 ? null : BaselineOf(spec.Baseline));

        var dbPath = storePath ?? Path.Combine(resultsDir, "ablation.db");
        if (dbPath.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            stderr.WriteLine($"--store {dbPath}: report reads SQLite stores; export the PostgreSQL store to SQLite first");
            return AblateCli.BadInput;
        }
        IReadOnlyList<RunRecord> runs;
        IReadOnlyList<EpochRecord> epochs;
        try
        {
            using var reader = ResultsReader.Open(dbPath);
            runs = reader.LoadRuns(header.Name);
            epochs = reader.LoadEpochs(header.Name);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            stderr.WriteLine(e.Message);
            return AblateCli.BadInput;
        }
        if (runs.Count == 0)
        {
            stderr.WriteLine($"{dbPath}: no runs of experiment '{header.Name}' (from {matrixPath}); run `ablate run {matrixPath}` first");
            return AblateCli.Failed;
        }

        var benchmarks = BenchmarkExport.FindLatest(benchDir ?? Path.Combine(resultsDir, "bench"));
        var report = Report.Build(header.Name, runs, epochs, header.Baseline, paper, benchmarks, attentionDefaults: RegistryDefaults());
        var dir = outDir ?? Path.Combine(resultsDir, header.Name, "report");
        var files = ReportWriter.Write(report, dir, dpi);

        int done = runs.Count(r => r.Status == RunStatus.Done), failed = runs.Count(r => r.Status == RunStatus.Failed);
        stdout.WriteLine($"{header.Name}: {runs.Count} runs ({done} done, {failed} failed, {runs.Count - done - failed} other), " +
                         $"{report.Configurations.Count} configurations" +
                         (paper is null ? "" : $", {report.PaperComparisons.Count(c => c.Measured is not null)} of {paper.Results.Count} published rows matched") +
                         (benchmarks is null ? "" : $", micro-benchmarks from {benchmarks.Path}"));
        foreach (var f in files.Take(ReportWriter.FileNames.Length)) stdout.WriteLine($"  {f}");   // then the figures, in one line
        int figures = files.Count(f => f.EndsWith(".png", StringComparison.Ordinal));
        if (figures > 0)
            stdout.WriteLine($"  {Path.Combine(dir, ReportFigures.Folder)}{Path.DirectorySeparatorChar}: {figures} figures, PNG at {dpi} dpi and SVG");
        return AblateCli.Ok;
    }
}
