namespace Ablation.Reports.Charts;

/// <summary>A label to place beside its point: the point in figure pixels and the label's measured size.</summary>
public sealed record LabelRequest(double X, double Y, double Width, double Height);

/// <summary>Where a label went: its box, and whether it sits away from its point (draw a leader line then).</summary>
public sealed record LabelPlacement(PixelBox Box, bool Displaced)
{
    /// <summary>The point of the box nearest to (x, y): where a leader line from the point ends.</summary>
    public (double X, double Y) NearestTo(double x, double y) =>
        (Math.Clamp(x, Box.Left, Box.Right), Math.Clamp(y, Box.Top, Box.Bottom));
}

/// <summary>
/// Greedy point-label placement on a ring of candidate positions, the "fixed-position model" of
/// Christensen, Marks and Shieber ("An empirical study of algorithms for point-feature label placement",
/// ACM Transactions on Graphics 14(3), 1995), widened with further rings so that clustered points still
/// get a free spot. Labels choose one after the other, crowded points first; each takes its cheapest
/// candidate (<see cref="Score"/>): inside the plot, on no placed label and no marker, preferably on no
/// line (error bars, the Pareto front), and as near its point as that allows. Candidates are tried nearest
/// ring first, and on each ring in the cartographers' order of preference (upper right, lower right, upper
/// left, lower left, right, left, above, below). Labels off the first ring are
/// <see cref="LabelPlacement.Displaced"/> and get a leader line.
/// </summary>
public static class LabelPlacer
{
    /// <summary>Gap between a point and its label on the first ring, in pixels.</summary>
    public const double Gap = 5;

    /// <param name="obstacles">other marks labels should rather not cover (error bars, lines), as boxes.</param>
    public static IReadOnlyList<LabelPlacement> Place(IReadOnlyList<LabelRequest> labels, PixelBox bounds,
        double markerRadius = 5, int rings = 12, IReadOnlyList<PixelBox>? obstacles = null)
    {
        var markers = labels.Select(l => PixelBox.Around(l.X, l.Y, markerRadius)).ToList();
        var soft = obstacles ?? [];
        var placed = new List<PixelBox>();
        var result = new LabelPlacement[labels.Count];
        // Crowded points first: they have the fewest free candidates, so they choose before their neighbours.
        var order = Enumerable.Range(0, labels.Count)
            .OrderByDescending(i => labels.Count(o => Math.Abs(o.X - labels[i].X) < 3 * labels[i].Width && Math.Abs(o.Y - labels[i].Y) < 4 * labels[i].Height))
            .ThenBy(i => i)
            .ToList();
        foreach (int i in order)
        {
            var label = labels[i];
            (PixelBox Box, int Ring, double Score) best = (default, 0, double.PositiveInfinity);
            for (int ring = 0; ring < rings && best.Score > 0; ring++)
                foreach (var box in Candidates(label, markerRadius + Gap + ring * (label.Height + 2)))
                {
                    double score = Score(box, ring, bounds, placed, markers, soft);
                    if (score < best.Score) best = (box, ring, score);
                    if (score == 0) break;
                }
            result[i] = new LabelPlacement(best.Box, best.Ring > 0);
            placed.Add(best.Box);
        }
        return result;
    }

    /// <summary>The eight positions around the point at distance <paramref name="d"/>, in order of preference.</summary>
    internal static IEnumerable<PixelBox> Candidates(LabelRequest l, double d)
    {
        double w = l.Width, h = l.Height, x = l.X, y = l.Y, diag = d * 0.7071;
        yield return new PixelBox(x + diag, y - diag - h, w, h);           // upper right
        yield return new PixelBox(x + diag, y + diag, w, h);               // lower right
        yield return new PixelBox(x - diag - w, y - diag - h, w, h);       // upper left
        yield return new PixelBox(x - diag - w, y + diag, w, h);           // lower left
        yield return new PixelBox(x + d, y - h / 2, w, h);                 // right
        yield return new PixelBox(x - d - w, y - h / 2, w, h);             // left
        yield return new PixelBox(x - w / 2, y - d - h, w, h);             // above
        yield return new PixelBox(x - w / 2, y + d, w, h);                 // below
    }

    /// <summary>
    /// 0 for a free spot on the first ring. Covering a label or a marker, or leaving the plot, costs far more
    /// (per square pixel) than covering a line, and a line more than moving one ring out, so a label moves
    /// away from lines when it can and onto them only rather than onto other labels.
    /// </summary>
    private static double Score(PixelBox box, int ring, PixelBox bounds, List<PixelBox> placed, List<PixelBox> markers, IReadOnlyList<PixelBox> soft)
    {
        double hard = box.Width * box.Height - box.OverlapArea(bounds);
        foreach (var p in placed) hard += box.OverlapArea(p);
        foreach (var m in markers) hard += box.OverlapArea(m);
        double lines = 0;
        foreach (var o in soft) lines += box.OverlapArea(o);
        return hard * 1000 + lines + ring * 25;
    }
}
