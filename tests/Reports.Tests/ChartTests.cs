using System.Xml.Linq;
using Ablation.Reports.Charts;

namespace Ablation.Reports.Tests;

public class ChartTests
{
    [Theory]
    // Worked by hand with Heckbert's rules (6 ticks): range = nice(hi - lo) rounding up to 1/2/5/10,
    // step = nice(range / 5) rounding to nearest, bounds widened to whole steps.
    [InlineData(0.5, 95, 0, 100, 20)]                    // range nice(94.5) = 100, step nice(20) = 20
    [InlineData(74.95, 77.0, 74, 77, 1)]                 // range nice(2.05) = 5, step nice(1) = 1
    [InlineData(0.0407, 0.0412, 0.0407, 0.0412, 0.0001)] // range nice(0.0005) = 0.0005, step nice(0.0001) = 0.0001
    [InlineData(-3, 7, -4, 8, 2)]                        // range nice(10) = 10, step nice(2) = 2
    public void Nice_scale_uses_1_2_5_steps_and_covers_the_data(double lo, double hi, double min, double max, double step)
    {
        var s = NiceScale.For(lo, hi);
        Assert.True(s.Min <= lo && s.Max >= hi, $"{s} must cover [{lo}, {hi}]");
        var mantissa = s.Step / Math.Pow(10, Math.Floor(Math.Log10(s.Step)));
        Assert.Contains(Math.Round(mantissa, 6), new[] { 1.0, 2.0, 5.0 });
        Assert.InRange(s.Ticks().Count, 3, 12);
        Assert.Equal(min, s.Min, 9);
        Assert.Equal(max, s.Max, 9);
        Assert.Equal(step, s.Step, 9);
    }

    [Fact]
    public void Nice_scale_edge_cases()
    {
        var flat = NiceScale.For(5, 5);
        Assert.True(flat.Min < 5 && flat.Max > 5);
        var epochs = NiceScale.For(1, 2, integer: true);
        Assert.Equal([1.0, 2.0], epochs.Ticks());
        Assert.Equal(0, epochs.Decimals);
        Assert.Equal(2, NiceScale.For(0.01, 0.09).Decimals);
        Assert.Equal([0.0, 0.5, 1.0], new NiceScale(0, 1, 0.5).Ticks());
        Assert.True(double.IsFinite(NiceScale.For(double.NaN, double.NaN).Max));
    }

    [Fact]
    public void Pareto_front_keeps_only_undominated_points()
    {
        ChartPoint P(double x, double y) => new(x, y);
        var points = new[] { P(1, 70), P(2, 75), P(2, 72), P(3, 74), P(4, 80), P(5, 79) };
        Assert.Equal([P(1, 70), P(2, 75), P(4, 80)], ParetoFront.Of(points, lowerXIsBetter: true));
        // Throughput: higher x is better.
        Assert.Equal([P(4, 80), P(5, 79)], ParetoFront.Of(points, lowerXIsBetter: false));
        Assert.Single(ParetoFront.Of([P(1, 1), P(1, 1)], true).Distinct());
    }

    private static XElement Parse(string svg) => XElement.Parse(svg);

    private static IEnumerable<string> Texts(XElement svg) => svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value);

    [Fact]
    public void Scatter_chart_draws_axes_units_legend_error_bars_and_labels()
    {
        var svg = Parse(new ScatterChart
        {
            Title = "Top-1 vs MACs <&>",
            X = new Axis("MACs", "G"),
            Y = new Axis("Top-1", "%"),
            Series = [new ChartSeries("resnet20", [new ChartPoint(1, 70, 0, 0.5, "none"), new ChartPoint(2, 75, 0, 1, "se@block")]),
                      new ChartSeries("resnet56", [new ChartPoint(3, 78, 0, 0, "se@block")])],
        }.Render());
        var texts = Texts(svg).ToList();
        Assert.Contains("Top-1 vs MACs <&>", texts);            // escaped in the file, intact when parsed
        Assert.Contains("MACs (G)", texts);
        Assert.Contains("Top-1 (%)", texts);
        Assert.Contains("resnet20", texts);
        Assert.Contains("resnet56", texts);
        Assert.Contains("Pareto front", texts);
        Assert.Contains("se@block", texts);
        Assert.Equal(3, svg.Descendants().Count(e => e.Name.LocalName == "circle" && e.Attribute("r")?.Value == "4.5"));
        Assert.Single(svg.Descendants(), e => e.Name.LocalName == "polyline");   // the front
        // Two points with y error bars: 3 lines each (bar and two caps).
        Assert.True(svg.Descendants().Count(e => e.Name.LocalName == "line" && e.Attribute("stroke")?.Value == Palette.Color(0)) >= 6);
    }

    [Fact]
    public void Bar_and_line_charts_render_and_tolerate_missing_values()
    {
        var bars = Parse(new BarChart
        {
            Title = "Top-1",
            Y = new Axis("Top-1", "%"),
            Categories = ["none", "se", "cbam"],
            Series = [new BarSeries("block", [75, 76, double.NaN], [0.2, 0.3, 0]), new BarSeries("stage", [double.NaN, 74, 73])],
            FromZero = false,
        }.Render());
        Assert.Equal(4, bars.Descendants().Count(e => e.Name.LocalName == "rect" && e.Attribute("fill")?.Value != "#ffffff"
                                                      && e.Attribute("width")?.Value != "10"));   // 4 bars (legend swatches are 10 wide)
        Assert.Contains("cbam", Texts(bars));
        var negative = Parse(new BarChart { Title = "Δ", Y = new Axis("Δ time", "%"), Categories = ["a", "b"], Series = [new BarSeries("d", [-5, 10])] }.Render());
        Assert.Contains("0", Texts(negative));
        var lines = Parse(new LineChart
        {
            Title = "Curves",
            X = new Axis("Epoch", Integer: true),
            Y = new Axis("Top-1", "%"),
            Series = [new BandSeries("se", [(1, 60, 59, 61), (2, 70, 69, 71)]), new BandSeries("none", [(1, 58, double.NaN, double.NaN)])],
        }.Render());
        Assert.Single(lines.Descendants(), e => e.Name.LocalName == "polygon");
        Assert.Contains("Epoch", Texts(lines));
        var empty = Parse(new ScatterChart { Title = "nothing", X = new Axis("x"), Y = new Axis("y"), Series = [] }.Render());
        Assert.Contains("no measurements", Texts(empty));
    }

    [Fact]
    public void Palette_is_distinct_and_cycles()
    {
        Assert.Equal(8, Palette.Colors.Distinct().Count());
        Assert.Equal(Palette.Color(0), Palette.Color(8));
    }
}
