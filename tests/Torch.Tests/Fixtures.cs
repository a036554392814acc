using System.Diagnostics;

namespace Ablation.Torch.Tests;

/// <summary>Locates the committed fixtures (tests/Torch.Tests/fixtures) and the reference scripts.</summary>
internal static class Fixtures
{
    private static readonly string TestsRoot = FindTestsRoot();

    public static string Dir => System.IO.Path.Combine(TestsRoot, "Torch.Tests", "fixtures");
    public static string ReferenceDir => System.IO.Path.Combine(TestsRoot, "reference");

    public static string Path(string name) => System.IO.Path.Combine(Dir, name);

    private static string FindTestsRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (Directory.Exists(System.IO.Path.Combine(d.FullName, "tests", "reference")))
                return System.IO.Path.Combine(d.FullName, "tests");
        throw new DirectoryNotFoundException("tests/reference not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Runs a snippet with Debian's python3 (which has torch), for interop checks.</summary>
internal static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    public static string Quote(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    public static string Run(string code)
    {
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-");
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(code);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"python3 failed ({p.ExitCode}): {stderr}");
        return stdout.Result;
    }
}
