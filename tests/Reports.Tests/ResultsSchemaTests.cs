using Ablation.Reports.Schema;
using Microsoft.Data.Sqlite;

namespace Ablation.Reports.Tests;

public class ResultsSchemaTests
{
    [Fact]
    public void Ddl_has_exactly_the_design_columns()
    {
        var dir = TestStore.NewDirectory();
        var path = Path.Combine(dir, "ablation.db");
        TestStore.Write(path, []);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        // DESIGN.md section 6, spelled out independently of ResultsSchema.RunColumns.
        Assert.Equal(
            "run_id experiment backbone attention attention_options placement dataset seed recipe status device started_at " +
            "finished_at error params macs peak_mem_bytes train_img_s infer_img_s top1 top5 best_top1 epochs_done wall_s engine code_version " +
            "load_avg throughput_method bench_batch bench_steps bench_threads " +
            // version 3 (issue 13): detection runs
            "task map map50 map75 per_class_ap",
            string.Join(" ", Columns(connection, "runs")));
        Assert.Equal("run_id epoch lr train_loss train_top1 test_loss test_top1 test_top5 seconds " +
            // version 4: a detector's validation mAP per epoch
            "map map50 map75",
            string.Join(" ", Columns(connection, "epochs")));
        Assert.Equal(ResultsSchema.RunColumns, Columns(connection, "runs"));
        Assert.Equal(ResultsSchema.EpochColumns, Columns(connection, "epochs"));
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid;";
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        return names;
    }

    [Fact]
    public void Records_round_trip_and_upsert_replaces()
    {
        var dir = TestStore.NewDirectory();
        var path = Path.Combine(dir, "ablation.db");
        var a = TestStore.Run("a", "none", 0, 0.9);
        var b = TestStore.Run("b", "se", 0, 0.91, experiment: "other") with { Error = null, Params = null };
        TestStore.Write(path, [a, b, a with { Top1 = 0.5 }],
            [new EpochRecord("a", 1, 0.1, 2.0, 0.3, 1.9, 0.35, 0.8, 12.5), new EpochRecord("a", 2, 0.05, 1.5, 0.5, 1.4, 0.5, 0.9, 12.0),
             new EpochRecord("a", 3, 0.01, 1.2, null, null, null, null, 11.0, Map: 0.31, Map50: 0.62, Map75: 0.28)]);
        using var reader = ResultsReader.Open(path);
        Assert.Equal(ResultsSchema.CurrentVersion, reader.SchemaVersion);
        var runs = reader.LoadRuns();
        Assert.Equal(2, runs.Count);
        Assert.Equal(a with { Top1 = 0.5 }, runs.Single(r => r.RunId == "a"));
        Assert.Equal(b, runs.Single(r => r.RunId == "b"));
        Assert.Single(reader.LoadRuns("other"));
        Assert.Equal(3, reader.LoadEpochs("exp").Count);
        Assert.Empty(reader.LoadEpochs("other"));
        Assert.Equal(new EpochRecord("a", 2, 0.05, 1.5, 0.5, 1.4, 0.5, 0.9, 12.0), reader.LoadEpochs()[1]);
        Assert.Equal(new EpochRecord("a", 3, 0.01, 1.2, null, null, null, null, 11.0, 0.31, 0.62, 0.28), reader.LoadEpochs()[2]);
        Assert.Equal(["exp", "other"], reader.Experiments());
    }

    [Fact]
    public void Newer_schema_and_foreign_files_are_refused()
    {
        var dir = TestStore.NewDirectory();
        var path = Path.Combine(dir, "ablation.db");
        TestStore.Write(path, []);
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"UPDATE schema_version SET version = {ResultsSchema.CurrentVersion + 1};";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<InvalidDataException>(() => ResultsReader.Open(path));
        Assert.Contains("newer", e.Message);

        var other = Path.Combine(dir, "other.db");
        using (var c = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE t (x);";
            cmd.ExecuteNonQuery();
        }
        Assert.Contains("not an Ablation results store", Assert.Throws<InvalidDataException>(() => ResultsReader.Open(other)).Message);
        Assert.Throws<FileNotFoundException>(() => ResultsReader.Open(Path.Combine(dir, "missing.db")));
    }

    [Fact]
    public void Reading_does_not_modify_the_store()
    {
        var dir = TestStore.NewDirectory();
        var path = Path.Combine(dir, "ablation.db");
        TestStore.Write(path, [TestStore.Run("a", "none", 0, 0.9)]);
        var before = File.ReadAllBytes(path);
        using (var reader = ResultsReader.Open(path)) reader.LoadRuns();
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
