using Ablation.Reports.Charts;

namespace Ablation.Reports.Tests;

/// <summary>The report as a user sees it: rendered by headless Chromium, not blank, charts drawn, no script errors.</summary>
public class HtmlRenderTests
{
    [Fact]
    public void Report_renders_in_headless_chromium_without_errors()
    {
        var png = Path.Combine(SampleReport.Dir, "report.png");
        var log = HeadlessChromium.Screenshot(SampleReport.File("report.html"), png);
        Assert.True(File.Exists(png), "no screenshot written; chromium said:\n" + log);
        Assert.Empty(HeadlessChromium.ConsoleLines(log));

        var image = PngImage.Load(png);
        Assert.Equal(1400, image.Width);
        int white = image.Count("#ffffff", 2);
        Assert.True(white < image.Width * image.Height * 0.97, $"the page is (almost) blank: {white} white pixels");
        Assert.True(image.DistinctColors() > 50, "too few colours for a page with tables and charts");
        // Series colours of the charts (Okabe–Ito blue, orange, green) are on screen.
        Assert.True(image.Count(Palette.Color(0)) > 2000, "blue chart marks missing");
        Assert.True(image.Count(Palette.Color(1)) > 300, "orange chart marks missing");
        Assert.True(image.Count(Palette.Color(2)) > 300, "green chart marks missing");
    }

    [Fact]
    public void The_error_check_sees_a_script_error()
    {
        // The detector must be able to fail: a page with a script error is reported.
        var dir = TestStore.NewDirectory();
        var html = Path.Combine(dir, "broken.html");
        File.WriteAllText(html, "<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction();</script></body></html>");
        var log = HeadlessChromium.Screenshot(html, Path.Combine(dir, "broken.png"), 400, 300);
        Assert.Contains(HeadlessChromium.ConsoleLines(log), l => l.Contains("undefinedFunction"));
    }
}
