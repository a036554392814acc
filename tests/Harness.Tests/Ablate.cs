using System.Diagnostics;
using System.Text;

namespace Ablation.Harness.Tests;

/// <summary>Runs the real `ablate` (the dll built next to the tests) as a child process, as a user would.</summary>
public static class Ablate
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "ablate.dll");

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    public static Process Start(string workDir, IDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!.EndsWith("dotnet") ? Environment.ProcessPath : "dotnet")
        {
            WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ABLATE_CODE_VERSION"] = "test";
        psi.Environment["ABLATE_BENCH_STEPS"] = "2"; // a short end-of-run benchmark per worker run (a test may ask for more)
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    /// <summary>Runs to the end (or kills it after <paramref name="timeout"/>) and returns its output.</summary>
    public static Result Run(string workDir, IDictionary<string, string>? env, TimeSpan timeout, params string[] args)
    {
        using var p = Start(workDir, env, args);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return new Result(-1, stdout.ToString(), stderr + "\n(killed by the test after " + timeout + ")");
        }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
