using System.Diagnostics;
using System.Text;

namespace Ablation.Harness.Slurm;

/// <summary>
/// The Slurm commands the executor uses, each one process: <c>sbatch</c> (submit), <c>squeue</c> (one batched
/// call for many jobs, never one per task), <c>scontrol</c> (cluster limits, requeue), <c>scancel</c>.
/// Accounting (<c>sacct</c>) is not used: many clusters, and test clusters, run without slurmdbd.
/// The commands find the cluster as users' do (SLURM_CONF or /etc/slurm/slurm.conf).
/// </summary>
public sealed class SlurmClient
{
    /// <summary>Submits a batch script (given on stdin); returns the job id (<c>sbatch --parsable</c>).</summary>
    public string Submit(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (code, stdout, stderr) = Run("sbatch", ["--parsable", .. arguments], script, environment);
        if (code != 0) throw new SlurmException($"sbatch failed (exit {code}): {FirstLine(stderr, stdout)}");
        var id = stdout.Trim().Split(';')[0].Trim();   // "<job id>[;<cluster>]"
        if (!long.TryParse(id, out _)) throw new SlurmException($"sbatch printed '{stdout.Trim()}', not a job id");
        return id;
    }

    /// <summary>
    /// The tasks of the given array jobs that squeue still knows, one call per 500 ids, by task job id
    /// (<c>123_4</c>). Jobs squeue has forgotten (ended more than MinJobAge ago) are simply absent.
    /// </summary>
    public IReadOnlyDictionary<string, SlurmTaskState> Queue(IEnumerable<string> arrayJobIds)
    {
        var result = new Dictionary<string, SlurmTaskState>();
        foreach (var chunk in arrayJobIds.Distinct().Chunk(500))
        {
            var (code, stdout, stderr) = Run("squeue", ["-h", "-r", "-o", "%i|%T|%N|%r", "-j", string.Join(",", chunk)]);
            // Every id unknown: squeue exits 1 with "Invalid job id specified"; that is an empty answer.
            if (code != 0 && !stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
                throw new SlurmException($"squeue failed (exit {code}): {FirstLine(stderr, stdout)}");
            foreach (var line in stdout.Split('\n'))
                if (SlurmTaskState.Parse(line) is { } task) result[task.JobId] = task;
        }
        return result;
    }

    /// <summary>The cluster's MaxArraySize (array indices run 0..MaxArraySize-1), from <c>scontrol show config</c>.</summary>
    public int MaxArraySize()
    {
        var (code, stdout, stderr) = Run("scontrol", ["show", "config"]);
        if (code != 0) throw new SlurmException($"scontrol show config failed (exit {code}): {FirstLine(stderr, stdout)}");
        foreach (var line in stdout.Split('\n'))
        {
            var parts = line.Split('=', 2);
            if (parts.Length == 2 && parts[0].Trim() == "MaxArraySize" && int.TryParse(parts[1].Trim(), out var n) && n > 0) return n;
        }
        return 1001;   // Slurm's default
    }

    /// <summary>Cancels jobs (array job ids cancel every task); ids Slurm no longer knows are ignored.</summary>
    public void Cancel(IEnumerable<string> jobIds)
    {
        var ids = jobIds.Distinct().ToList();
        if (ids.Count == 0) return;
        var (code, stdout, stderr) = Run("scancel", ids);
        if (code != 0 && !stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            throw new SlurmException($"scancel failed (exit {code}): {FirstLine(stderr, stdout)}");
    }

    /// <summary>Requeues a job (it keeps its id; SLURM_RESTART_COUNT goes up by one).</summary>
    public void Requeue(string jobId)
    {
        var (code, stdout, stderr) = Run("scontrol", ["requeue", jobId]);
        if (code != 0) throw new SlurmException($"scontrol requeue {jobId} failed (exit {code}): {FirstLine(stderr, stdout)}");
    }

    private static string FirstLine(string a, string b) => (a.Trim().Length > 0 ? a : b).Trim().Split('\n')[0];

    private static (int Code, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        Process process;
        try { process = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SlurmException($"{file}: cannot run it ({e.Message}); the Slurm executor needs the Slurm client commands (Debian: slurm-client) on PATH");
        }
        using (process)
        {
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
            process.BeginErrorReadLine();
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
                process.StandardInput.Close();
            }
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderr.ToString());
        }
    }
}
