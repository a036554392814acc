using System.Diagnostics;
using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Xunit;
using Xunit.Abstractions;

namespace Ablation.Experiments.Tests.Backbones;

/// <summary>
/// Every attention module at every placement of resnet18/50/101 and mobilenetv2 builds and profiles at
/// 224x224 on the meta device, and adds work to the baseline (more ops; parameters too unless the
/// module has none). The time it takes is printed, not asserted (speed is a benchmark's business): it is
/// the "whole matrix in under 10 s" figure of issue 5.
/// </summary>
public class BackboneMatrixTests(ITestOutputHelper output)
{
    private static readonly string[] Backbones = { "resnet18", "resnet50", "resnet101", "mobilenetv2" };

    [Fact]
    public void EveryAttentionAtEveryPlacementProfilesAndAddsWork()
    {
        var watch = Stopwatch.StartNew();
        var profiled = 0;
        foreach (var backbone in Backbones)
        {
            var (baseParams, baseMacs, baseOps) = ModelFactory.Profile(new ModelSpec(backbone, AttentionSpec.None));
            var baseElements = baseOps.Values.Sum(o => o.Elements + o.Macs);
            profiled++;
            foreach (var attention in AttentionRegistry.Names.Where(n => n != "none"))
            foreach (var placement in Placement.All.Select(p => p.Name))
            {
                var spec = new ModelSpec(backbone, new AttentionSpec(attention), placement);
                var (parameters, macs, ops) = ModelFactory.Profile(spec);
                profiled++;
                Assert.True(parameters >= baseParams, $"{spec}: {parameters} params < baseline {baseParams}");
                Assert.True(macs >= baseMacs, $"{spec}: {macs} MACs < baseline {baseMacs}");
                Assert.True(ops.Values.Sum(o => o.Elements + o.Macs) > baseElements, $"{spec}: no work added to the baseline");
            }
        }
        output.WriteLine($"profiled {profiled} configurations (4 backbones x {AttentionRegistry.Names.Count - 1} attention x " +
                         $"{Placement.All.Count} placements + baselines) at 224x224 on meta in {watch.Elapsed.TotalSeconds:F2} s");
    }
}
