using System.Data.Common;
using Ablation.Reports.Schema;

namespace Ablation.Harness.Store;

/// <summary>
/// The reads and writes every SQL store shares, over ADO.NET's <see cref="DbConnection"/> and the reports
/// schema's SQL (<see cref="RecordSql"/>). A store adds only how it opens, and how a write transaction
/// excludes other processes' writes (<see cref="BeginWrite"/>).
/// </summary>
public abstract class DbResultStore(string location, DbConnection connection) : IResultStore
{
    /// <summary>The open connection; a store that reconnects (<see cref="Guarded{T}"/>) replaces it.</summary>
    protected DbConnection Connection { get; set; } = connection;

    public string Location { get; } = location;

    /// <summary>
    /// Starts a transaction that holds the write lock before it reads, so a read-modify-write of
    /// <paramref name="runId"/> cannot interleave with another process's.
    /// </summary>
    protected abstract DbTransaction BeginWrite(string runId);

    /// <summary>
    /// Runs one whole operation (a read, or a write transaction). A store whose server can go away (PostgreSQL)
    /// overrides this to reconnect and run the operation again; every operation is safe to repeat (keyed upserts).
    /// </summary>
    protected virtual T Guarded<T>(Func<T> operation) => operation();

    public RunRecord? GetRun(string runId) => Guarded(() => ReadRun(runId));

    private RunRecord? ReadRun(string runId)
    {
        using var cmd = Command("SELECT * FROM runs WHERE run_id = @id;", ("@id", runId));
        using var reader = cmd.ExecuteReader();
        return reader.Read() ? RecordSql.ReadRun(reader) : null;
    }

    public IReadOnlyDictionary<string, RunRecord> Runs(string? experiment = null) => Guarded(() =>
    {
        using var cmd = experiment is null
            ? Command("SELECT * FROM runs;")
            : Command("SELECT * FROM runs WHERE experiment = @experiment;", ("@experiment", experiment));
        using var reader = cmd.ExecuteReader();
        var runs = new Dictionary<string, RunRecord>();
        while (reader.Read())
        {
            var run = RecordSql.ReadRun(reader);
            runs[run.RunId] = run;
        }
        return (IReadOnlyDictionary<string, RunRecord>)runs;
    });

    public IReadOnlyList<EpochRecord> Epochs(string runId) => Guarded(() =>
    {
        using var cmd = Command("SELECT * FROM epochs WHERE run_id = @id ORDER BY epoch;", ("@id", runId));
        using var reader = cmd.ExecuteReader();
        var epochs = new List<EpochRecord>();
        while (reader.Read()) epochs.Add(RecordSql.ReadEpoch(reader));
        return (IReadOnlyList<EpochRecord>)epochs;
    });

    public RunRecord? Update(string runId, Func<RunRecord?, RunRecord?> change, IEnumerable<EpochRecord>? epochs = null)
    {
        var toWrite = epochs?.ToList() ?? [];
        return Guarded(() =>
        {
            using var tx = BeginWrite(runId);
            var updated = change(ReadRun(runId));
            if (updated is not null) Write(RecordSql.UpsertRun, cmd => RecordSql.BindRun(cmd, updated));
            foreach (var epoch in toWrite) Write(RecordSql.UpsertEpoch, cmd => RecordSql.BindEpoch(cmd, epoch));
            tx.Commit();
            return updated;
        });
    }

    /// <summary>
    /// Inserts the runs the store does not have yet, in one transaction (a sweep of thousands of new runs
    /// costs one commit, not thousands); rows that exist, perhaps written by a worker meanwhile, are kept.
    /// </summary>
    public void AddMissing(IReadOnlyList<RunRecord> runs) => Guarded(() =>
    {
        if (runs.Count == 0) return 0;
        var insert = RecordSql.UpsertRun[..RecordSql.UpsertRun.IndexOf(" ON CONFLICT", StringComparison.Ordinal)] + " ON CONFLICT (run_id) DO NOTHING;";
        using var tx = Connection.BeginTransaction();
        foreach (var run in runs) Write(insert, cmd => RecordSql.BindRun(cmd, run));
        tx.Commit();
        return 0;
    });

    public void Replace(RunRecord run, IReadOnlyList<EpochRecord> epochs) => Guarded(() =>
    {
        using var tx = BeginWrite(run.RunId);
        Write(RecordSql.UpsertRun, cmd => RecordSql.BindRun(cmd, run));
        using (var delete = Command("DELETE FROM epochs WHERE run_id = @id;", ("@id", run.RunId)))
            delete.ExecuteNonQuery();
        foreach (var epoch in epochs) Write(RecordSql.UpsertEpoch, cmd => RecordSql.BindEpoch(cmd, epoch));
        tx.Commit();
        return 0;
    });

    /// <summary>Runs one statement on <paramref name="connection"/> (opening code, before a store exists).</summary>
    protected static void Execute(DbConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// The store's schema version from <paramref name="tables"/> (the names of the tables it has): 0 when it
    /// has none of ours and no others (or others are allowed: a shared PostgreSQL schema); throws for a newer
    /// version or a database that is not a results store.
    /// </summary>
    protected static int ReadVersion(DbConnection connection, IReadOnlySet<string> tables, string location, bool othersAllowed)
    {
        string[] ours = ["schema_version", "runs", "epochs"];
        if (!ours.Any(tables.Contains))
            return tables.Count == 0 || othersAllowed ? 0 : throw NotAStore(tables, location);
        if (!ours.All(tables.Contains)) throw NotAStore(tables, location);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = ResultsSchema.SelectVersionSql;
        int version = Convert.ToInt32(cmd.ExecuteScalar());
        if (version > ResultsSchema.CurrentVersion)
            throw new StoreVersionException(
                $"{location}: results schema version {version} is newer than this ablate writes ({ResultsSchema.CurrentVersion}); update ablate (nothing was written)");
        return version;
    }

    /// <summary>The names of the tables a query over the database's catalogue returns.</summary>
    protected static HashSet<string> TableNames(DbConnection connection, string catalogueSql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = catalogueSql;
        var tables = new HashSet<string>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables;
    }

    private static StoreVersionException NotAStore(IReadOnlySet<string> tables, string location) =>
        new($"{location}: not an Ablation results store (it has tables {string.Join(", ", tables)}); nothing was written");

    protected DbCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    private void Write(string sql, Action<DbCommand> bind)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        bind(cmd);
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => Connection.Dispose();
}
