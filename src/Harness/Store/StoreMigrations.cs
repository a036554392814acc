using Ablation.Reports.Schema;

namespace Ablation.Harness.Store;

/// <summary>
/// How a store of an older schema version is brought to <see cref="ResultsSchema.CurrentVersion"/>: the SQL that
/// takes version N to N+1, applied in order inside one transaction. Version 0 is an empty database, which
/// the current DDL initialises. Add an entry here whenever the reports helper bumps the schema.
/// </summary>
public static class StoreMigrations
{
    /// <summary>Key: the version migrated from.</summary>
    public static readonly IReadOnlyDictionary<int, string> Steps = new Dictionary<int, string>
    {
        [1] = ResultsSchema.MigrateV1ToV2,   // throughput method and load average
        [2] = ResultsSchema.MigrateV2ToV3,   // detection: task, map, map50, map75, per-class AP
        [3] = ResultsSchema.MigrateV3ToV4,   // detection: mAP per epoch
    };

    /// <summary>The SQL taking <paramref name="from"/> to the current version; throws when a step is missing.</summary>
    public static IEnumerable<string> Path(int from)
    {
        if (from == 0)
        {
            yield return ResultsSchema.InitializeSql;
            yield break;
        }
        for (int v = from; v < ResultsSchema.CurrentVersion; v++)
        {
            if (!Steps.TryGetValue(v, out var sql))
                throw new StoreVersionException($"no migration from results schema version {v} to {v + 1}");
            yield return sql;
            yield return $"UPDATE schema_version SET version = {v + 1};";
        }
    }
}
