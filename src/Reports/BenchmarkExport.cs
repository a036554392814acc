namespace Ablation.Reports;

/// <summary>
/// The latest micro-benchmark export (bench/: BenchmarkDotNet's GitHub-flavoured Markdown report of the
/// attention modules), included verbatim in report.html as a table: its file, time and Markdown table lines.
/// </summary>
public sealed record BenchmarkExport(string Path, DateTime WrittenAt, string Markdown)
{
    /// <summary>The newest <c>*-report-github.md</c> under <paramref name="artifactsDir"/>, or null.</summary>
    public static BenchmarkExport? FindLatest(string artifactsDir)
    {
        if (!Directory.Exists(artifactsDir)) return null;
        var file = Directory.EnumerateFiles(artifactsDir, "*Attention*-report-github.md", SearchOption.AllDirectories)
            .Select(f => new FileInfo(f)).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault();
        return file is null ? null : new BenchmarkExport(file.FullName, file.LastWriteTimeUtc, File.ReadAllText(file.FullName));
    }

    /// <summary>The Markdown table's rows as cells (header first), skipping the alignment row and any text around it.</summary>
    public IReadOnlyList<IReadOnlyList<string>> TableRows() =>
        Markdown.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('|'))
            .Where(l => !l.Replace("|", "").Replace("-", "").Replace(":", "").Trim().Equals(""))
            .Select(l => (IReadOnlyList<string>)l.Trim('|').Split('|').Select(c => c.Trim().Replace("**", "")).ToList())
            .ToList();

    /// <summary>The text before the table (BenchmarkDotNet's environment block: CPU, runtime, job).</summary>
    public string Environment => string.Join("\n", Markdown.Split('\n').TakeWhile(l => !l.TrimStart().StartsWith('|'))
        .Where(l => !l.TrimStart().StartsWith("```")).Select(l => l.TrimEnd())).Trim();
}
