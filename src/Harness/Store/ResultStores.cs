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

    public static IResultStore Open(string location) =>
        IsPostgres(location) ? PostgresResultStore.Open(location) : SqliteResultStore.Open(location);
}
