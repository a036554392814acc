namespace Ablation.Reports.Output;

/// <summary>A cell: its text (may contain ±, Δ, †, ✓, ✗, – which each renderer spells its own way) and whether it is the best of its column.</summary>
public sealed record TableCell(string Text, bool Bold = false)
{
    public static implicit operator TableCell(string text) => new(text);
}

/// <summary>
/// A table independent of its format: caption, header, right-aligned numeric columns, rows and footnotes.
/// Markdown, LaTeX and HTML renderers draw the same model, so the three files always agree.
/// </summary>
public sealed record ResultTable(
    string Caption,
    IReadOnlyList<string> Headers,
    IReadOnlyList<bool> RightAligned,
    IReadOnlyList<IReadOnlyList<TableCell>> Rows,
    IReadOnlyList<string> Footnotes)
{
    /// <summary>Row indices after which a rule separates groups (for example between backbones).</summary>
    public IReadOnlyList<int> RulesAfter { get; init; } = [];
}
