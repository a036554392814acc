using System.Data.Common;
using Ablation.Reports.Schema;
using Npgsql;

namespace Ablation.Harness.Store;

/// <summary>
/// The store for sweeps spread over several machines: the same tables in PostgreSQL (<c>--store
/// postgres://user:password@host:5432/db</c>). The DDL is the reports helper's, with SQLite's storage classes
/// widened to PostgreSQL's 64-bit types (INTEGER to BIGINT for MAC counts, REAL to DOUBLE PRECISION).
/// Read-modify-write updates hold a transaction-scoped advisory lock on the run id.
/// The server may restart while a sweep runs (maintenance, failover): every operation that loses its connection
/// reconnects and runs again, with backoff, for up to <see cref="RetryFor"/> (ABLATE_STORE_RETRY_SECONDS,
/// default 600 s), so a worker waits for the database instead of failing its run.
/// </summary>
public sealed class PostgresResultStore : DbResultStore
{
    public const string RetryVariable = "ABLATE_STORE_RETRY_SECONDS";
    private readonly string _connectionString;

    private PostgresResultStore(string location, NpgsqlConnection connection, string connectionString) : base(location, connection) =>
        _connectionString = connectionString;

    /// <summary>How long an operation keeps retrying a lost server before it gives up and throws.</summary>
    public static TimeSpan RetryFor =>
        int.TryParse(Environment.GetEnvironmentVariable(RetryVariable), out var s) && s >= 0 ? TimeSpan.FromSeconds(s) : TimeSpan.FromMinutes(10);

    /// <summary>The DDL in PostgreSQL's types.</summary>
    public static string PostgresDdl(string sql) =>
        sql.Replace(" INTEGER", " BIGINT").Replace(" REAL", " DOUBLE PRECISION");

    /// <summary>
    /// Opens the store, waiting up to <paramref name="connectFor"/> (default 5 s: a mistyped URL fails fast)
    /// for a server that does not answer yet; workers wait <see cref="RetryFor"/>.
    /// </summary>
    public static PostgresResultStore Open(string url, TimeSpan? connectFor = null)
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
            OpenWithRetry(connection, display, connectFor ?? TimeSpan.FromSeconds(5));
            // Read the version without a lock first: with many workers opening at once (a Slurm array starting),
            // only a store that needs creating or migrating makes them queue on the initialiser lock.
            if (ReadVersion(connection, display) < ResultsSchema.CurrentVersion)
                using (var tx = connection.BeginTransaction())
                {
                    Execute(connection, "SELECT pg_advisory_xact_lock(742017);");   // one initialiser at a time
                    int version = ReadVersion(connection, display);                // another may have done it meanwhile
                    if (version < ResultsSchema.CurrentVersion)
                        foreach (var sql in StoreMigrations.Path(version)) Execute(connection, PostgresDdl(sql));
                    tx.Commit();
                }
            return new PostgresResultStore(display, connection, builder.ConnectionString);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="operation"/> on this store's connection, reconnecting as every store operation does.</summary>
    public T WithConnection<T>(Func<NpgsqlConnection, T> operation) => Guarded(() => operation((NpgsqlConnection)Connection));

    protected override T Guarded<T>(Func<T> operation)
    {
        var deadline = DateTime.UtcNow + RetryFor;
        var wait = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                if (Connection.State != System.Data.ConnectionState.Open) Reconnect();
                return operation();
            }
            catch (Exception e) when (IsConnectionLoss(e) && DateTime.UtcNow < deadline)
            {
                Console.Error.WriteLine($"{Location}: connection lost ({e.Message.Split('\n')[0]}); retrying in {wait.TotalSeconds:0.#} s");
                Thread.Sleep(wait);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                try { Connection.Dispose(); } catch (Exception) { /* already broken */ }
                Connection = new NpgsqlConnection(_connectionString);
            }
        }
    }

    private void Reconnect()
    {
        Connection.Dispose();
        Connection = new NpgsqlConnection(_connectionString);
        Connection.Open();
    }

    /// <summary>Opening at startup waits for a server that is restarting, as every later operation does.</summary>
    private static void OpenWithRetry(NpgsqlConnection connection, string display, TimeSpan connectFor)
    {
        var deadline = DateTime.UtcNow + connectFor;
        while (true)
        {
            try
            {
                connection.Open();
                return;
            }
            catch (Exception e) when (IsConnectionLoss(e) && DateTime.UtcNow < deadline)
            {
                Console.Error.WriteLine($"{display}: cannot connect ({e.Message.Split('\n')[0]}); retrying");
                Thread.Sleep(1000);
            }
        }
    }

    /// <summary>
    /// The server went away or is restarting: a broken socket (Npgsql's transient errors), an administrator
    /// shutdown or a server still starting (SQLSTATE class 57P), a connection exception (class 08), or a
    /// server too loaded to answer within the command timeout (Npgsql drops that connection).
    /// Errors of the statement itself are not retried.
    /// </summary>
    public static bool IsConnectionLoss(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.IsTransient || n.InnerException is System.Net.Sockets.SocketException or IOException or EndOfStreamException or TimeoutException,
        InvalidOperationException when e.Message.Contains("connection", StringComparison.OrdinalIgnoreCase) => true,
        _ => false,
    };

    private static int ReadVersion(NpgsqlConnection connection, string display) =>
        ReadVersion(connection,
            TableNames(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema();"),
            display, othersAllowed: true);

    /// <summary>A transaction holding an advisory lock on the run id, so read-modify-writes of one run queue.</summary>
    protected override DbTransaction BeginWrite(string runId)
    {
        var connection = (NpgsqlConnection)Connection;
        var tx = connection.BeginTransaction();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT pg_advisory_xact_lock(hashtext(@id));";
        cmd.Parameters.AddWithValue("@id", runId);
        cmd.ExecuteNonQuery();
        return tx;
    }
}
