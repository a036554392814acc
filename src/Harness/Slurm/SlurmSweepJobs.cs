using System.Globalization;
using Ablation.Harness.Store;

namespace Ablation.Harness.Slurm;

/// <summary>
/// A sweep's runs as Slurm sees them, for `ablate status` and `ablate cancel`: each claimed run's task and
/// its state from one squeue call. Stores without Slurm sweeps (no claims table) have none.
/// </summary>
public static class SlurmSweepJobs
{
    /// <summary>Per run id: its claim and the task's live state (null when squeue no longer shows it live).</summary>
    public static IReadOnlyDictionary<string, (SlurmClaim Claim, SlurmTaskState? Live)> Of(IResultStore store, string experiment, SlurmClient slurm)
    {
        if (store is not PostgresResultStore pg || !HasClaims(pg)) return new Dictionary<string, (SlurmClaim, SlurmTaskState?)>();
        var claims = new SlurmClaims(store).Of(experiment);
        var queue = slurm.Queue(claims.Values.Select(c => c.ArrayJobId.ToString(CultureInfo.InvariantCulture)));
        return claims.ToDictionary(kv => kv.Key,
            kv => (kv.Value, queue.TryGetValue(kv.Value.JobId, out var t) && t.IsLive ? t : (SlurmTaskState?)null));
    }

    /// <summary>Cancels the array jobs that hold live runs of the experiment; returns their ids.</summary>
    public static IReadOnlyList<string> Cancel(IResultStore store, string experiment, IEnumerable<string> runIds, SlurmClient slurm)
    {
        var jobs = Of(store, experiment, slurm);
        var ids = runIds.Select(id => jobs.GetValueOrDefault(id)).Where(j => j.Live is not null)
            .Select(j => j.Claim.ArrayJobId.ToString(CultureInfo.InvariantCulture)).Distinct().Order(StringComparer.Ordinal).ToList();
        slurm.Cancel(ids);
        return ids;
    }

    private static bool HasClaims(PostgresResultStore store) => store.WithConnection(c =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT to_regclass('claims') IS NOT NULL;";
        return (bool)cmd.ExecuteScalar()!;
    });
}
