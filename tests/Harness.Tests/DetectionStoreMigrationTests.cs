using System.Text.Json.Nodes;
using Ablation.Harness.Runs;
using Ablation.Harness.Store;
using Ablation.Reports.Schema;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>Schema versions 3 and 4: a version-2 store is migrated in place and then holds a detector's mAP; the primary metric follows the task; a version-3 store gains mAP per epoch.</summary>
public sealed class DetectionStoreMigrationTests : IDisposable
{
    private readonly TestFiles _files = new();

    [Fact]
    public void A_version_2_store_migrates_and_keeps_map_per_class_ap_and_old_rows()
    {
        var path = _files.PathOf("v2.db");
        var old = ResultStoreTests.Spec("exp", 0);
        using (var store = SqliteResultStore.Open(path))
            store.Update(old.RunId, _ => RunRecords.FromSpec(old, RunStatus.Done) with { Top1 = 0.5 });
        // Make it a version-2 store: without the columns of versions 3 and 4.
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = string.Concat(new[] { "task", "map", "map50", "map75", "per_class_ap" }.Select(col => $"ALTER TABLE runs DROP COLUMN {col};"))
                              + string.Concat(new[] { "map", "map50", "map75" }.Select(col => $"ALTER TABLE epochs DROP COLUMN {col};"))
                              + "UPDATE schema_version SET version = 2;";
            cmd.ExecuteNonQuery();
        }
        var det = new RunSpec("exp", "yolov5n", "eca", new SortedDictionary<string, string>(), "backbone-end", null, null, 1.0,
            "shapes", new SortedDictionary<string, string> { ["count"] = "8" }, 0, new SortedDictionary<string, JsonNode> { ["img_size"] = 64 });
        using (var store = SqliteResultStore.Open(path))
            store.Update(det.RunId, _ => RunRecords.FromSpec(det, RunStatus.Done) with
            {
                Task = "detection", Map = 0.25, Map50 = 0.5, Map75 = 0.2, PerClassAp = "[{\"id\":0,\"name\":\"rectangle\",\"ap\":0.25,\"ap50\":0.5}]",
            });
        using var reader = ResultsReader.Open(path);
        Assert.Equal(ResultsSchema.CurrentVersion, reader.SchemaVersion);   // through version 3 and on
        var runs = reader.LoadRuns("exp").ToDictionary(r => r.RunId);
        Assert.Equal(0.5, runs[old.RunId].Primary);
        Assert.Null(runs[old.RunId].Task);
        var d = runs[det.RunId];
        Assert.True(d.IsDetection);
        Assert.Equal((0.25, 0.5, 0.2), (d.Map!.Value, d.Map50!.Value, d.Map75!.Value));
        Assert.Equal(0.25, d.Primary);
        Assert.Contains("rectangle", d.PerClassAp);
    }

    [Fact]
    public void A_version_3_store_migrates_and_keeps_map_per_epoch()
    {
        var path = _files.PathOf("v3.db");
        var spec = ResultStoreTests.Spec("exp", 0);
        using (var store = SqliteResultStore.Open(path))
            store.Update(spec.RunId, _ => RunRecords.FromSpec(spec, RunStatus.Running), [new EpochRecord(spec.RunId, 1, 0.01, 2.5, TestTop1: 0.4)]);
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "ALTER TABLE epochs DROP COLUMN map; ALTER TABLE epochs DROP COLUMN map50; ALTER TABLE epochs DROP COLUMN map75;" +
                              "UPDATE schema_version SET version = 3;";
            cmd.ExecuteNonQuery();
        }
        using (var reader = ResultsReader.Open(path))
        {
            Assert.Equal(3, reader.SchemaVersion);   // read as it is: no mAP per epoch
            Assert.Null(Assert.Single(reader.LoadEpochs("exp")).Map);
        }
        using (var store = SqliteResultStore.Open(path))
            store.Update(spec.RunId, r => r, [new EpochRecord(spec.RunId, 2, 0.01, 2.0, Map: 0.125, Map50: 0.375, Map75: 0.0625)]);
        using var migrated = ResultsReader.Open(path);
        Assert.Equal(4, migrated.SchemaVersion);
        var epochs = migrated.LoadEpochs("exp");
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.Equal(0.4, epochs[0].TestTop1);
        Assert.Null(epochs[0].Map);
        Assert.Equal((0.125, 0.375, 0.0625), (epochs[1].Map!.Value, epochs[1].Map50!.Value, epochs[1].Map75!.Value));
    }

    [Fact]
    public void The_worker_records_an_epochs_map_in_the_store_and_in_metrics_jsonl()
    {
        var epoch = new Ablation.Experiments.Training.EpochResult(3, 0.01, 2.1, 0, null, null, null, 4.5, 60, Map: 0.2, Map50: 0.45, Map75: 0.15);
        var record = Ablation.Harness.Worker.WorkerHost.ToRecord("r", epoch);
        Assert.Equal((0.2, 0.45, 0.15), (record.Map!.Value, record.Map50!.Value, record.Map75!.Value));
        Assert.Null(record.TestTop1);
        var back = RunRecords.EpochFromJson("r", RunRecords.EpochJson(record));
        Assert.Equal(record, back);
    }

    public void Dispose() => _files.Dispose();
}
