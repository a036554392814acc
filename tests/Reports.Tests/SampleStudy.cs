using Ablation.Reports.Schema;

namespace Ablation.Reports.Tests;

/// <summary>
/// A small ablation with known numbers: resnet20 on cifar10 with none, se and cbam at block and bam at
/// stage, three seeds each (cbam: one seed, to exercise n &lt; 2), one failed run, two epochs per run.
/// Top-1 of se vs none are the "three_seeds" case of Fixtures/welch.json (scipy reference values).
/// </summary>
internal static class SampleStudy
{
    public const string Experiment = "sample";

    public static readonly double[] NoneTop1 = [0.7510, 0.7542, 0.7495];
    public static readonly double[] SeTop1 = [0.7612, 0.7580, 0.7645];
    public static readonly double[] BamTop1 = [0.7000, 0.7150, 0.6920];

    public const long NoneParams = 272_474, SeParams = 274_490, CbamParams = 274_984, BamParams = 273_000;
    public const long NoneMacs = 40_813_184, SeMacs = 40_880_000, CbamMacs = 41_100_000, BamMacs = 41_000_000;

    public static (List<RunRecord> Runs, List<EpochRecord> Epochs) Build()
    {
        var runs = new List<RunRecord>();
        var epochs = new List<EpochRecord>();
        void Add(string attention, string placement, long seed, double top1, long parameters, long macs, double trainImgS, string options = "{}")
        {
            var id = $"{attention}-{placement}-{seed}";
            runs.Add(new RunRecord(id, Experiment, "resnet20", attention, options, placement, "cifar10", seed,
                "{\"epochs\":2,\"lr\":0.1}", RunStatus.Done, Device: "cpu", Params: parameters, Macs: macs,
                PeakMemBytes: 100_000_000 + parameters, TrainImgS: trainImgS + seed, InferImgS: 4 * trainImgS + seed,
                Top1: top1, Top5: Math.Min(1, top1 + 0.2), BestTop1: top1 + 0.005, EpochsDone: 2, WallS: 60 + seed,
                Engine: "libtorch 1.13.1 (cpu)", CodeVersion: "c0ffee1",
                StartedAt: new DateTimeOffset(2026, 11, 1, 0, 0, (int)seed, TimeSpan.Zero)));
            epochs.Add(new EpochRecord(id, 1, 0.1, 1.5, 0.45, 1.2, top1 - 0.1, top1 + 0.05, 30));
            epochs.Add(new EpochRecord(id, 2, 0.0, 1.0, 0.6, 0.9, top1, Math.Min(1, top1 + 0.2), 30));
        }
        for (int s = 0; s < 3; s++)
        {
            Add("none", "block", s, NoneTop1[s], NoneParams, NoneMacs, 1000);
            Add("se", "block", s, SeTop1[s], SeParams, SeMacs, 900, "{\"reduction\":16}");
            Add("bam", "stage", s, BamTop1[s], BamParams, BamMacs, 950);
        }
        Add("cbam", "block", 0, 0.7700, CbamParams, CbamMacs, 800);
        runs.Add(new RunRecord("cbam-block-1", Experiment, "resnet20", "cbam", "{}", "block", "cifar10", 1, "{\"epochs\":2,\"lr\":0.1}",
            RunStatus.Failed, Device: "cpu", Error: "loss is NaN at epoch 1, step 3", CodeVersion: "c0ffee1"));
        return (runs, epochs);
    }

    public static string WriteStore(string dir)
    {
        var path = Path.Combine(dir, "ablation.db");
        var (runs, epochs) = Build();
        TestStore.Write(path, runs, epochs);
        return path;
    }
}
