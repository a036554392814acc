namespace Ablation.Reports.Charts;

/// <summary>
/// A chart that draws itself on a ScottPlot <see cref="ScottPlot.Plot"/> laid out at a <see cref="FigureSize"/>.
/// <see cref="ChartImage"/> turns it into SVG and PNG.
/// </summary>
public interface IChart
{
    string Title { get; }

    /// <summary>A new plot with everything drawn, its axis limits fixed, laid out for <paramref name="size"/> at scale 1.</summary>
    ScottPlot.Plot ToPlot(FigureSize size);
}
