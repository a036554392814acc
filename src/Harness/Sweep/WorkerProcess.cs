using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Ablation.Harness.Runs;
using Ablation.Harness.Worker;

namespace Ablation.Harness.Sweep;

/// <summary>
/// One `ablate worker` child process: started with the run folder, store, device and thread count; its
/// stdout and stderr go to the run's log.txt (with timestamps) except the progress lines of
/// <see cref="WorkerProtocol"/>, which are handed to <see cref="OnEvent"/>.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _gate = new();

    public PlannedWork Work { get; }
    public string Device { get; }
    public DateTime StartedUtc { get; } = DateTime.UtcNow;
    public bool TimedOut { get; private set; }
    public bool Killed { get; private set; }
    public bool StopRequested { get; private set; }
    public Action<JsonObject>? OnEvent { get; set; }

    private WorkerProcess(PlannedWork work, string device, Process process, StreamWriter log)
    {
        Work = work;
        Device = device;
        _process = process;
        _log = log;
    }

    public static WorkerProcess Start(PlannedWork work, string device, int threads, string storeLocation, int attempt, Action<JsonObject>? onEvent)
    {
        var dir = work.Dir;
        Directory.CreateDirectory(dir.Path);
        var log = new StreamWriter(new FileStream(dir.LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        log.WriteLine($"{Stamp()} === attempt {attempt} on {device} ({threads} threads), code {CodeVersion.Current}");
        var (host, prefix) = Launcher();
        var psi = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = false, UseShellExecute = false,
        };
        foreach (var a in prefix) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "worker", "--run-dir", dir.Path, "--store", storeLocation, "--device", device, "--threads", threads.ToString() })
            psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = threads.ToString();
        psi.Environment["DOTNET_gcServer"] = "0";
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var worker = new WorkerProcess(work, device, process, log) { OnEvent = onEvent };
        process.OutputDataReceived += (_, e) => worker.Line(e.Data, stderr: false);
        process.ErrorDataReceived += (_, e) => worker.Line(e.Data, stderr: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>How to start this program again: the dotnet host and our dll, or our own apphost.</summary>
    internal static (string Host, string[] Prefix) Launcher()
    {
        var dll = typeof(WorkerProcess).Assembly.Location;
        var self = Environment.ProcessPath ?? "dotnet";
        var name = Path.GetFileNameWithoutExtension(self);
        if (name == "dotnet") return (self, [dll]);
        var apphost = Path.ChangeExtension(dll, null);
        if (File.Exists(apphost)) return (apphost, []);
        return (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dll]);
    }

    private static string Stamp() => DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss");

    private void Line(string? line, bool stderr)
    {
        if (line is null) return;
        if (!stderr && WorkerProtocol.Parse(line) is { } message)
        {
            OnEvent?.Invoke(message);
            return;
        }
        lock (_gate)
        {
            try { _log.WriteLine($"{Stamp()} {(stderr ? "! " : "")}{line}"); }
            catch (ObjectDisposedException) { }
        }
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public Task WaitAsync(CancellationToken token = default) => _process.WaitForExitAsync(token);

    /// <summary>The exit code once the process and its output streams are done (128+N for signal N).</summary>
    public int ExitCode
    {
        get
        {
            _process.WaitForExit();
            return _process.ExitCode;
        }
    }

    /// <summary>Asks the worker to checkpoint and stop (SIGTERM).</summary>
    public void RequestStop()
    {
        StopRequested = true;
        if (!_process.HasExited) Kill(_process.Id, 15);
    }

    /// <summary>Ends the worker at once (a hang past its timeout, or a second Ctrl+C).</summary>
    public void KillNow(bool timedOut)
    {
        TimedOut |= timedOut;
        Killed = true;
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
    }

    public void Note(string text)
    {
        lock (_gate)
        {
            try { _log.WriteLine($"{Stamp()} {text}"); }
            catch (ObjectDisposedException) { }
        }
    }

    public void Dispose()
    {
        lock (_gate) _log.Dispose();
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
