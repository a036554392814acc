using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ablation.Harness.Runs;
using Ablation.Harness.Store;
using Ablation.Reports.Schema;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>The SQLite store: versioning, refusal of newer stores, concurrent writer processes, rebuild from run folders.</summary>
public sealed class ResultStoreTests : IDisposable
{
    private readonly TestFiles _files = new();

    internal static RunSpec Spec(string experiment, long seed) => new(
        experiment, "resnet20", "se", new SortedDictionary<string, string> { ["reduction"] = "16" }, "block", null, null, 1.0,
        "synthetic", new SortedDictionary<string, string> { ["train"] = "64" }, seed,
        new SortedDictionary<string, JsonNode> { ["epochs"] = 5, ["lr"] = 0.1 });

    /// <summary>A finished run's folder: run.json, one metrics line per epoch, result.json.</summary>
    internal static RunDirectory WriteRunFolder(string resultsDir, RunSpec spec, int epochs, bool finished)
    {
        var dir = RunDirectory.For(resultsDir, spec);
        dir.WriteSpec(spec);
        var records = Enumerable.Range(1, epochs).Select(e => new EpochRecord(spec.RunId, e, 0.1, 2.0 / e, 0.1 * e, 2.1 / e, 0.09 * e, 0.5, 1.5)).ToList();
        foreach (var r in records) dir.AppendMetrics(RunRecords.EpochJson(r));
        if (finished)
            dir.WriteResult(RunRecords.ResultJson(RunRecords.FromSpec(spec, RunStatus.Done) with
            {
                Top1 = records[^1].TestTop1, EpochsDone = epochs, Device = "cpu", CodeVersion = "test", Params = 1234, Macs = 5678,
            }, records));
        return dir;
    }

    [Fact]
    public void A_new_store_gets_the_current_schema_and_writes_are_upserts()
    {
        var path = _files.PathOf("a.db");
        var spec = Spec("exp", 0);
        using (var store = SqliteResultStore.Open(path))
        {
            store.Update(spec.RunId, _ => RunRecords.FromSpec(spec, RunStatus.Pending));
            var epoch = new EpochRecord(spec.RunId, 1, 0.1, 1.0, 0.5, 1.1, 0.4, 0.9, 2.0);
            store.Update(spec.RunId, r => r! with { Status = RunStatus.Running }, [epoch]);
            store.Update(spec.RunId, r => r! with { EpochsDone = 1 }, [epoch with { TrainLoss = 0.9 }]);   // a redone epoch
            Assert.Equal(RunStatus.Running, store.GetRun(spec.RunId)!.Status);
            var e = Assert.Single(store.Epochs(spec.RunId));
            Assert.Equal(0.9, e.TrainLoss);
        }
        using var reader = ResultsReader.Open(path);
        Assert.Equal(ResultsSchema.CurrentVersion, reader.SchemaVersion);
        Assert.Single(reader.LoadRuns("exp"));
    }

    [Fact]
    public void A_store_of_a_newer_schema_is_refused_and_left_untouched()
    {
        var path = _files.PathOf("newer.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = ResultsSchema.InitializeSql + $"UPDATE schema_version SET version = {ResultsSchema.CurrentVersion + 1};";
            cmd.ExecuteNonQuery();
        }
        var before = SHA256.HashData(File.ReadAllBytes(path));
        var e = Assert.Throws<StoreVersionException>(() => SqliteResultStore.Open(path));
        Assert.Contains($"schema version {ResultsSchema.CurrentVersion + 1} is newer than this ablate writes ({ResultsSchema.CurrentVersion})", e.Message);
        Assert.Contains("nothing was written", e.Message);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));

        // Through the CLI: one line, exit code 2.
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(60), "store", "rebuild", "--results", _files.PathOf("none"), "--store", path);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("is newer than this ablate writes", r.Stderr);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public void A_foreign_database_is_refused()
    {
        var path = _files.PathOf("foreign.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE customers (id INTEGER);";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<StoreVersionException>(() => SqliteResultStore.Open(path));
        Assert.Contains("not an Ablation results store", e.Message);
    }

    [Fact]
    public void Rebuild_recreates_rows_from_run_folders_exactly_once()
    {
        var results = _files.PathOf("results");
        var done = WriteRunFolder(results, Spec("exp", 1), 3, finished: true);
        var cut = WriteRunFolder(results, Spec("exp", 2), 2, finished: false);
        // The kill of a resumed run: epoch 2 appended twice, and a torn last line.
        cut.AppendMetrics(RunRecords.EpochJson(new EpochRecord(Spec("exp", 2).RunId, 2, 0.1, 0.7, 0.3, 0.8, 0.35, 0.9, 1.0)));
        File.AppendAllText(cut.MetricsFile, "{\"epoch\":3,\"lr\":0.1,\"train_lo");
        using var store = SqliteResultStore.Open(_files.PathOf("rebuilt.db"));
        Assert.Equal(2, StoreRebuilder.Rebuild(results, store));
        Assert.Equal(2, StoreRebuilder.Rebuild(results, store));   // twice: still one row per run and epoch
        var rows = store.Runs("exp");
        Assert.Equal(RunStatus.Done, rows[Spec("exp", 1).RunId].Status);
        Assert.Equal(3, store.Epochs(Spec("exp", 1).RunId).Count);
        var interrupted = rows[Spec("exp", 2).RunId];
        Assert.Equal(RunStatus.Interrupted, interrupted.Status);
        Assert.Equal(2, interrupted.EpochsDone);
        var epochs = store.Epochs(Spec("exp", 2).RunId);
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.Equal(0.7, epochs[1].TrainLoss);   // the last line of a redone epoch wins
    }

    [Fact]
    public void Several_processes_write_one_store_at_once_without_losing_rows()
    {
        const int processes = 4, runsEach = 25, epochs = 4;
        var store = _files.PathOf("shared.db");
        for (int p = 0; p < processes; p++)
            for (int i = 0; i < runsEach; i++)
                WriteRunFolder(_files.PathOf($"results{p}"), Spec($"exp{p}", i), epochs, finished: i % 3 != 0);
        var children = Enumerable.Range(0, processes)
            .Select(p => Ablate.Start(_files.Root, null, "store", "rebuild", "--results", _files.PathOf($"results{p}"), "--store", store))
            .ToList();
        foreach (var c in children)
        {
            Assert.True(c.WaitForExit(TimeSpan.FromSeconds(90)), "a writer hung");
            Assert.True(c.ExitCode == 0, c.StandardError.ReadToEnd());
        }
        using var reader = ResultsReader.Open(store);
        Assert.Equal(processes * runsEach, reader.LoadRuns().Count);
        Assert.Equal(processes * runsEach * epochs, reader.LoadEpochs().Count);
        using var c2 = new SqliteConnection($"Data Source={store};Pooling=False");
        c2.Open();
        using var check = c2.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", check.ExecuteScalar());
    }

    public void Dispose() => _files.Dispose();
}
