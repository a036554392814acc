using Ablation.Reports.Aggregation;

namespace Ablation.Reports.Papers;

/// <summary>
/// One published row against the measured configuration it describes: the primary metric (top-1, or a detector's
/// mAP@0.5:0.95, and its mAP50; percent), params (M) and MACs (G), published vs measured, the difference, and whether
/// each reproduces within the file's tolerance. <see cref="Measured"/> is null when no configuration of the report
/// matches the row.
/// </summary>
public sealed record PaperComparison(PaperEntry Published, ConfigurationSummary? Measured, PaperTolerance Tolerance)
{
    /// <summary>The row's metric: detection when it publishes mAP or its configuration is a detector's.</summary>
    public TaskMetrics Metrics => Published.IsDetection || Measured?.Metrics.IsDetection == true ? TaskMetrics.Detection : TaskMetrics.Classification;

    /// <summary>The published primary metric: top-1, or mAP@0.5:0.95 for a detection row.</summary>
    public PublishedNumber? PublishedPrimary => Metrics.IsDetection ? Published.Map : Published.Top1;

    public double MeasuredPrimaryPct => Measured?.Primary.Mean * 100 ?? double.NaN;
    public double MeasuredMap50Pct => Measured?.Map50.Mean * 100 ?? double.NaN;
    public double MeasuredParamsM => Measured?.Params.Mean / 1e6 ?? double.NaN;
    public double MeasuredGMacs => Measured?.Macs.Mean / 1e9 ?? double.NaN;

    public double PrimaryDiffPp => PublishedPrimary is { } p ? MeasuredPrimaryPct - p.Value : double.NaN;
    public double Map50DiffPp => Published.Map50 is { } p ? MeasuredMap50Pct - p.Value : double.NaN;
    public double ParamsDiffPct => Published.ParamsM is { } p ? p.RelativeDifference(MeasuredParamsM) * 100 : double.NaN;
    public double MacsDiffPct => Published.GMacs is { } p ? p.RelativeDifference(MeasuredGMacs) * 100 : double.NaN;

    /// <summary>Within <see cref="PaperTolerance.Top1Pp"/> (<see cref="PaperTolerance.MapPp"/> for mAP); null when there is nothing to compare (not published, or not measured).</summary>
    public bool? PrimaryReproduced => PublishedPrimary is null || !double.IsFinite(MeasuredPrimaryPct) ? null
        : Math.Abs(PrimaryDiffPp) <= (Metrics.IsDetection ? Tolerance.MapPp : Tolerance.Top1Pp) + 1e-9;

    public bool? Map50Reproduced => Published.Map50 is null || !double.IsFinite(MeasuredMap50Pct) ? null
        : Math.Abs(Map50DiffPp) <= Tolerance.MapPp + 1e-9;

    /// <summary>Reproduced when the measurement rounds to the printed digits, or is within the relative tolerance.</summary>
    public bool? ParamsReproduced => Published.ParamsM is not { } p || !double.IsFinite(MeasuredParamsM) ? null
        : p.MatchesRounded(MeasuredParamsM) || Math.Abs(p.RelativeDifference(MeasuredParamsM)) <= Tolerance.ParamsRel + 1e-12;

    public bool? MacsReproduced => Published.GMacs is not { } p || !double.IsFinite(MeasuredGMacs) ? null
        : p.MatchesRounded(MeasuredGMacs) || Math.Abs(p.RelativeDifference(MeasuredGMacs)) <= Tolerance.MacsRel + 1e-12;

    /// <summary>
    /// Pairs every published row with the matching configurations (backbone, attention name, the options the
    /// row names, and placement/dataset when the row or file gives them); a row without a match is kept
    /// with <see cref="Measured"/> null.
    /// </summary>
    /// <param name="attentionDefaults">Each module's option defaults (name -> option -> value), so a run that did not
    /// write an option matches a row that names its default; without it, an option a run did not write matches any value.</param>
    public static IReadOnlyList<PaperComparison> Match(PaperTable table, IReadOnlyList<ConfigurationSummary> summaries,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? attentionDefaults = null)
    {
        var result = new List<PaperComparison>();
        foreach (var entry in table.Results)
        {
            var dataset = table.DatasetOf(entry);
            var matches = summaries.Where(s =>
                s.Key.Backbone == entry.Backbone && s.Key.Attention == entry.Attention &&
                (entry.Placement is null || entry.Attention == "none" || s.Key.Placement == entry.Placement) &&
                (dataset is null || s.Key.Dataset == dataset) &&
                OptionsInclude(s.Key.AttentionOptions, entry.AttentionOptions, attentionDefaults?.GetValueOrDefault(entry.Attention))).ToList();
            if (matches.Count == 0) result.Add(new PaperComparison(entry, null, table.Tolerance));
            else result.AddRange(matches.Select(m => new PaperComparison(entry, m, table.Tolerance)));
        }
        return result;
    }

    private static bool OptionsInclude(string canonical, IReadOnlyDictionary<string, string> wanted, IReadOnlyDictionary<string, string>? defaults)
    {
        if (wanted.Count == 0) return true;
        var have = SplitOptions(canonical);
        return wanted.All(kv =>
            have.TryGetValue(kv.Key, out var v) ? Same(v, kv.Value)
            : defaults is null || !defaults.TryGetValue(kv.Key, out var d) || Same(d, kv.Value));
    }

    private static bool Same(string a, string b) => AttentionDefaults.SameValue(a, b);

    /// <summary>Splits canonical options text (<c>pool=[avg,max],reduction=16</c>) at the commas outside brackets.</summary>
    public static Dictionary<string, string> SplitOptions(string canonical)
    {
        var result = new Dictionary<string, string>();
        int depth = 0, start = 0;
        for (int i = 0; i <= canonical.Length; i++)
        {
            if (i < canonical.Length && canonical[i] == '[') depth++;
            else if (i < canonical.Length && canonical[i] == ']') depth--;
            else if (i == canonical.Length || (canonical[i] == ',' && depth == 0))
            {
                var part = canonical[start..i];
                int eq = part.IndexOf('=');
                if (eq > 0) result[part[..eq]] = part[(eq + 1)..];
                start = i + 1;
            }
        }
        return result;
    }
}
