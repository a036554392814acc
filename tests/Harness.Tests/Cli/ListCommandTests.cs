using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Xunit;

namespace Ablation.Harness.Tests.Cli;

/// <summary>`ablate list backbones|attention|placements|datasets` names everything DESIGN.md section 4 defines.</summary>
public class ListCommandTests
{
    [Fact]
    public void BackbonesListsEveryNameWithItsPaper()
    {
        var r = ModelCliProcess.Ablate("list", "backbones");
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var b in BackboneRegistry.All)
        {
            Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(b.Name)}\s", r.Stdout);
            Assert.Contains(b.Paper, r.Stdout);
        }
    }

    [Fact]
    public void AttentionListsEveryModuleWithOptionsAndDefaults()
    {
        var r = ModelCliProcess.Ablate("list", "attention");
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var a in AttentionRegistry.All)
        {
            Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(a.Name)}\s", r.Stdout);
            foreach (var o in a.Options) Assert.Contains($"{o.Name} = {o.Default}", r.Stdout);
        }
    }

    [Fact]
    public void PlacementsAndDatasetsAreListed()
    {
        var p = ModelCliProcess.Ablate("list", "placements");
        Assert.True(p.ExitCode == 0, p.ToString());
        foreach (var name in new[] { "block", "post", "stage", "final" }) Assert.Matches($@"(?m)^{name}\s", p.Stdout);
        var d = ModelCliProcess.Ablate("list", "datasets");
        Assert.True(d.ExitCode == 0, d.ToString());
        foreach (var name in new[] { "cifar10", "cifar100", "fashion-mnist", "mnist", "synthetic" }) Assert.Matches($@"(?m)^{name}\s", d.Stdout);
    }

    [Fact]
    public void AnUnknownListIsOneLineAndExit2()
    {
        var r = ModelCliProcess.Ablate("list", "models");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("list: unknown 'models'; allowed: backbones, attention, placements, datasets", r.Stderr.Trim());
    }
}
