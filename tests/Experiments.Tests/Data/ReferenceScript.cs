using System.Diagnostics;

namespace Ablation.Experiments.Tests.Data;

/// <summary>Runs a script of tests/reference/ with Debian's python3 (torch, torchvision) and returns its stdout.</summary>
public static class ReferenceScript
{
    public static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "reference");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/reference not found above " + AppContext.BaseDirectory);
    }

    public static string Run(string script, params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory(),
        };
        info.ArgumentList.Add(Path.Combine(Directory(), script));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{script} failed ({p.ExitCode}): {stderr.Result}");
        return stdout;
    }
}
