using System.Diagnostics;

namespace Ablation.Harness.Tests.Cli;

/// <summary>Runs the real `ablate` (ablate.dll next to the tests) for the model commands (profile, list,
/// infer), and Debian's python3 for the reference side.</summary>
internal static class ModelCliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    public static Result Ablate(params string[] args) =>
        Run(Environment.ProcessPath!.EndsWith("dotnet") ? Environment.ProcessPath : "dotnet",
            new[] { Path.Combine(AppContext.BaseDirectory, "ablate.dll") }.Concat(args));

    public static Result Python(params string[] args) => Run("/usr/bin/python3", args);

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "tests", "reference", "backbones_ref.py"))) return d.FullName;
        throw new DirectoryNotFoundException("tests/reference/backbones_ref.py not found above " + AppContext.BaseDirectory);
    }

    private static Result Run(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(" ", args)} did not finish in 2 minutes");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
