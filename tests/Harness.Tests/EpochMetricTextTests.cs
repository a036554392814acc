using System.Text.Json.Nodes;
using Ablation.Harness.Sweep;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>A sweep's progress line names the metric of the run's task: a detector's epoch says mAP, a classifier's top1.</summary>
public class EpochMetricTextTests
{
    [Fact]
    public void A_detectors_epoch_says_map_and_a_classifiers_says_top1()
    {
        // What WorkerHost emits: a detector's epoch carries "map" (its train top-1 is 0); a classifier's only "top1".
        Assert.Equal("mAP 28.1%", EpochMetricText.Of(new JsonObject { ["event"] = "epoch", ["top1"] = 0.0, ["map"] = 0.281 }).Replace(" %", "%"));
        Assert.Equal("top1 75.3%", EpochMetricText.Of(new JsonObject { ["event"] = "epoch", ["top1"] = 0.753 }).Replace(" %", "%"));
        Assert.Equal("top1 75.3%", EpochMetricText.Of(new JsonObject { ["event"] = "epoch", ["top1"] = 0.753, ["map"] = null }).Replace(" %", "%"));
        Assert.Equal("–", EpochMetricText.Of(new JsonObject { ["event"] = "step", ["top1"] = null })); // a detector's step
    }
}
