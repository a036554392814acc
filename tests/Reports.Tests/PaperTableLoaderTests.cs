using Ablation.Reports.Papers;

namespace Ablation.Reports.Tests;

public class PaperTableLoaderTests
{
    private const string Cbam = """
        title: "CBAM: Convolutional Block Attention Module"
        citation: "Woo et al., ECCV 2018"
        url: https://arxiv.org/abs/1807.06521
        table: "Table 4"
        dataset: imagenet
        input: 224
        classes: 1000
        tolerance: { top1_pp: 0.3 }
        results:
          - { backbone: resnet50-v1, attention: none, params_m: 25.56, gmacs: 3.858, top1_err: 24.56, top5_err: 7.50 }
          - backbone: resnet50-v1
            attention: { name: cbam, reduction: 16, pool: [avg, max] }
            placement: block
            stages: [2, 3]
            input: 256
            params_m: 28.09
            gmacs: 3.864
            top1: 77.34
        """;

    private static PaperTable Parse(string yaml) => PaperTableLoader.Parse(new StringReader(yaml), "papers/x.yaml");

    [Fact]
    public void Loads_fields_units_and_printed_digits()
    {
        var t = Parse(Cbam);
        Assert.Equal("CBAM: Convolutional Block Attention Module", t.Title);
        Assert.Equal("CBAM: Convolutional Block Attention Module, Woo et al., ECCV 2018, Table 4 (https://arxiv.org/abs/1807.06521)", t.Source);
        Assert.Equal(new PaperTolerance(0.3, 0.5, 0.001, 0.001), t.Tolerance);
        Assert.Equal(2, t.Results.Count);
        var none = t.Results[0];
        Assert.Equal(new PublishedNumber(25.56, 2), none.ParamsM);
        Assert.Equal(new PublishedNumber(3.858, 3), none.GMacs);
        Assert.Equal(new PublishedNumber(75.44, 2), none.Top1);   // 100 - 24.56
        Assert.Equal(new PublishedNumber(92.5, 2), none.Top5);    // 100 - 7.50, two decimals kept
        Assert.Equal(224, t.InputOf(none));
        var cbam = t.Results[1];
        Assert.Equal("cbam", cbam.Attention);
        Assert.Equal("cbam(pool=[avg,max],reduction=16)", cbam.AttentionLabel);
        Assert.Equal([2, 3], cbam.Stages!);
        Assert.Equal(256, t.InputOf(cbam));
        Assert.Equal(1000, t.ClassesOf(cbam));
        Assert.Equal(11, cbam.Line);   // the line of "- backbone: resnet50-v1"
    }

    [Fact]
    public void Published_numbers_match_to_the_printed_digits()
    {
        var p = PublishedNumber.Parse("25.56");
        Assert.True(p.MatchesRounded(25.557032));
        Assert.True(p.MatchesRounded(25.555));      // rounds half away from zero to 25.56
        Assert.True(p.MatchesRounded(25.5649));     // still 25.56
        Assert.False(p.MatchesRounded(25.565));
        Assert.Equal(2, PublishedNumber.Parse("7.50").Decimals);
        Assert.Equal(0, PublishedNumber.Parse("24").Decimals);
        Assert.Equal(new PublishedNumber(0.0025, 4), PublishedNumber.Parse("2.5e-3"));
        Assert.Equal(0.01, PublishedNumber.Parse("100").RelativeDifference(101), 12);
    }

    [Theory]
    [InlineData("title: x\nresults:\n  - { backbone: r, attention: se, param_m: 1 }\n", "papers/x.yaml:3:35: results[0].param_m: unknown field")]
    [InlineData("results: []\n", "title: required")]
    [InlineData("title: x\n", "results: required")]
    [InlineData("title: x\nresults:\n  - { backbone: r, attention: se, gmacs: lots }\n", "results[0].gmacs: must be a number")]
    [InlineData("title: x\nresults:\n  - { backbone: r }\n", "results[0].attention: required")]
    [InlineData("title: x\nresults:\n  - { backbone: r, attention: se, top1: 1, top1_err: 99 }\n", "give top1 or top1_err")]
    [InlineData("title: [x\n", "not valid YAML")]
    public void Bad_files_give_one_line_naming_the_field(string yaml, string expected)
    {
        var e = Assert.Throws<PaperFormatException>(() => Parse(yaml));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Every_committed_paper_file_loads()
    {
        var dir = Path.Combine(RepoRoot.Path, "experiments", "papers");
        foreach (var file in Directory.GetFiles(dir, "*.yaml"))
            Assert.NotEmpty(PaperTableLoader.Load(file).Results);
    }
}
