using System.Text.Json;
using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Xunit;

namespace Ablation.Harness.Tests.Cli;

/// <summary>`ablate profile`: the JSON fields of DESIGN.md section 5, the table, and bad arguments
/// (one line naming the argument and what is allowed, exit 2).</summary>
public class ProfileCommandTests
{
    [Fact]
    public void JsonIsOneObjectWithTheDesignFieldsAndTheFactorysNumbers()
    {
        var r = ModelCliProcess.Ablate("profile", "--backbone", "resnet50-v1", "--attention", "cbam", "--attention-opt", "reduction=8",
            "--placement", "block", "--stages", "3,4", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var o = doc.RootElement;
        foreach (var field in new[] { "backbone", "attention", "placement", "input", "classes", "params", "macs", "macs_by_op" })
            Assert.True(o.TryGetProperty(field, out _), $"missing field {field}: {r.Stdout}");
        var spec = new ModelSpec("resnet50-v1", AttentionSpec.Of("cbam", ("reduction", "8")), "block", new[] { 3, 4 });
        var (parameters, macs, byOp) = ModelFactory.Profile(spec);
        Assert.Equal("resnet50-v1", o.GetProperty("backbone").GetString());
        Assert.Equal("cbam", o.GetProperty("attention").GetString());
        Assert.Equal("8", o.GetProperty("attention_options").GetProperty("reduction").GetString());
        Assert.Equal(224, o.GetProperty("input").GetInt64());
        Assert.Equal(1000, o.GetProperty("classes").GetInt64());
        Assert.Equal(parameters, o.GetProperty("params").GetInt64());
        Assert.Equal(macs, o.GetProperty("macs").GetInt64());
        Assert.Equal(macs, o.GetProperty("macs_by_op").EnumerateObject().Sum(p => p.Value.GetInt64()));
        Assert.Equal(byOp["conv2d"].Macs, o.GetProperty("macs_by_op").GetProperty("conv2d").GetInt64());
    }

    [Fact]
    public void TheTableShowsParamsMacsAndTheOps()
    {
        var r = ModelCliProcess.Ablate("profile", "--backbone", "mobilenetv2", "--attention", "ca", "--input", "160", "--classes", "10");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("mobilenetv2 + ca @ block", r.Stdout);
        Assert.Contains("160x160x3, 10 classes", r.Stdout);
        Assert.Matches(@"params\s+[\d,]+\s+\(\d+\.\d\d M\)", r.Stdout);
        Assert.Matches(@"MACs\s+[\d,]+\s+\(\d+\.\d{3} G\)", r.Stdout);
        Assert.Contains("conv2d", r.Stdout);
    }

    [Theory]
    [InlineData("--backbone resnet19", "backbone: unknown 'resnet19'")]
    [InlineData("--backbone resnet18 --placement inside", "unknown placement; allowed: block, post, stage, final")]
    [InlineData("--backbone resnet18 --attention se --attention-opt reduction", "--attention-opt: 'reduction' is not key=value")]
    [InlineData("--backbone resnet18 --stages 2,x", "--stages: 'x' is not a stage number")]
    [InlineData("--backbone resnet18 --attention se --stages 5", "stages [5] do not exist")]
    [InlineData("--backbone resnet18 --attention magic", "unknown attention 'magic'")]
    [InlineData("--backbone resnet18 --width 0.5", "resnet18 has no width multiplier")]
    [InlineData("--backbone resnet18 --stem tiny", "unknown stem 'tiny'")]
    public void BadArgumentsGiveOneLineAndExit2(string args, string message)
    {
        var r = ModelCliProcess.Ablate(new[] { "profile" }.Concat(args.Split(' ')).ToArray());
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(message, r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Equal("", r.Stdout);
    }
}
