namespace Ablation.Reports.Charts;

/// <summary>
/// Series colours: the Okabe–Ito palette (M. Okabe and K. Ito, "Color Universal Design", 2002), distinguishable
/// with the common colour-vision deficiencies, in an order where neighbours contrast; it cycles after eight.
/// </summary>
public static class Palette
{
    public static readonly IReadOnlyList<string> Colors =
        ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

    public static string Color(int index) => Colors[((index % Colors.Count) + Colors.Count) % Colors.Count];

    /// <summary>The same colour for ScottPlot.</summary>
    public static ScottPlot.Color Of(int index) => ScottPlot.Color.FromHex(Color(index));

    public static ScottPlot.Color Of(string hex) => ScottPlot.Color.FromHex(hex);

    public const string Axis = "#333333";
    public const string Grid = "#e3e3e3";
    public const string Text = "#222222";
    public const string Muted = "#666666";
}
