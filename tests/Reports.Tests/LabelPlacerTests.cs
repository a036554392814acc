using Ablation.Reports.Charts;

namespace Ablation.Reports.Tests;

public class LabelPlacerTests
{
    private static readonly PixelBox Plot = new(50, 40, 440, 330);

    private static void AssertNoOverlaps(IReadOnlyList<LabelRequest> labels, IReadOnlyList<LabelPlacement> placed, double markerRadius)
    {
        for (int i = 0; i < placed.Count; i++)
        {
            Assert.True(placed[i].Box.Inside(Plot), $"label {i} at {placed[i].Box} leaves the plot");
            for (int j = i + 1; j < placed.Count; j++)
                Assert.False(placed[i].Box.Overlaps(placed[j].Box), $"labels {i} and {j} overlap: {placed[i].Box}, {placed[j].Box}");
            foreach (var l in labels)
                Assert.False(placed[i].Box.Overlaps(PixelBox.Around(l.X, l.Y, markerRadius)), $"label {i} covers the marker at ({l.X}, {l.Y})");
        }
    }

    [Fact]
    public void A_lone_point_gets_its_label_upper_right_next_to_it()
    {
        var l = new LabelRequest(200, 200, 60, 12);
        var p = Assert.Single(LabelPlacer.Place([l], Plot, markerRadius: 5));
        Assert.False(p.Displaced);
        Assert.True(p.Box.Left > 200 && p.Box.Bottom < 200, $"{p.Box} is not upper right of (200, 200)");
        Assert.True(p.Box.Left - 200 < 10 && 200 - p.Box.Bottom < 10, $"{p.Box} is not next to the point");
    }

    [Fact]
    public void A_label_at_the_right_edge_flips_to_the_left_inside_the_plot()
    {
        var l = new LabelRequest(Plot.Right - 4, 200, 60, 12);
        var p = Assert.Single(LabelPlacer.Place([l], Plot, markerRadius: 5));
        Assert.True(p.Box.Right < l.X, $"{p.Box}");
        Assert.True(p.Box.Inside(Plot));
    }

    [Fact]
    public void Clustered_points_get_labels_that_overlap_neither_each_other_nor_markers()
    {
        // The quickstart's shape: eight configurations within a few pixels of each other (same MACs, top-1
        // within a point), labels such as "cbam-channel@block" far wider than the cluster.
        string[] names = ["none", "se@block", "cbam@block", "eca@block", "ca@block", "simam@block", "cbam-channel@block", "bam@stage"];
        var labels = names.Select((n, i) => new LabelRequest(250 + (i % 3) * 2.5, 180 + i * 1.5, 6.4 * n.Length, 12)).ToList();
        var placed = LabelPlacer.Place(labels, Plot, markerRadius: 5);
        AssertNoOverlaps(labels, placed, 5);
        Assert.Contains(placed, p => p.Displaced);                      // eight labels do not fit on the first ring
    }

    [Fact]
    public void The_greedy_baseline_of_one_fixed_position_overlaps_on_the_same_cluster()
    {
        // The check can fail: labels always put upper right (what the chart did before) do overlap here.
        var labels = Enumerable.Range(0, 5).Select(i => new LabelRequest(250 + i, 180 + i, 60, 12)).ToList();
        var fixedSpot = labels.Select(l => LabelPlacer.Candidates(l, 10).First()).ToList();
        Assert.True(fixedSpot[0].Overlaps(fixedSpot[1]));
        AssertNoOverlaps(labels, LabelPlacer.Place(labels, Plot, 5), 5);
    }

    [Fact]
    public void Rendered_scatter_labels_do_not_overlap()
    {
        // End to end: the text boxes ScottPlot actually drew, read back after rendering.
        string[] names = ["none", "se@block", "cbam@block", "eca@block", "ca@block", "simam@block", "cbam-channel@block", "bam@stage"];
        var chart = new ScatterChart
        {
            Title = "clustered",
            X = new Axis("MACs", "G"),
            Y = new Axis("Top-1", "%"),
            Series = [new ChartSeries("resnet18", names.Select((n, i) => new ChartPoint(0.5 + 0.001 * (i % 3), 80 + 0.05 * i, 0, 0.3, n)).ToList()),
                      new ChartSeries("resnet34", [new ChartPoint(1.1, 82, 0, 0.2, "none"), new ChartPoint(1.1005, 82.1, 0, 0.2, "se@block")])],
        };
        // Kept for a look by eye: <temp>/ablation-reports-tests/<id>/clustered.png.
        File.WriteAllBytes(Path.Combine(TestStore.NewDirectory(), "clustered.png"), ChartImage.Png(chart, FigureSize.Wide));
        var plt = chart.ToPlot(FigureSize.Wide);
        plt.RenderInMemory(FigureSize.Wide.Width, FigureSize.Wide.Height);
        var boxes = plt.GetPlottables<ScottPlot.Plottables.Text>().Select(t => t.LabelStyle.LastRenderPixelRect).ToList();
        Assert.Equal(names.Length + 2, boxes.Count);
        var data = plt.LastRender.DataRect;
        for (int i = 0; i < boxes.Count; i++)
        {
            Assert.True(boxes[i].Width > 10 && boxes[i].Height > 5, $"label {i} was not drawn: {boxes[i]}");
            Assert.True(boxes[i].Left >= data.Left - 1 && boxes[i].Right <= data.Right + 1 && boxes[i].Top >= data.Top - 1 && boxes[i].Bottom <= data.Bottom + 1,
                $"label {i} {boxes[i]} outside the data area {data}");
            for (int j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                bool overlap = a.Left < b.Right - 0.5 && b.Left < a.Right - 0.5 && a.Top < b.Bottom - 0.5 && b.Top < a.Bottom - 0.5;
                Assert.False(overlap, $"labels {i} and {j} overlap: {a} and {b}");
            }
        }
    }
}
