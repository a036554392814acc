namespace Ablation.Reports.Charts;

/// <summary>A data point with optional symmetric error bars (for example one standard deviation over seeds) and a label drawn beside it.</summary>
public sealed record ChartPoint(double X, double Y, double XError = 0, double YError = 0, string? Label = null);

/// <summary>A named set of points drawn in one colour.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);
