using Ablation.Reports.Schema;

namespace Ablation.Harness.Store;

/// <summary>
/// Where runs and epochs are recorded (DESIGN.md section 6), shared by the scheduler and its workers, which
/// may be several processes at once. Every write is one transaction; a run is keyed by its id and an epoch
/// by (run id, epoch), so recording something twice (a resumed run, a rebuild) replaces it, never duplicates it.
/// </summary>
public interface IResultStore : IDisposable
{
    /// <summary>Where the store is (a file path or a PostgreSQL URL without its password).</summary>
    string Location { get; }

    RunRecord? GetRun(string runId);

    /// <summary>The runs of an experiment (all runs when null), by run id.</summary>
    IReadOnlyDictionary<string, RunRecord> Runs(string? experiment = null);

    IReadOnlyList<EpochRecord> Epochs(string runId);

    /// <summary>
    /// Reads a run, lets <paramref name="change"/> compute its new row (null: leave it), and writes it with
    /// <paramref name="epochs"/>, all in one write transaction: concurrent writers never lose each other's rows.
    /// </summary>
    RunRecord? Update(string runId, Func<RunRecord?, RunRecord?> change, IEnumerable<EpochRecord>? epochs = null);

    /// <summary>Replaces a run and all its epochs (store rebuild): epochs not given are deleted.</summary>
    void Replace(RunRecord run, IReadOnlyList<EpochRecord> epochs);
}
