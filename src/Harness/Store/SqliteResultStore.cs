using Ablation.Reports.Schema;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Ablation.Harness.Store;

/// <summary>
/// The default store: one SQLite file (<c>results/ablation.db</c>) in WAL mode, so readers never block the
/// writer, with a busy timeout so concurrent worker processes queue for the write lock instead of failing.
/// Every change is one <c>BEGIN IMMEDIATE</c> transaction (the write lock is taken before reading, so a
/// read-modify-write cannot interleave with another process's). The schema is the reports helper's
/// (<see cref="ResultsSchema"/>); a store of a newer version is refused before anything is written.
/// </summary>
public sealed class SqliteResultStore : DbResultStore
{
    private const int BusyTimeoutSeconds = 120;

    private SqliteResultStore(string path, SqliteConnection connection) : base(path, connection) { }

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
    private static int ReadVersion(SqliteConnection connection, string path) =>
        ReadVersion(connection, TableNames(connection, "SELECT name FROM sqlite_master WHERE type = 'table';"), path, othersAllowed: false);

    /// <summary>BEGIN IMMEDIATE: SQLite's write lock is taken before the transaction reads.</summary>
    protected override DbTransaction BeginWrite(string runId) => ((SqliteConnection)Connection).BeginTransaction(deferred: false);
}
