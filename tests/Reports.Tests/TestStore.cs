using Ablation.Reports.Schema;
using Microsoft.Data.Sqlite;

namespace Ablation.Reports.Tests;

/// <summary>Builds a SQLite results store with known rows, through the schema's own DDL and upserts.</summary>
internal static class TestStore
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "ablation-reports-tests");
    private static readonly Lazy<bool> OldRunsRemoved = new(() =>
    {
        // Folders of earlier test runs (older than an hour) go; the current run's stay for inspection.
        if (Directory.Exists(Root))
            foreach (var d in new DirectoryInfo(Root).GetDirectories().Where(d => d.CreationTimeUtc < DateTime.UtcNow.AddHours(-1)))
                try { d.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return true;
    });

    public static string NewDirectory()
    {
        _ = OldRunsRemoved.Value;
        var dir = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void Write(string path, IEnumerable<RunRecord> runs, IEnumerable<EpochRecord>? epochs = null)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var tx = connection.BeginTransaction();
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = ResultsSchema.InitializeSql;
        cmd.ExecuteNonQuery();
        cmd.CommandText = RecordSql.UpsertRun;
        foreach (var run in runs)
        {
            RecordSql.BindRun(cmd, run);
            cmd.ExecuteNonQuery();
        }
        cmd.CommandText = RecordSql.UpsertEpoch;
        foreach (var epoch in epochs ?? [])
        {
            RecordSql.BindEpoch(cmd, epoch);
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public static RunRecord Run(string id, string attention, long seed, double top1, string placement = "block",
        string backbone = "resnet20", string dataset = "cifar10", string experiment = "exp") =>
        new(id, experiment, backbone, attention, "{}", placement, dataset, seed, "{\"epochs\":2}", RunStatus.Done,
            Device: "cpu", StartedAt: new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            FinishedAt: new DateTimeOffset(2026, 1, 2, 3, 14, 5, TimeSpan.Zero), Params: 1000, Macs: 2000000,
            PeakMemBytes: 1 << 20, TrainImgS: 500, InferImgS: 2000, Top1: top1, Top5: top1 + 0.1, BestTop1: top1 + 0.01,
            EpochsDone: 2, WallS: 600, Engine: "libtorch 1.13.1 cpu", CodeVersion: "abc123");
}
