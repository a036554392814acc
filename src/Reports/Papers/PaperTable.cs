namespace Ablation.Reports.Papers;

/// <summary>
/// A published table (experiments/papers/*.yaml, format in experiments/papers/README.md): where the numbers
/// come from (title, citation, url, table), the setting they share (dataset, input size, classes), the
/// tolerance for "reproduced", and one <see cref="PaperEntry"/> per printed row.
/// </summary>
public sealed record PaperTable(
    string Path,
    string Title,
    string? Citation,
    string? Url,
    string? Table,
    string? Dataset,
    long? Input,
    long? Classes,
    PaperTolerance Tolerance,
    IReadOnlyList<PaperEntry> Results)
{
    /// <summary>Where to cite it from, in one line: "Title, Citation, Table (url)".</summary>
    public string Source => string.Join(", ", new[] { Title, Citation, Table }.Where(s => !string.IsNullOrEmpty(s))) +
                            (string.IsNullOrEmpty(Url) ? "" : $" ({Url})");

    /// <summary>The entry's input size, or the file's.</summary>
    public long? InputOf(PaperEntry e) => e.Input ?? Input;

    /// <summary>The entry's class count, or the file's.</summary>
    public long? ClassesOf(PaperEntry e) => e.Classes ?? Classes;

    /// <summary>The entry's dataset, or the file's.</summary>
    public string? DatasetOf(PaperEntry e) => e.Dataset ?? Dataset;
}
