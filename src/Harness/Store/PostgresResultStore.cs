using System.Data.Common;
using Ablation.Reports.Schema;
using Npgsql;

namespace Ablation.Harness.Store;

/// <summary>
/// The store for sweeps spread over several machines: the same tables in PostgreSQL (<c>--store
/// postgres://user:password@host:5432/db</c>). The DDL is the reports helper's, with SQLite's storage classes
/// widened to PostgreSQL's 64-bit types (INTEGER to BIGINT for MAC counts, REAL to DOUBLE PRECISION).
/// Read-modify-write updates hold a transaction-scoped advisory lock on the run id.
/// </summary>
public sealed class PostgresResultStore : IResultStore
{
    private readonly NpgsqlConnection _connection;

    public string Location { get; }

    private PostgresResultStore(string location, NpgsqlConnection connection)
    {
        Location = location;
        _connection = connection;
    }

    /// <summary>The DDL in PostgreSQL's types.</summary>
    public static string PostgresDdl(string sql) =>
        sql.Replace(" INTEGER", " BIGINT").Replace(" REAL", " DOUBLE PRECISION");

    public static PostgresResultStore Open(string url)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host, Port = uri.Port > 0 ? uri.Port : 5432, Database = uri.AbsolutePath.Trim('/'),
            Username = Uri.UnescapeDataString(user[0]), Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            Pooling = false,
        };
        var display = $"postgres://{uri.Host}:{builder.Port}/{builder.Database}";
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            using (var tx = connection.BeginTransaction())
            {
                Execute(connection, "SELECT pg_advisory_xact_lock(742017);");   // one initialiser at a time
                int version = ReadVersion(connection, display);
                if (version < ResultsSchema.CurrentVersion)
                    foreach (var sql in StoreMigrations.Path(version)) Execute(connection, PostgresDdl(sql));
                tx.Commit();
            }
            return new PostgresResultStore(display, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static int ReadVersion(NpgsqlConnection connection, string display)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema();";
        var tables = new HashSet<string>();
        using (var reader = cmd.ExecuteReader())
            while (reader.Read()) tables.Add(reader.GetString(0));
        if (!tables.Contains("schema_version")) return 0;
        cmd.CommandText = ResultsSchema.SelectVersionSql;
        int version = Convert.ToInt32(cmd.ExecuteScalar());
        if (version > ResultsSchema.CurrentVersion)
            throw new StoreVersionException(
                $"{display}: results schema version {version} is newer than this ablate writes ({ResultsSchema.CurrentVersion}); update ablate (nothing was written)");
        return version;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
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
        using var tx = _connection.BeginTransaction();
        using (var lockCmd = _connection.CreateCommand())
        {
            lockCmd.CommandText = "SELECT pg_advisory_xact_lock(hashtext(@id));";
            lockCmd.Parameters.AddWithValue("@id", runId);
            lockCmd.ExecuteNonQuery();
        }
        var updated = change(GetRun(runId));
        if (updated is not null) Write(RecordSql.UpsertRun, cmd => RecordSql.BindRun(cmd, updated));
        foreach (var epoch in epochs ?? []) Write(RecordSql.UpsertEpoch, cmd => RecordSql.BindEpoch(cmd, epoch));
        tx.Commit();
        return updated;
    }

    public void Replace(RunRecord run, IReadOnlyList<EpochRecord> epochs)
    {
        using var tx = _connection.BeginTransaction();
        Write(RecordSql.UpsertRun, cmd => RecordSql.BindRun(cmd, run));
        Write("DELETE FROM epochs WHERE run_id = @id;", cmd => ((NpgsqlCommand)cmd).Parameters.AddWithValue("@id", run.RunId));
        foreach (var epoch in epochs) Write(RecordSql.UpsertEpoch, cmd => RecordSql.BindEpoch(cmd, epoch));
        tx.Commit();
    }

    private void Write(string sql, Action<DbCommand> bind)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        bind(cmd);
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
