using System.Runtime.InteropServices;

namespace Ablation.Harness.Worker;

/// <summary>
/// Test-only faults, switched on by the environment so the scheduler's handling of bad workers can be tested
/// with real worker processes: <c>ABLATE_FAULT=kind@epoch[:run-id-prefix]</c>, several separated by commas.
/// Kinds: <c>crash</c> (the process aborts, as on a native crash), <c>hang</c> (never returns: the scheduler's
/// timeout must end it), <c>oom</c> (the process is SIGKILLed, as the kernel's OOM killer does), <c>exit</c>
/// (exits with code 70 without recording anything), <c>pause</c> (sleeps ABLATE_FAULT_PAUSE_SECONDS, default 5, then
/// goes on: a window in which a test signals, kills or restarts something). Each fires right after the epoch's checkpoint is written
/// and before the epoch is recorded (the narrowest window for losing a row). With <c>ABLATE_FAULT_ONCE=1</c>
/// a fault fires on the first attempt only (a marker file in the run folder remembers it).
/// </summary>
public sealed record FaultInjection(string Kind, int Epoch, string? RunIdPrefix)
{
    public const string Variable = "ABLATE_FAULT";
    public const string OnceVariable = "ABLATE_FAULT_ONCE";
    public const string PauseVariable = "ABLATE_FAULT_PAUSE_SECONDS";

    public static IReadOnlyList<FaultInjection> FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text)) return [];
        var faults = new List<FaultInjection>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (head, prefix) = part.Split(':', 2) is [var h, var p] ? (h, p) : (part, null);
            if (head.Split('@') is [var kind, var e] && int.TryParse(e, out var epoch) && kind is "crash" or "hang" or "oom" or "exit" or "pause")
                faults.Add(new FaultInjection(kind, epoch, prefix));
            else throw new ArgumentException($"{Variable}: '{part}' is not a fault; allowed: crash|hang|oom|exit|pause@<epoch>[:<run-id-prefix>]");
        }
        return faults;
    }

    /// <summary>Fires the faults that apply to this run at the end of this epoch.</summary>
    public static void At(IReadOnlyList<FaultInjection> faults, string runId, int epoch, string runDir)
    {
        foreach (var f in faults)
        {
            if (f.Epoch != epoch || (f.RunIdPrefix is not null && !runId.StartsWith(f.RunIdPrefix, StringComparison.Ordinal))) continue;
            var marker = Path.Combine(runDir, $"fault-{f.Kind}-{f.Epoch}.fired");
            if (Environment.GetEnvironmentVariable(OnceVariable) == "1")
            {
                if (File.Exists(marker)) continue;
                File.WriteAllText(marker, DateTime.UtcNow.ToString("O"));
            }
            Console.Out.Flush();
            Console.Error.WriteLine($"fault injection: {f.Kind} at epoch {epoch}");
            Console.Error.Flush();
            switch (f.Kind)
            {
                case "crash": Environment.FailFast($"injected crash at epoch {epoch}"); break;
                case "hang": Thread.Sleep(Timeout.Infinite); break;
                case "oom": Kill(Environment.ProcessId, 9); break;
                case "exit": Environment.Exit(70); break;
                case "pause":
                    Thread.Sleep(TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable(PauseVariable), out var s) ? s : 5));
                    break;
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
