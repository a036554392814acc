using System.Globalization;
using Ablation.Bench.Attention;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

// Attention micro-benchmarks (issue 8). Usage:
//   dotnet run -c Release --project bench/Attention -- [--batch N] [--threads N] [--out DIR] [--filter ATTENTION,...] [--dry]
// Exports CSV and GitHub Markdown to DIR/results/ (default results/bench/results/); `ablate report` includes the newest.
const string usage = "usage: Ablation.Bench.Attention [--batch N] [--threads N] [--out DIR] [--filter se,cbam,...] [--dry]";
string outDir = Path.Combine("results", "bench");
string[]? only = null;
bool dry = false;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value\n{usage}");
    int Positive(string name) => int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
        ? n : throw new ArgumentException($"{name}: must be a positive integer");
    try
    {
        switch (args[i])
        {
            case "--batch": AttentionBenchmarks.Batch = Positive("--batch"); break;
            case "--threads": AttentionBenchmarks.Threads = Positive("--threads"); break;
            case "--out": outDir = Next(); break;
            case "--filter": only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
            case "--dry": dry = true; break;
            default: throw new ArgumentException($"unknown option {args[i]}\n{usage}");
        }
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
}

// In-process: no generated project to rebuild, the static settings above apply, and the native library is
// found the usual way (TorchSharp copies libtorch next to the assembly). Short iterations keep 9 modules x 4 stages x 2 methods to a few minutes on 2 cores.
var job = (dry ? Job.Dry : Job.Default.WithWarmupCount(2).WithIterationCount(6).WithIterationTime(TimeInterval.FromMilliseconds(150)))
    .WithToolchain(InProcessEmitToolchain.Instance).WithId($"batch{AttentionBenchmarks.Batch}-threads{AttentionBenchmarks.Threads}");
// Files for machines and people: invariant numbers without thousands separators, milliseconds, units in headers.
var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
culture.NumberFormat.NumberGroupSeparator = "";
var style = new BenchmarkDotNet.Reports.SummaryStyle(culture, printUnitsInHeader: true, sizeUnit: null,
    timeUnit: Perfolizer.Horology.TimeUnit.Millisecond, printUnitsInContent: false);
var config = ManualConfig.CreateEmpty()
    .WithSummaryStyle(style)
    .AddJob(job)
    .AddColumnProvider(DefaultColumnProviders.Instance)
    .AddColumn(new RatioToNoneColumn())
    .AddExporter(new CsvExporter(CsvSeparator.Comma, style), MarkdownExporter.GitHub)
    .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
    .WithArtifactsPath(Path.GetFullPath(outDir))
    .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared))
    .HideColumns(Column.Error, Column.Median, Column.Job);
if (only is not null)
    config = config.AddFilter(new BenchmarkDotNet.Filters.SimpleFilter(c =>
        (string)c.Parameters["Attention"] == "none" || only.Contains((string)c.Parameters["Attention"])));
var summary = BenchmarkRunner.Run<AttentionBenchmarks>(config);
return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
