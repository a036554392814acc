using System.Diagnostics;

namespace Ablation.Reports.Tests;

/// <summary>
/// Debian's chromium, headless, offline and with a fresh profile: renders a local HTML file to a PNG and
/// returns Chromium's log, in which page console messages and script errors appear as "CONSOLE" lines.
/// </summary>
internal static class HeadlessChromium
{
    public static string Executable =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("chromium is not installed (scripts/setup.sh all installs Debian's chromium)");

    public static string Screenshot(string html, string png, int width = 1400, int height = 3200)
    {
        var profile = Directory.CreateTempSubdirectory("ablation-chromium-");
        try
        {
            var psi = new ProcessStartInfo(Executable)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--hide-scrollbars", "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile.FullName}",
                $"--screenshot={png}", $"--window-size={width},{height}", new Uri(Path.GetFullPath(html)).AbsoluteUri,
            }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(120_000))   // generous: the machine may be shared; a render takes seconds
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish within 120 s");
            }
            return stdout.Result + stderr.Result;
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Log lines that report page console output or script errors.</summary>
    public static IReadOnlyList<string> ConsoleLines(string log) =>
        log.Split('\n').Where(l => l.Contains("CONSOLE") || l.Contains("Uncaught")).ToList();
}
