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

    private static XElement Svg(IChart chart) => XElement.Parse(ChartImage.Svg(chart, FigureSize.Wide));

    /// <summary>The SVG's text elements, as a reader sees them (Skia writes each one's text between line breaks).</summary>
    private static List<string> Texts(XElement svg) =>
        svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();

    private static readonly ScatterChart Scatter = new()
    {
        Title = "Top-1 vs MACs <&>",
        X = new Axis("MACs", "G"),
        Y = new Axis("Top-1", "%"),
        Series = [new ChartSeries("resnet20", [new ChartPoint(1, 70, 0, 0.5, "none"), new ChartPoint(2, 75, 0, 1, "se@block")]),
                  new ChartSeries("resnet56", [new ChartPoint(3, 78, 0, 0, "se@block")])],
    };

    [Fact]
    public void Scatter_chart_draws_title_axes_units_legend_front_and_labels_in_dejavu_sans()
    {
        var svg = Svg(Scatter);
        var texts = Texts(svg);
        Assert.Contains("Top-1 vs MACs <&>", texts);            // escaped in the file, intact when parsed
        Assert.Contains("MACs (G)", texts);
        Assert.Contains("Top-1 (%)", texts);
        Assert.Contains("resnet20", texts);
        Assert.Contains("resnet56", texts);
        Assert.Contains("Pareto front", texts);
        Assert.Equal(2, texts.Count(t => t == "se@block"));
        Assert.Contains("none", texts);
        Assert.All(svg.Descendants().Where(e => e.Name.LocalName == "text"), t => Assert.Equal(ChartStyle.FontName, (string?)t.Attribute("font-family")));
        // The series' points in their Okabe–Ito colours: two blue (resnet20), one orange (resnet56).
        var fills = svg.Descendants().Where(e => e.Name.LocalName == "ellipse").Select(e => ((string?)e.Attribute("fill"))?.ToUpperInvariant()).ToList();
        Assert.True(fills.Count(f => f == Palette.Color(0)) >= 2, string.Join(",", fills));
        Assert.True(fills.Count(f => f == Palette.Color(1)) >= 1, string.Join(",", fills));
    }

    [Fact]
    public void Bar_and_line_charts_render_and_tolerate_missing_values()
    {
        var bars = Svg(new BarChart
        {
            Title = "Top-1",
            Y = new Axis("Top-1", "%"),
            Categories = ["none", "se", "cbam"],
            Series = [new BarSeries("block", [75, 76, double.NaN], [0.2, 0.3, 0]), new BarSeries("stage", [double.NaN, 74, 73])],
            FromZero = false,
        });
        Assert.Contains("cbam", Texts(bars));
        Assert.Contains("stage", Texts(bars));
        var negative = Svg(new BarChart { Title = "Δ", Y = new Axis("Δ time", "%"), Categories = ["a", "b"], Series = [new BarSeries("d", [-5, 10])] });
        Assert.Contains("0", Texts(negative));
        var lines = Svg(new LineChart
        {
            Title = "Curves",
            X = new Axis("Epoch", Integer: true),
            Y = new Axis("Top-1", "%"),
            Series = [new BandSeries("se", [(1, 60, 59, 61), (2, 70, 69, 71)]), new BandSeries("none", [(1, 58, double.NaN, double.NaN)])],
        });
        Assert.Contains("Epoch", Texts(lines));
        Assert.Equal(["1", "2"], Texts(lines).Where(t => t is "1" or "2" or "1.5"));   // whole epochs only
        var empty = Svg(new ScatterChart { Title = "nothing", X = new Axis("x"), Y = new Axis("y"), Series = [] });
        Assert.Contains(ScatterChart.NoData, Texts(empty));
    }

    [Theory]
    [InlineData(96, 640, 420)]
    [InlineData(150, 1000, 656)]
    [InlineData(300, 2000, 1313)]
    public void Png_has_the_size_and_density_of_its_dpi_and_is_not_blank(int dpi, int width, int height)
    {
        var bytes = ChartImage.Png(Scatter, FigureSize.Wide, dpi);
        Assert.Equal(dpi, PngDensity.Read(bytes));
        var path = Path.Combine(TestStore.NewDirectory(), "scatter.png");
        File.WriteAllBytes(path, bytes);
        var image = PngImage.Load(path);
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.True(image.Variance() > 100, $"pixel variance {image.Variance():0.0}: blank");
        Assert.True(image.Count(Palette.Color(0)) > 40 * dpi / 96.0, "the blue points are missing");
    }

    [Fact]
    public void Png_density_chunk_replaces_an_old_one_and_keeps_the_image()
    {
        var once = ChartImage.Png(Scatter, FigureSize.Small, 100);
        var twice = PngDensity.Set(once, 200);
        Assert.Equal(200, PngDensity.Read(twice));
        Assert.Equal(once.Length, twice.Length);                        // replaced, not added
        // CRC-32 check value of "123456789" (the ISO 3309 / PNG polynomial's standard check).
        Assert.Equal(0xCBF43926u, PngDensity.Crc32("123456789"u8));
    }

    [Fact]
    public void Palette_is_distinct_and_cycles()
    {
        Assert.Equal(8, Palette.Colors.Distinct().Count());
        Assert.Equal(Palette.Color(0), Palette.Color(8));
    }
}
