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
        foreach (var name in new[] { "block", "post", "stage", "final", "backbone-end", "neck-in", "head-in" }) Assert.Matches($@"(?m)^{name}\s", p.Stdout);
        Assert.Matches(@"(?m)^\{after: \[i, \.\.\.\]\} .*YOLOv5: layers 0 to 23; YOLOX: -$", p.Stdout);
        Assert.Matches(@"(?m)^head-in .*YOLOv5: layers 17, 20, 23; YOLOX: the three PAFPN outputs$", p.Stdout);
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
