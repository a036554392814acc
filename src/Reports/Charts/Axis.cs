namespace Ablation.Reports.Charts;

/// <summary>
/// An axis: its title and unit (drawn as "Title (unit)"), optional fixed bounds (otherwise fitted to the data
/// with <see cref="NiceScale"/>), and whether ticks must be whole numbers (epochs, counts).
/// </summary>
public sealed record Axis(string Title, string? Unit = null, double? Min = null, double? Max = null, bool Integer = false)
{
    public string Label => Unit is null ? Title : $"{Title} ({Unit})";
}
