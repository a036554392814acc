using System.Globalization;
using Ablation.Harness.Store;
using Npgsql;

namespace Ablation.Harness.Slurm;

/// <summary>
/// The claims table of a PostgreSQL store: which array task holds each run (<see cref="SlurmClaim"/>). The
/// Slurm executor's own table beside runs and epochs, created on first use (<c>CREATE TABLE IF NOT EXISTS</c>),
/// so stores without Slurm sweeps never have it and reports never read it. A claim is taken under the same
/// per-run advisory lock as run updates, so two tasks of one run cannot both win.
/// </summary>
public sealed class SlurmClaims
{
    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS claims (
            run_id       TEXT PRIMARY KEY,
            experiment   TEXT NOT NULL,
            job_id       TEXT NOT NULL,
            array_job_id BIGINT NOT NULL,
            array_index  BIGINT NOT NULL,
            attempt      BIGINT NOT NULL,
            state        TEXT NOT NULL CHECK (state IN ('submitted', 'claimed')),
            node         TEXT,
            updated_at   TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS claims_experiment ON claims (experiment);
        """;

    private const string Upsert = """
        INSERT INTO claims (run_id, experiment, job_id, array_job_id, array_index, attempt, state, node, updated_at)
        VALUES (@run_id, @experiment, @job_id, @array_job_id, @array_index, @attempt, @state, @node, @updated_at)
        ON CONFLICT (run_id) DO UPDATE SET experiment = excluded.experiment, job_id = excluded.job_id,
            array_job_id = excluded.array_job_id, array_index = excluded.array_index, attempt = excluded.attempt,
            state = excluded.state, node = excluded.node, updated_at = excluded.updated_at
        """;

    private readonly PostgresResultStore _store;

    public SlurmClaims(IResultStore store)
    {
        _store = store as PostgresResultStore
                 ?? throw new ArgumentException($"{store.Location}: Slurm claims need a PostgreSQL store (postgres://...)");
        _store.WithConnection(c =>
        {
            // Every task opens this: look before taking the creator's lock, so a starting array does not queue on it.
            using (var exists = new NpgsqlCommand("SELECT to_regclass('claims') IS NOT NULL;", c))
                if ((bool)exists.ExecuteScalar()!) return 0;
            using var tx = c.BeginTransaction();
            Exec(c, "SELECT pg_advisory_xact_lock(742018);");   // one creator at a time
            Exec(c, Ddl);
            tx.Commit();
            return 0;
        });
    }

    /// <summary>The claims of an experiment's runs, by run id.</summary>
    public IReadOnlyDictionary<string, SlurmClaim> Of(string experiment) => _store.WithConnection(c =>
    {
        using var cmd = new NpgsqlCommand("SELECT * FROM claims WHERE experiment = @e;", c);
        cmd.Parameters.AddWithValue("@e", experiment);
        using var reader = cmd.ExecuteReader();
        var claims = new Dictionary<string, SlurmClaim>();
        while (reader.Read())
        {
            var claim = Read(reader);
            claims[claim.RunId] = claim;
        }
        return (IReadOnlyDictionary<string, SlurmClaim>)claims;
    });

    public SlurmClaim? Get(string runId) => _store.WithConnection(c => Get(c, runId));

    /// <summary>Records that these runs were just submitted as tasks of an array (one transaction).</summary>
    public void RecordSubmitted(IEnumerable<SlurmClaim> claims)
    {
        var list = claims.ToList();
        // One round trip for the whole array (a batch of upserts); a task that started and claimed already keeps its newer claim.
        var upsert = Upsert + " WHERE NOT (claims.state = 'claimed' AND claims.job_id = excluded.job_id)";
        _store.WithConnection(c =>
        {
            using var tx = c.BeginTransaction();
            using var batch = new NpgsqlBatch(c, tx);
            foreach (var claim in list)
            {
                var cmd = new NpgsqlBatchCommand(upsert);
                Bind(cmd.Parameters, claim);
                batch.BatchCommands.Add(cmd);
            }
            batch.ExecuteNonQuery();
            tx.Commit();
            return 0;
        });
    }

    /// <summary>
    /// Claims a run for <paramref name="claim"/>'s task unless another task holds it and
    /// <paramref name="isLive"/> says that task's job is live; returns the holder that refused it, or null when claimed.
    /// </summary>
    public SlurmClaim? TryClaim(SlurmClaim claim, Func<SlurmClaim, bool> isLive) => _store.WithConnection(c =>
    {
        using var tx = c.BeginTransaction();
        Exec(c, "SELECT pg_advisory_xact_lock(hashtext(@id));", ("@id", claim.RunId));
        var holder = Get(c, claim.RunId);
        if (holder is not null && holder.JobId != claim.JobId && isLive(holder))
        {
            tx.Rollback();
            return holder;
        }
        Write(c, claim);
        tx.Commit();
        return null;
    });

    private static SlurmClaim? Get(NpgsqlConnection c, string runId)
    {
        using var cmd = new NpgsqlCommand("SELECT * FROM claims WHERE run_id = @id;", c);
        cmd.Parameters.AddWithValue("@id", runId);
        using var reader = cmd.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    private static SlurmClaim Read(NpgsqlDataReader r) => new(
        r.GetString(r.GetOrdinal("run_id")), r.GetString(r.GetOrdinal("experiment")), r.GetString(r.GetOrdinal("job_id")),
        r.GetInt64(r.GetOrdinal("array_job_id")), (int)r.GetInt64(r.GetOrdinal("array_index")), (int)r.GetInt64(r.GetOrdinal("attempt")),
        r.GetString(r.GetOrdinal("state")), r.IsDBNull(r.GetOrdinal("node")) ? null : r.GetString(r.GetOrdinal("node")),
        DateTimeOffset.Parse(r.GetString(r.GetOrdinal("updated_at")), CultureInfo.InvariantCulture));

    private static void Write(NpgsqlConnection c, SlurmClaim claim)
    {
        using var cmd = new NpgsqlCommand(Upsert, c);
        Bind(cmd.Parameters, claim);
        cmd.ExecuteNonQuery();
    }

    private static void Bind(NpgsqlParameterCollection p, SlurmClaim claim)
    {
        p.AddWithValue("run_id", claim.RunId);
        p.AddWithValue("experiment", claim.Experiment);
        p.AddWithValue("job_id", claim.JobId);
        p.AddWithValue("array_job_id", claim.ArrayJobId);
        p.AddWithValue("array_index", (long)claim.ArrayIndex);
        p.AddWithValue("attempt", (long)claim.Attempt);
        p.AddWithValue("state", claim.State);
        p.AddWithValue("node", (object?)claim.Node ?? DBNull.Value);
        p.AddWithValue("updated_at", claim.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
    }

    private static void Exec(NpgsqlConnection c, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        foreach (var (n, v) in parameters) cmd.Parameters.AddWithValue(n, v);
        cmd.ExecuteNonQuery();
    }
}
