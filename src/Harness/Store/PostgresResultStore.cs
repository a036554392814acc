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
public sealed class PostgresResultStore : DbResultStore
{
    private PostgresResultStore(string location, NpgsqlConnection connection) : base(location, connection) { }

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
