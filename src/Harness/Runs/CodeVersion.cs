using System.Diagnostics;

namespace Ablation.Harness.Runs;

/// <summary>
/// The code a run was trained with: the git commit of the source tree (with <c>-dirty</c> when it has
/// uncommitted changes), recorded with every run but not part of its identity, so a report can tell runs of
/// different code apart without a code change invalidating finished runs. ABLATE_CODE_VERSION overrides it.
/// </summary>
public static class CodeVersion
{
    private static readonly Lazy<string> Cached = new(Find);

    public static string Current => Cached.Value;

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("ABLATE_CODE_VERSION") is { Length: > 0 } fixedVersion) return fixedVersion;
        var dir = AppContext.BaseDirectory;
        try
        {
            var commit = Git(dir, "rev-parse --short=12 HEAD");
            if (commit is null) return "unknown";
            var dirty = Git(dir, "status --porcelain --untracked-files=no -- src native");
            return string.IsNullOrWhiteSpace(dirty) ? commit : commit + "-dirty";
        }
        catch (Exception) { return "unknown"; }
    }

    private static string? Git(string dir, string args)
    {
        var psi = new ProcessStartInfo("git", $"-C \"{dir}\" {args}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : null;
    }
}
