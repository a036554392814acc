using Ablation.Reports.Schema;

namespace Ablation.Reports.Aggregation;

/// <summary>
/// Groups runs into configurations (<see cref="ConfigurationKey"/>: every axis but the seed), describes
/// each measurement over the seeds of its <c>done</c> runs, and compares each configuration with its
/// baseline (<see cref="BaselineSpec"/>): cost deltas and Welch's t-tests of the final primary metric (top-1,
/// or mAP for a detector: <see cref="TaskMetrics"/>) and of the throughputs.
/// </summary>
public static class Aggregator
{
    public static IReadOnlyList<ConfigurationSummary> Summarize(
        IReadOnlyList<RunRecord> runs, IReadOnlyList<EpochRecord> epochs, BaselineSpec? baseline = null, double confidence = 0.95)
    {
        // A configuration whose runs recorded no task (pending, or failed before results) takes its neighbours' task.
        var taskOfDataset = runs.Where(r => r.Task is not null).GroupBy(r => (r.Experiment, r.Dataset))
            .ToDictionary(g => g.Key, g => TaskMetrics.Of(g.First()));
        var variants = Variants(runs, r => r.Task is not null ? TaskMetrics.Of(r) : taskOfDataset.GetValueOrDefault((r.Experiment, r.Dataset)) ?? TaskMetrics.Classification);
        var epochsByRun = epochs.GroupBy(e => e.RunId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Epoch).ToList());
        var summaries = runs
            .GroupBy(r => KeyOf(r, variants[r.RunId]))
            .Select(g => Summarize(g.Key, g.ToList(), epochsByRun,
                TaskMetrics.Of(g, taskOfDataset.GetValueOrDefault((g.Key.Experiment, g.Key.Dataset)))))
            .OrderBy(s => s.Key.Experiment, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Dataset, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Backbone, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Variant, StringComparer.Ordinal)
            .ThenBy(s => s.Key.IsBaselineAttention ? 0 : 1)
            .ThenBy(s => s.Key.Attention, StringComparer.Ordinal)
            .ThenBy(s => s.Key.AttentionOptions, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Placement, StringComparer.Ordinal)
            .ToList();
        if (baseline is null) return summaries;

        var result = new List<ConfigurationSummary>(summaries.Count);
        foreach (var s in summaries)
        {
            if (baseline.Matches(s.Key))
            {
                result.Add(s with { IsBaseline = true });
                continue;
            }
            var b = FindBaseline(s, summaries, baseline);
            result.Add(b is null ? s : s with { Delta = DeltaOf(s, b, confidence) });
        }
        return result;
    }

    public static ConfigurationKey KeyOf(RunRecord r, string variant = "") =>
        new(r.Experiment, r.Backbone, r.Attention, OptionsText.Canonical(r.AttentionOptions), r.Placement, r.Dataset, variant);

    /// <summary>
    /// Per run, the recipe fields whose values differ between runs of the same experiment and task, as text. A
    /// classifier's and a detector's recipes differ in kind, not as an ablation variant, so tasks are apart.
    /// </summary>
    private static Dictionary<string, string> Variants(IReadOnlyList<RunRecord> runs, Func<RunRecord, TaskMetrics> task)
    {
        var result = new Dictionary<string, string>();
        foreach (var experiment in runs.GroupBy(r => (r.Experiment, task(r))))
        {
            var recipes = experiment.ToDictionary(r => r.RunId, r => OptionsText.Parse(r.Recipe));
            var keys = recipes.Values.SelectMany(d => d.Keys).Distinct()
                .Where(k => recipes.Values.Select(d => d.GetValueOrDefault(k, "")).Distinct().Count() > 1)
                .ToHashSet();
            foreach (var (id, recipe) in recipes)
                result[id] = OptionsText.Format(keys.Select(k => KeyValuePair.Create(k, recipe.GetValueOrDefault(k, "-"))));
        }
        return result;
    }

    private static ConfigurationSummary Summarize(ConfigurationKey key, List<RunRecord> runs, Dictionary<string, List<EpochRecord>> epochs,
        TaskMetrics metrics)
    {
        var done = runs.Where(r => r.Status == RunStatus.Done).OrderBy(r => r.Seed).ToList();
        List<EpochRecord> EpochsOf(RunRecord r) => epochs.GetValueOrDefault(r.RunId) ?? [];
        double? BestTop1(RunRecord r) => r.BestTop1 ?? EpochsOf(r).Select(e => e.TestTop1).Max();
        double? BestTop5(RunRecord r) => EpochsOf(r).Select(e => e.TestTop5).Max() ?? r.Top5;
        double? BestMap(RunRecord r) => EpochsOf(r).Select(e => e.Map).Max() ?? r.Map;   // stores before version 4: the final mAP
        double? EpochPrimary(EpochRecord e) => metrics.IsDetection ? e.Map : e.TestTop1;

        var curve = done.SelectMany(EpochsOf).GroupBy(e => e.Epoch).OrderBy(g => g.Key)
            .Select(g => new CurvePoint(g.Key, Statistic.Of(g.Select(EpochPrimary)), Statistic.Of(g.Select(e => e.TrainLoss))))
            .Where(p => p.Primary.N > 0 || p.TrainLoss.N > 0)
            .ToList();

        return new ConfigurationSummary(key,
            Runs: runs.Count,
            Done: done.Count,
            Failed: runs.Count(r => r.Status == RunStatus.Failed),
            Seeds: done.Select(r => r.Seed).ToList(),
            Top1: Statistic.Of(done.Select(r => r.Top1)),
            Top5: Statistic.Of(done.Select(r => r.Top5)),
            BestTop1: Statistic.Of(done.Select(BestTop1)),
            BestTop5: Statistic.Of(done.Select(BestTop5)),
            Params: Statistic.Of(done.Select(r => (double?)r.Params)),
            Macs: Statistic.Of(done.Select(r => (double?)r.Macs)),
            TrainImgS: Statistic.Of(done.Select(r => r.TrainImgS)),
            InferImgS: Statistic.Of(done.Select(r => r.InferImgS)),
            PeakMemBytes: Statistic.Of(done.Select(r => (double?)r.PeakMemBytes)),
            WallS: Statistic.Of(done.Select(r => r.WallS)),
            CodeVersions: runs.Select(r => r.CodeVersion).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList(),
            Devices: runs.Select(r => r.Device).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList(),
            DoneRuns: done)
        {
            Curve = curve,
            Metrics = metrics,
            Map = Statistic.Of(done.Select(r => r.Map)),
            Map50 = Statistic.Of(done.Select(r => r.Map50)),
            Map75 = Statistic.Of(done.Select(r => r.Map75)),
            BestMap = Statistic.Of(done.Select(BestMap)),
            PerClassAp = ClassAps.Over(done.Select(r => r.PerClassAp)),
            LoadAvg = Statistic.Of(done.Select(r => r.LoadAvg)),
            ThroughputMethods = done.Select(ThroughputMethods.Of).Where(m => m.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>
    /// The baseline of <paramref name="key"/>: the configuration with the baseline's fields and this key's
    /// other axes, of the same task. Placement is relaxed for a baseline without attention (it has no placement: the harness
    /// collapses it to one run per backbone, dataset and seed); the same placement is preferred.
    /// </summary>
    private static ConfigurationSummary? FindBaseline(ConfigurationSummary of, IReadOnlyList<ConfigurationSummary> all, BaselineSpec baseline)
    {
        var (key, task) = (of.Key, of.Metrics);   // a baseline measures the same metric (top-1 or mAP)
        var candidates = all.Where(c => baseline.Matches(c.Key) && c.Key.Group == key.Group && c.Metrics == task &&
                                        (baseline.Fields.ContainsKey("backbone") || c.Key.Backbone == key.Backbone) &&
                                        (baseline.Fields.ContainsKey("dataset") || c.Key.Dataset == key.Dataset) &&
                                        (baseline.Fields.ContainsKey("placement") || c.Key.Placement == key.Placement || c.Key.IsBaselineAttention))
            .OrderBy(c => c.Key.Placement == key.Placement ? 0 : 1)
            .ToList();
        // A baseline that names a backbone or dataset compares across groups.
        if (candidates.Count == 0 && (baseline.Fields.ContainsKey("backbone") || baseline.Fields.ContainsKey("dataset")))
            candidates = all.Where(c => baseline.Matches(c.Key) && c.Key.Experiment == key.Experiment && c.Key.Variant == key.Variant && c.Metrics == task &&
                                        (baseline.Fields.ContainsKey("backbone") || c.Key.Backbone == key.Backbone) &&
                                        (baseline.Fields.ContainsKey("dataset") || c.Key.Dataset == key.Dataset)).ToList();
        return candidates.FirstOrDefault();
    }

    private static BaselineDelta DeltaOf(ConfigurationSummary s, ConfigurationSummary b, double confidence) => new(
        b.Key,
        ParamsK: (s.Params.Mean - b.Params.Mean) / 1e3,
        MacsM: (s.Macs.Mean - b.Macs.Mean) / 1e6,
        TrainTimePct: (b.TrainImgS.Mean / s.TrainImgS.Mean - 1) * 100,
        InferTimePct: (b.InferImgS.Mean / s.InferImgS.Mean - 1) * 100,
        PeakMemPct: (s.PeakMemBytes.Mean / b.PeakMemBytes.Mean - 1) * 100,
        PrimaryPp: (s.Primary.Mean - b.Primary.Mean) * 100,
        BestPrimaryPp: (s.BestPrimary.Mean - b.BestPrimary.Mean) * 100,
        PrimaryTest: WelchTest.Of(s.Primary.Scale(100), b.Primary.Scale(100), confidence))
    {
        TrainThroughputTest = WelchTest.Of(s.TrainImgS, b.TrainImgS, confidence),
        InferThroughputTest = WelchTest.Of(s.InferImgS, b.InferImgS, confidence),
    };
}
