namespace Ablation.Reports.Charts;

/// <summary>
/// An axis: its title and unit (drawn as "Title (unit)"), optional fixed bounds (otherwise fitted to the data
/// with <see cref="NiceScale"/>), and whether ticks must be whole numbers (epochs, counts).
/// </summary>
public sealed record Axis(string Title, string? Unit = null, double? Min = null, double? Max = null, bool Integer = false)
{
    /// <summary>What the quantity can be at most and at least (an accuracy: 0 to 100 %): a fitted axis never pads past them.</summary>
    public double? Floor { get; init; }
    public double? Ceiling { get; init; }

    /// <summary>An accuracy in percent: between 0 and 100.</summary>
    public static Axis Percent(string title) => new(title, "%") { Floor = 0, Ceiling = 100 };

    public string Label => Unit is null ? Title : $"{Title} ({Unit})";
}
