using System.Diagnostics;

namespace Ablation.TorchSupport.Tests;

/// <summary>
/// Runs a snippet with Debian's python3 (the interpreter that has torch), for the interop checks in both
/// directions: what C# writes must load into PyTorch and give PyTorch's output there.
/// </summary>
internal static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>tests/reference, where the reference scripts (and their importable models) live.</summary>
    public static string ReferenceDir { get; } = Path.GetFullPath(Path.Combine(Fixtures.Dir, "..", "..", "reference"));

    /// <summary>A Python string literal holding <paramref name="s"/>.</summary>
    public static string Quote(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    /// <summary>Runs <paramref name="code"/> from stdin and returns its stdout; a non-zero exit is an error with stderr.</summary>
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
        if (p.ExitCode != 0) throw new InvalidOperationException($"{Interpreter} failed ({p.ExitCode}): {stderr}");
        return stdout.Result;
    }
}

/// <summary>
/// Tests that seed libtorch's global generator and compare what it draws with PyTorch: they run alone, because a
/// test drawing random numbers in parallel would move the generator under them.
/// </summary>
[Xunit.CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededCollection
{
    public const string Name = "libtorch's global generator";
}
