namespace Ablation.Harness.Store;

/// <summary>
/// Opens the store a command names: <c>--store PATH</c> (SQLite file) or <c>--store postgres://...</c>
/// (PostgreSQL), else <c>DIR/ablation.db</c> under <c>--results DIR</c> (DESIGN.md section 5).
/// </summary>
public static class ResultStores
{
    public const string DefaultFile = "ablation.db";

    /// <summary>The store location for the given options.</summary>
    public static string LocationFor(string resultsDir, string? store) => store ?? Path.Combine(resultsDir, DefaultFile);

    public static bool IsPostgres(string location) =>
        location.StartsWith("postgres://", StringComparison.Ordinal) || location.StartsWith("postgresql://", StringComparison.Ordinal);

    /// <summary>A location fit to print: a PostgreSQL URL without its password.</summary>
    public static string Display(string location) =>
        IsPostgres(location) && Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':')
            ? location.Replace(uri.UserInfo, uri.UserInfo.Split(':')[0] + ":***")
            : location;

    /// <summary>Opens a store; a PostgreSQL server that does not answer is waited for up to <paramref name="connectFor"/> (default 5 s).</summary>
    public static IResultStore Open(string location, TimeSpan? connectFor = null) =>
        IsPostgres(location) ? PostgresResultStore.Open(location, connectFor) : SqliteResultStore.Open(location);
}
