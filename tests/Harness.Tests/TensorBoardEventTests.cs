using Ablation.Experiments.Training;
using Ablation.Harness.Runs;
using Ablation.Harness.Worker;
using Ablation.Reports.TensorBoard;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>
/// The event files a sweep's workers write, read back with the project's own reader (TFRecord framing and
/// masked CRC-32C checked by Ablation.Reports.TensorBoard, not by TorchSharp's writer), against the store:
/// one point per epoch for each series, the store's values, no point twice after a crash and a resume; and
/// the end-of-run benchmark's fields in the store.
/// </summary>
public sealed class TensorBoardEventTests
{
    private static readonly string[] EpochTags =
    [
        TensorBoardObserver.Tags.TrainLoss, TensorBoardObserver.Tags.TrainTop1, TensorBoardObserver.Tags.TestLoss,
        TensorBoardObserver.Tags.TestTop1, TensorBoardObserver.Tags.TestTop5, TensorBoardObserver.Tags.Lr,
        TensorBoardObserver.Tags.TrainImgS,
    ];

    [Fact]
    public void A_sweep_writes_one_point_per_epoch_per_series_with_the_stores_values_and_a_crashed_run_resumes_without_duplicates()
    {
        using var s = new Sweeps(epochs: 3);
        var env = new Dictionary<string, string>
        {
            // run 1 dies after epoch 2's checkpoint; its retry resumes at epoch 3 in a new event file
            [FaultInjection.Variable] = $"crash@2:{s.Id(1)}",
            [FaultInjection.OnceVariable] = "1",
            [TrainerRunTrainer.BenchStepsVariable] = "3",
        };
        var r = s.Run(TimeSpan.FromSeconds(600), env, "--retries", "1"); // generous: the shared machine runs at a load of 30+
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"resume {s.Id(1)[..8]} at epoch 3", r.Stdout);

        var experimentDir = Path.Combine(s.Results, s.Runs[0].Spec.Experiment);
        var logDirs = Directory.GetDirectories(Path.Combine(experimentDir, TensorBoardRunName.Folder)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, logDirs.Count); // one TensorBoard run per run of the sweep
        Assert.Equal($"resnet20_none_synthetic_s0__{s.Id(0)[..8]}", Path.GetFileName(logDirs.Single(d => d.EndsWith(s.Id(0)[..8]))));
        Assert.Matches(@"^resnet20_se\(.*\)@\w+_synthetic_s0__" + s.Id(1)[..8] + "$", Path.GetFileName(logDirs.Single(d => d.EndsWith(s.Id(1)[..8]))));

        for (int i = 0; i < 2; i++)
        {
            var spec = s.Runs[i].Spec;
            var dir = Path.Combine(experimentDir, TensorBoardRunName.Folder, TensorBoardRunName.Of(spec));
            var files = Directory.GetFiles(dir, TensorBoardObserver.EventFilePattern);
            Assert.Equal(i == 1 ? 2 : 1, files.Length); // the resumed run appended a second file
            foreach (var f in files) Assert.Equal("brain.Event:2", EventFileReader.FileVersion(f));

            var points = EventFileReader.ScalarsIn(dir);
            var stored = StoredEpochs(s, spec.RunId);
            Assert.Equal([1, 2, 3], stored.Keys.Order().ToArray());
            foreach (var tag in EpochTags)
                Assert.Equal([1L, 2L, 3L], points.Where(p => p.Tag == tag).Select(p => p.Step).ToArray());
            foreach (var p in points.Where(p => p.Tag != TensorBoardObserver.Tags.TrainImgS && !p.Tag.StartsWith("bench/")))
            {
                var row = stored[(int)p.Step];
                double expected = p.Tag switch
                {
                    "train/loss" => row.TrainLoss, "train/top1" => row.TrainTop1, "test/loss" => row.TestLoss,
                    "test/top1" => row.TestTop1, "test/top5" => row.TestTop5, "lr" => row.Lr,
                    _ => throw new Xunit.Sdk.XunitException($"unexpected tag {p.Tag}"),
                };
                Assert.True((float)expected == (float)p.Value, $"run {i} {p.Tag} epoch {p.Step}: event {p.Value}, store {expected}");
            }
            Assert.All(points.Where(p => p.Tag == TensorBoardObserver.Tags.TrainImgS), p => Assert.True(p.Value > 0));

            // The benchmark: one point each at the last epoch, the store's throughput with its method and context.
            var run = StoredRun(s, spec.RunId);
            Assert.Equal("bench", run.Method);
            Assert.Equal(16, run.Batch);
            Assert.Equal(3, run.Steps);
            Assert.Equal(2, run.Threads);
            Assert.NotNull(run.LoadAvg);
            Assert.True(run.LoadAvg >= 0);
            var benchTrain = Assert.Single(points, p => p.Tag == TensorBoardObserver.Tags.BenchTrainImgS);
            var benchInfer = Assert.Single(points, p => p.Tag == TensorBoardObserver.Tags.BenchInferImgS);
            Assert.Equal(3, benchTrain.Step);
            Assert.Equal((float)run.TrainImgS, (float)benchTrain.Value);
            Assert.Equal((float)run.InferImgS, (float)benchInfer.Value);

            // result.json (the source of truth the store is rebuilt from) carries the same fields.
            var result = new RunDirectory(s.RunDir(i)).ReadResult()!;
            Assert.Equal("bench", (string?)result["throughput_method"]);
            Assert.Equal(3, (int?)result["bench_steps"]);
        }
    }

    private sealed record EpochRow(double Lr, double TrainLoss, double TrainTop1, double TestLoss, double TestTop1, double TestTop5);

    private static Dictionary<int, EpochRow> StoredEpochs(Sweeps s, string runId)
    {
        using var c = Open(s);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT epoch, lr, train_loss, train_top1, test_loss, test_top1, test_top5 FROM epochs WHERE run_id = $id";
        cmd.Parameters.AddWithValue("$id", runId);
        var rows = new Dictionary<int, EpochRow>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            rows.Add(r.GetInt32(0), new EpochRow(r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5), r.GetDouble(6)));
        return rows;
    }

    private static (string? Method, int? Batch, int? Steps, int? Threads, double? LoadAvg, double TrainImgS, double InferImgS) StoredRun(Sweeps s, string runId)
    {
        using var c = Open(s);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT throughput_method, bench_batch, bench_steps, bench_threads, load_avg, train_img_s, infer_img_s FROM runs WHERE run_id = $id";
        cmd.Parameters.AddWithValue("$id", runId);
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read(), $"no row for {runId}");
        int? I(int k) => r.IsDBNull(k) ? null : r.GetInt32(k);
        return (r.IsDBNull(0) ? null : r.GetString(0), I(1), I(2), I(3), r.IsDBNull(4) ? null : r.GetDouble(4), r.GetDouble(5), r.GetDouble(6));
    }

    private static SqliteConnection Open(Sweeps s)
    {
        var c = new SqliteConnection($"Data Source={Path.Combine(s.Results, "ablation.db")};Pooling=False");
        c.Open();
        return c;
    }
}
