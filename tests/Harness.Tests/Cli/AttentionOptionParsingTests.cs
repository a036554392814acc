using Ablation.Harness.Cli;
using Xunit;

namespace Ablation.Harness.Tests.Cli;

public class AttentionOptionParsingTests
{
    [Fact]
    public void ListValuedOptionKeepsItsCommas()
    {
        var options = ModelOptions.ParseAttentionOptions(["pool=avg,max,reduction=8"]);
        Assert.Equal("avg,max", options["pool"]);
        Assert.Equal("8", options["reduction"]);
    }

    [Fact]
    public void RepeatedFlagsAccumulate()
    {
        var options = ModelOptions.ParseAttentionOptions(["reduction=8", "kernel_size=7"]);
        Assert.Equal(new[] { "kernel_size", "reduction" }, options.Keys.Order());
    }

    [Fact]
    public void LeadingValueWithoutKeyIsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelOptions.ParseAttentionOptions(["avg,reduction=8"]));
        Assert.Contains("--attention-opt", e.Message);
    }
}
