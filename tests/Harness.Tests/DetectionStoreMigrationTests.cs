using System.Text.Json.Nodes;
using Ablation.Harness.Runs;
using Ablation.Harness.Store;
using Ablation.Reports.Schema;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>Schema version 3: a version-2 store is migrated in place and then holds a detector's mAP; the primary metric follows the task.</summary>
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
        // Make it a version-2 store: without the version-3 columns.
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = string.Concat(new[] { "task", "map", "map50", "map75", "per_class_ap" }.Select(col => $"ALTER TABLE runs DROP COLUMN {col};"))
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
        Assert.Equal(3, reader.SchemaVersion);
        var runs = reader.LoadRuns("exp").ToDictionary(r => r.RunId);
        Assert.Equal(0.5, runs[old.RunId].Primary);
        Assert.Null(runs[old.RunId].Task);
        var d = runs[det.RunId];
        Assert.True(d.IsDetection);
        Assert.Equal((0.25, 0.5, 0.2), (d.Map!.Value, d.Map50!.Value, d.Map75!.Value));
        Assert.Equal(0.25, d.Primary);
        Assert.Contains("rectangle", d.PerClassAp);
    }

    public void Dispose() => _files.Dispose();
}
