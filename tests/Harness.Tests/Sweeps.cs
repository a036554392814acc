using System.Runtime.InteropServices;
using Ablation.Harness.Catalog;
using Ablation.Harness.Spec;
using Microsoft.Data.Sqlite;

namespace Ablation.Harness.Tests;

/// <summary>A tiny real sweep for process-level tests: resnet20 on 8x8 synthetic images, 2 epochs, 4 runs.</summary>
public sealed class Sweeps : IDisposable
{
    public TestFiles Files { get; } = new();
    public string Matrix { get; }
    public string Results => Files.PathOf("results");
    public IReadOnlyList<PlannedRun> Runs { get; }

    public Sweeps(int epochs = 2, int seeds = 1, string name = "sweep")
    {
        Matrix = Files.Write("sweep.yaml", $$"""
            name: {{name}}
            dataset: { name: synthetic, train: 64, test: 32, image: 8, classes: 4 }
            recipe: { preset: smoke, epochs: {{epochs}}, batch: 16 }
            axes: { backbone: [resnet20], attention: [none, se], seed: [{{string.Join(", ", Enumerable.Range(0, seeds))}}] }
            """);
        Runs = MatrixPlan.Load(Matrix, new ExperimentsCatalog()).Runs;
    }

    public string Id(int i) => Runs[i].Spec.RunId;

    public string RunDir(int i) => Path.Combine(Results, Runs[i].Spec.Experiment, Id(i));

    public Ablate.Result Run(TimeSpan timeout, IDictionary<string, string>? env = null, params string[] extra) =>
        Ablate.Run(Files.Root, env, timeout, ["run", Matrix, "--results", Results, "--plain", "--threads", "2", .. extra]);

    /// <summary>(status, epochs_done, error, epoch numbers recorded) per run id.</summary>
    public Dictionary<string, (string Status, long EpochsDone, string? Error, List<long> Epochs)> Store()
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(Results, "ablation.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT run_id, status, epochs_done, error FROM runs";
        var rows = new Dictionary<string, (string, long, string?, List<long>)>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) rows[r.GetString(0)] = (r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3), []);
        cmd.CommandText = "SELECT run_id, epoch FROM epochs ORDER BY run_id, epoch";
        using (var r = cmd.ExecuteReader())
            while (r.Read()) rows[r.GetString(0)].Item4.Add(r.GetInt64(1));
        return rows;
    }

    /// <summary>Worker processes of this sweep still alive (none may outlive their sweep).</summary>
    public List<int> LiveWorkers()
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(" worker ") && cmdline.Contains(Results)) pids.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return pids;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polling), failing after <paramref name="timeout"/>.</summary>
    public static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var end = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > end) throw new TimeoutException($"waited {timeout} for {what}");
            Thread.Sleep(50);
        }
    }

    [DllImport("libc", EntryPoint = "kill")]
    public static extern int Signal(int pid, int signal);

    public void Dispose() => Files.Dispose();
}
