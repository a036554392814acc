using Ablation.Experiments.Training;
using Ablation.Harness.Runs;
using Ablation.Harness.Store;
using Ablation.Harness.Worker;
using Ablation.Reports.Schema;
using Microsoft.Data.Sqlite;
using Xunit;
using RunStatus = Ablation.Reports.Schema.RunStatus;

namespace Ablation.Harness.Tests;

/// <summary>
/// Schema version 2: the throughput's method and the load average beside it, migrated into old stores,
/// filled from the trainer's end-of-run benchmark by the worker, kept through result.json.
/// </summary>
public sealed class ThroughputRecordTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>The version-1 runs table as it was (DESIGN.md section 6), spelled out here, not taken from the code.</summary>
    private const string Version1 = """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version VALUES (1);
        CREATE TABLE runs (run_id TEXT PRIMARY KEY, experiment TEXT NOT NULL, backbone TEXT NOT NULL, attention TEXT NOT NULL,
            attention_options TEXT NOT NULL DEFAULT '{}', placement TEXT NOT NULL, dataset TEXT NOT NULL, seed INTEGER NOT NULL,
            recipe TEXT NOT NULL DEFAULT '{}', status TEXT NOT NULL, device TEXT, started_at TEXT, finished_at TEXT, error TEXT,
            params INTEGER, macs INTEGER, peak_mem_bytes INTEGER, train_img_s REAL, infer_img_s REAL, top1 REAL, top5 REAL,
            best_top1 REAL, epochs_done INTEGER NOT NULL DEFAULT 0, wall_s REAL, engine TEXT, code_version TEXT);
        CREATE TABLE epochs (run_id TEXT NOT NULL, epoch INTEGER NOT NULL, lr REAL, train_loss REAL, train_top1 REAL,
            test_loss REAL, test_top1 REAL, test_top5 REAL, seconds REAL, PRIMARY KEY (run_id, epoch));
        INSERT INTO runs (run_id, experiment, backbone, attention, placement, dataset, seed, status, train_img_s)
            VALUES ('old', 'exp', 'resnet20', 'none', 'block', 'synthetic', 0, 'done', 812.5);
        """;

    [Fact]
    public void A_version_1_store_is_migrated_and_its_rows_read_as_wall_time_throughput()
    {
        var path = _files.PathOf("v1.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = Version1;
            cmd.ExecuteNonQuery();
        }
        // The report reads a version-1 store as it is (no migration on read): the new fields are null.
        using (var reader = ResultsReader.Open(path))
        {
            Assert.Equal(1, reader.SchemaVersion);
            var old = Assert.Single(reader.LoadRuns("exp"));
            Assert.Null(old.LoadAvg);
            Assert.Equal(ThroughputMethods.Wall, ThroughputMethods.Of(old));
        }
        var spec = ResultStoreTests.Spec("exp", 1);
        using (var store = SqliteResultStore.Open(path))
        {
            store.Update(spec.RunId, _ => RunRecords.FromSpec(spec, RunStatus.Done) with
            {
                TrainImgS = 900, LoadAvg = 1.75, ThroughputMethod = ThroughputMethods.Bench, BenchBatch = 32, BenchSteps = 20, BenchThreads = 2,
            });
        }
        using (var reader = ResultsReader.Open(path))
        {
            Assert.Equal(2, reader.SchemaVersion);
            var runs = reader.LoadRuns("exp").ToDictionary(r => r.RunId);
            Assert.Equal(812.5, runs["old"].TrainImgS);
            Assert.Null(runs["old"].ThroughputMethod);
            var fresh = runs[spec.RunId];
            Assert.Equal((1.75, "bench", 32, 20, 2), (fresh.LoadAvg!.Value, fresh.ThroughputMethod!, fresh.BenchBatch!.Value, fresh.BenchSteps!.Value, fresh.BenchThreads!.Value));
        }
    }

    [Fact]
    public void The_worker_takes_the_benchmark_over_the_wall_time_figures()
    {
        var spec = ResultStoreTests.Spec("exp", 0);
        var wall = RunRecords.FromSpec(spec, RunStatus.Done) with { TrainImgS = 700, InferImgS = 2000, ThroughputMethod = ThroughputMethods.Wall, LoadAvg = 3.5 };
        var bench = WorkerHost.WithBenchmark(wall, new ThroughputBenchmark(TrainImgS: 910, InferImgS: double.NaN, Batch: 64, Steps: 30, WarmupSteps: 5, Threads: 2, LoadAvg: 0.25));
        Assert.Equal(910, bench.TrainImgS);
        Assert.Equal(2000, bench.InferImgS);                         // not measured by the benchmark: the wall figure stays
        Assert.Equal(ThroughputMethods.Bench, bench.ThroughputMethod);
        Assert.Equal(0.25, bench.LoadAvg);
        Assert.Equal((64, 30, 2), (bench.BenchBatch, bench.BenchSteps, bench.BenchThreads));

        // result.json keeps them: a store rebuilt from the run folder has the same row.
        var back = RunRecords.FromResult(spec, RunRecords.ResultJson(bench, []));
        Assert.Equal(bench, back);
    }

    [Theory]
    [InlineData("0.52 0.58 0.59 2/345 12345\n", 0.52, 0.58, 0.59)]
    [InlineData("12.00 8.50 4.25 7/1000 1", 12.0, 8.5, 4.25)]
    public void Load_average_parses_proc_loadavg(string text, double one, double five, double fifteen) =>
        Assert.Equal((one, five, fifteen), LoadAverage.Parse(text));

    [Fact]
    public void Load_average_refuses_other_text_and_reads_this_machine()
    {
        Assert.Null(LoadAverage.Parse("not a load"));
        Assert.Null(LoadAverage.Parse("1.0 -2 3"));
        if (File.Exists(LoadAverage.ProcFile)) Assert.True(LoadAverage.OneMinute() >= 0);
        else Assert.Null(LoadAverage.OneMinute());
    }
}
