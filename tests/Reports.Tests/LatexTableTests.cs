using Ablation.Reports.Aggregation;
using Ablation.Reports.Output;
using Ablation.Reports.Schema;

namespace Ablation.Reports.Tests;

public class LatexTableTests
{
    [Fact]
    public void The_sample_table_is_valid_latex_with_the_expected_cells()
    {
        var tex = File.ReadAllText(SampleReport.File("table.tex"));
        Assert.Empty(LatexSyntax.Problems(tex));
        Assert.Contains("\\begin{tabular}{lllrrrrrrrrrr}", tex);   // 13 columns: 3 text, 10 numbers
        Assert.Contains("76.12 $\\pm$ 0.33 (3)", tex);             // se: mean 76.1233, sample std 0.3250 of {76.12, 75.80, 76.45}
        Assert.Contains("\\textbf{77.00 (1)}", tex);                // cbam: best top-1, one seed
        Assert.Contains("+0.97$^{*}$", tex);                        // significant (p = 0.017, Fixtures/welch.json)
        Assert.Contains("+1.84$^{\\dagger}$", tex);                 // cbam: n = 1, not tested
        Assert.Contains("\\toprule", tex);
        Assert.Contains("MACs: multiply-accumulates", tex);
        Assert.Contains("no", tex);                                 // a ✗ of the paper comparison
        Assert.Equal(2, tex.Split("\\begin{table}").Length - 1);    // results + paper comparison
    }

    [Fact]
    public void Special_characters_in_names_are_escaped()
    {
        var runs = new List<RunRecord>();
        for (int s = 0; s < 2; s++)
        {
            runs.Add(TestStore.Run($"a{s}", "none", s, 0.5 + s * 0.01, backbone: "res_net#1", dataset: "data&set%", experiment: "exp_{x}~^") with { RunId = $"n{s}" });
            runs.Add(TestStore.Run($"b{s}", "se", s, 0.6 + s * 0.01, backbone: "res_net#1", dataset: "data&set%", experiment: "exp_{x}~^")
                with { AttentionOptions = "{\"pool\":[\"avg\",\"max\"],\"note\":\"a\\\\b $5\"}" });
        }
        var report = Report.Build("Title with _ & % $", runs, [], BaselineSpec.NoAttention);
        var tex = LatexTableWriter.Render(PaperStyleTable.Build(report.Configurations, report.Baseline));
        Assert.Empty(LatexSyntax.Problems(tex));
        Assert.Contains("res\\_net\\#1", tex);
        Assert.Contains("data\\&set\\%", tex);
        Assert.Contains("exp\\_\\{x\\}\\textasciitilde{}\\textasciicircum{}", tex);
        Assert.Contains("a\\textbackslash{}b \\$5", tex);
    }

    [Fact]
    public void The_checker_catches_broken_latex()
    {
        // The checker itself must be able to fail: each snippet has one known defect.
        Assert.NotEmpty(LatexSyntax.Problems("\\begin{tabular}{ll}\na & b & c \\\\\n\\end{tabular}\n"));
        Assert.NotEmpty(LatexSyntax.Problems("\\textbf{open\n"));
        Assert.NotEmpty(LatexSyntax.Problems("50% done\n"));
        Assert.NotEmpty(LatexSyntax.Problems("a_b\n"));
        Assert.NotEmpty(LatexSyntax.Problems("\\begin{table}\n\\end{tabular}\n"));
        Assert.NotEmpty(LatexSyntax.Problems("$\\pm\n"));
        Assert.NotEmpty(LatexSyntax.Problems("± 1\n"));
        Assert.Empty(LatexSyntax.Problems("\\begin{tabular}{lr}\na & 1 \\\\\n\\end{tabular}\n"));
    }
}
