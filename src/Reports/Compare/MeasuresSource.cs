using Ablation.Reports.Aggregation;
using Ablation.Reports.Output;
using Ablation.Reports.Schema;

namespace Ablation.Reports.Compare;

/// <summary>
/// Loads one side of a comparison: a results directory (its <c>ablation.db</c>, else its <c>summary.csv</c>),
/// a SQLite store file, or a summary.csv file. Throws <see cref="ArgumentException"/> with one line naming the
/// path and what is accepted.
/// </summary>
public static class MeasuresSource
{
    /// <param name="attentionDefaults">When given, options equal to their defaults are dropped from stores' keys, as
    /// `ablate report` does, so a store compares with a summary.csv written by the report.</param>
    public static IReadOnlyList<ConfigurationMeasures> Load(string path, string? experiment = null, AttentionDefaults? attentionDefaults = null)
    {
        if (Directory.Exists(path))
        {
            var db = Path.Combine(path, "ablation.db");
            if (File.Exists(db)) return FromStore(db, experiment, attentionDefaults);
            var csv = Path.Combine(path, "summary.csv");
            if (File.Exists(csv)) return FromCsv(csv, experiment, attentionDefaults);
            throw new ArgumentException($"{path}: neither ablation.db nor summary.csv in this directory");
        }
        if (!File.Exists(path)) throw new ArgumentException($"{path}: no such file or directory (a results directory, an ablation.db or a summary.csv)");
        return path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? FromCsv(path, experiment, attentionDefaults) : FromStore(path, experiment, attentionDefaults);
    }

    private static IReadOnlyList<ConfigurationMeasures> FromCsv(string path, string? experiment, AttentionDefaults? attentionDefaults)
    {
        try
        {
            return SummaryCsv.Read(path).Where(m => experiment is null || m.Key.Experiment == experiment)
                .Select(m => attentionDefaults is null ? m
                    : m with { Key = m.Key with { AttentionOptions = attentionDefaults.StripDefaultsFromText(m.Key.Attention, m.Key.AttentionOptions) } })
                .ToList();
        }
        catch (Exception e) when (e is InvalidDataException or CsvHelper.CsvHelperException)
        {
            throw new ArgumentException(e.Message.Split('\n')[0], e);
        }
    }

    private static IReadOnlyList<ConfigurationMeasures> FromStore(string path, string? experiment, AttentionDefaults? attentionDefaults)
    {
        try
        {
            using var reader = ResultsReader.Open(path);
            var runs = reader.LoadRuns(experiment);
            if (attentionDefaults is not null) runs = attentionDefaults.StripDefaults(runs);
            return Aggregator.Summarize(runs, []).Select(ConfigurationMeasures.FromSummary).ToList();
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }
}
