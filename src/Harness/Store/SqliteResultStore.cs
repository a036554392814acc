using Ablation.Reports.Schema;
using Microsoft.Data.Sqlite;

namespace Ablation.Harness.Store;

/// <summary>
/// The default store: one SQLite file (<c>results/ablation.db</c>) in WAL mode, so readers never block the
/// writer, with a busy timeout so concurrent worker processes queue for the write lock instead of failing.
/// Every change is one <c>BEGIN IMMEDIATE</c> transaction (the write lock is taken before reading, so a
/// read-modify-write cannot interleave with another process's). The schema is the reports helper's
/// (<see cref="ResultsSchema"/>); a store of a newer version is refused before anything is written.
/// </summary>
public sealed class SqliteResultStore : IResultStore
{
    private const int BusyTimeoutSeconds = 120;
    private readonly SqliteConnection _connection;

    public string Location { get; }

    private SqliteResultStore(string path, SqliteConnection connection)
    {
        Location = path;
        _connection = connection;
    }

    public static SqliteResultStore Open(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = BusyTimeoutSeconds,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000};");
            int version = ReadVersion(connection, path);   // reads only: a newer store is refused untouched
            Execute(connection, "PRAGMA journal_mode = WAL;");
            Execute(connection, "PRAGMA synchronous = NORMAL;");
            Execute(connection, "PRAGMA foreign_keys = ON;");
            if (version < ResultsSchema.CurrentVersion)
            {
                using var tx = connection.BeginTransaction(deferred: false);
                version = ReadVersion(connection, path);    // another process may have initialised it meanwhile
                foreach (var sql in StoreMigrations.Path(version)) Execute(connection, sql);
                tx.Commit();
            }
            return new SqliteResultStore(path, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The store's schema version (0 for an empty file); throws for a newer version or a foreign database.</summary>
    private static int ReadVersion(SqliteConnection connection, string path)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table';";
        var tables = new HashSet<string>();
        using (var reader = cmd.ExecuteReader())
            while (reader.Read()) tables.Add(reader.GetString(0));
        if (tables.Count == 0) return 0;
        if (!tables.Contains("schema_version") || !tables.Contains("runs") || !tables.Contains("epochs"))
            throw new StoreVersionException($"{path}: not an Ablation results store (it has tables {string.Join(", ", tables)}); nothing was written");
        cmd.CommandText = ResultsSchema.SelectVersionSql;
        int version = Convert.ToInt32(cmd.ExecuteScalar());
        if (version > ResultsSchema.CurrentVersion)
            throw new StoreVersionException(
                $"{path}: results schema version {version} is newer than this ablate writes ({ResultsSchema.CurrentVersion}); update ablate (nothing was written)");
        return version;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public RunRecord? GetRun(string runId)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT * FROM runs WHERE run_id = @id;";
        cmd.Parameters.AddWithValue("@id", runId);
        using var reader = cmd.ExecuteReader();
        return reader.Read() ? RecordSql.ReadRun(reader) : null;
    }

    public IReadOnlyDictionary<string, RunRecord> Runs(string? experiment = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT * FROM runs" + (experiment is null ? ";" : " WHERE experiment = @experiment;");
        if (experiment is not null) cmd.Parameters.AddWithValue("@experiment", experiment);
        using var reader = cmd.ExecuteReader();
        var runs = new Dictionary<string, RunRecord>();
        while (reader.Read())
        {
            var run = RecordSql.ReadRun(reader);
            runs[run.RunId] = run;
        }
        return runs;
    }

    public IReadOnlyList<EpochRecord> Epochs(string runId)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT * FROM epochs WHERE run_id = @id ORDER BY epoch;";
        cmd.Parameters.AddWithValue("@id", runId);
        using var reader = cmd.ExecuteReader();
        var epochs = new List<EpochRecord>();
        while (reader.Read()) epochs.Add(RecordSql.ReadEpoch(reader));
        return epochs;
    }

    public RunRecord? Update(string runId, Func<RunRecord?, RunRecord?> change, IEnumerable<EpochRecord>? epochs = null)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        var updated = change(GetRun(runId));
        if (updated is not null) Upsert(RecordSql.UpsertRun, cmd => RecordSql.BindRun(cmd, updated));
        foreach (var epoch in epochs ?? []) Upsert(RecordSql.UpsertEpoch, cmd => RecordSql.BindEpoch(cmd, epoch));
        tx.Commit();
        return updated;
    }

    public void Replace(RunRecord run, IReadOnlyList<EpochRecord> epochs)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        Upsert(RecordSql.UpsertRun, cmd => RecordSql.BindRun(cmd, run));
        using (var delete = _connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM epochs WHERE run_id = @id;";
            delete.Parameters.AddWithValue("@id", run.RunId);
            delete.ExecuteNonQuery();
        }
        foreach (var epoch in epochs) Upsert(RecordSql.UpsertEpoch, cmd => RecordSql.BindEpoch(cmd, epoch));
        tx.Commit();
    }

    private void Upsert(string sql, Action<SqliteCommand> bind)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        bind(cmd);
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
