using Ablation.Experiments.Attention;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Ablation.Experiments.Tests.Attention;

/// <summary>The registry's names, listed options and defaults, and its one-line validation errors.</summary>
public sealed class AttentionRegistryTests
{
    private static AttentionSpec Spec(string name, params (string, string)[] options) => AttentionSpec.Of(name, options);

    [Fact]
    public void Names_are_those_of_the_design()
    {
        Assert.Equal(new[] { "none", "se", "cbam", "cbam-channel", "cbam-spatial", "bam", "eca", "ca", "gam", "nam", "simam" },
            AttentionRegistry.Names);
        Assert.All(AttentionRegistry.All.Where(i => i.Name != "none"), i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.Paper));
            Assert.False(string.IsNullOrWhiteSpace(i.Reference));
        });
    }

    [Theory]
    [InlineData("se", "reduction", "16")]
    [InlineData("se", "bias", "true")]
    [InlineData("cbam", "reduction", "16")]
    [InlineData("cbam", "pool", "avg,max")]
    [InlineData("cbam", "kernel_size", "7")]
    [InlineData("bam", "reduction", "16")]
    [InlineData("bam", "dilation", "4")]
    [InlineData("bam", "combine", "sum")]
    [InlineData("eca", "kernel_size", "auto")]
    [InlineData("eca", "gamma", "2")]
    [InlineData("eca", "b", "1")]
    [InlineData("ca", "reduction", "32")]
    [InlineData("ca", "min_channels", "8")]
    [InlineData("ca", "act", "hswish")]
    [InlineData("gam", "rate", "4")]
    [InlineData("gam", "kernel_size", "7")]
    [InlineData("gam", "groups", "1")]
    [InlineData("nam", "detach_weights", "true")]
    [InlineData("simam", "e_lambda", "0.0001")]
    public void Lists_the_papers_defaults(string module, string option, string value) =>
        Assert.Equal(value, AttentionRegistry.Info(module).Options.Single(o => o.Name == option).Default);

    [Fact]
    public void Cbam_variants_take_only_the_options_of_their_gate()
    {
        var channel = AttentionRegistry.Info("cbam-channel").Options.Select(o => o.Name).ToList();
        var spatial = AttentionRegistry.Info("cbam-spatial").Options.Select(o => o.Name).ToList();
        Assert.Contains("reduction", channel);
        Assert.DoesNotContain("kernel_size", channel);
        Assert.Contains("kernel_size", spatial);
        Assert.DoesNotContain("reduction", spatial);
        var e = Assert.Throws<ArgumentException>(() => AttentionRegistry.Validate(Spec("cbam-channel", ("kernel_size", "3"))));
        Assert.Contains("'kernel_size'", e.Message);
    }

    [Theory]
    [InlineData("se", "reductoin", "16", "unknown option 'reductoin'", "reduction")]
    [InlineData("se", "reduction", "0", "'reduction' must be integer >= 1", "got '0'")]
    [InlineData("se", "reduction", "x", "'reduction' must be integer >= 1", "got 'x'")]
    [InlineData("se", "act", "swish", "'act' must be relu|relu6|silu|gelu|hswish", "got 'swish'")]
    [InlineData("cbam", "pool", "avg,median", "'pool' must be a list of avg|max|lp|lse", "got 'avg,median'")]
    [InlineData("cbam", "pool", "avg,avg", "'pool'", "at most once")]
    [InlineData("cbam", "bias", "maybe", "'bias' must be true|false", "got 'maybe'")]
    [InlineData("bam", "combine", "max", "'combine' must be sum|product", "got 'max'")]
    [InlineData("eca", "kernel_size", "4", "'kernel_size' must be auto or an odd integer >= 1", "got '4'")]
    [InlineData("simam", "e_lambda", "-1", "'e_lambda' must be a number > 0", "got '-1'")]
    [InlineData("none", "reduction", "16", "attention 'none': unknown option 'reduction'", "no options")]
    public void Bad_options_give_one_line_naming_the_option_and_what_is_allowed(string module, string key, string value,
        string expected, string alsoExpected)
    {
        var e = Assert.Throws<ArgumentException>(() => AttentionRegistry.Validate(Spec(module, (key, value))));
        Assert.Contains($"attention '{module}'", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains(alsoExpected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        // Create validates the same way before building anything.
        Assert.Throws<ArgumentException>(() => AttentionRegistry.Create(Spec(module, (key, value)), 32, META));
    }

    [Fact]
    public void Unknown_module_names_the_allowed_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => AttentionRegistry.Validate(new AttentionSpec("senet")));
        Assert.Contains("'senet'", e.Message);
        Assert.Contains("none, se, cbam", e.Message);
    }

    [Fact]
    public void Channel_dependent_constraints_fail_at_create_naming_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => AttentionRegistry.Create(Spec("gam", ("groups", "3")), 32, META));
        Assert.Contains("'groups'", e.Message);
        e = Assert.Throws<ArgumentException>(() => AttentionRegistry.Create(Spec("cbam", ("kernel_size", "4")), 32, META));
        Assert.Contains("'kernel_size'", e.Message);
        Assert.Throws<ArgumentException>(() => AttentionRegistry.Create(new AttentionSpec("se"), 0, META));
    }

    [Fact]
    public void Options_are_applied()
    {
        using var se = (SqueezeExcite)AttentionRegistry.Create(Spec("se", ("reduction", "8"), ("bias", "false")), 64, META)!;
        Assert.Equal(new SeOptions { Reduction = 8, Bias = false }, se.Options);
        Assert.Equal(2 * 64 * 8, se.parameters().Sum(p => p.numel()));
        using var cbam = (Cbam)AttentionRegistry.Create(Spec("cbam", ("pool", "[avg, lse]")), 64, META)!;
        Assert.Equal(new[] { "avg", "lse" }, cbam.Options.Pool);
        using var channelOnly = (Cbam)AttentionRegistry.Create(new AttentionSpec("cbam-channel"), 64, META)!;
        Assert.False(channelOnly.Options.Spatial);
        Assert.DoesNotContain(channelOnly.state_dict().Keys, k => k.StartsWith("SpatialGate", StringComparison.Ordinal));
    }

    /// <summary>ECA-Net eq. 12 with gamma = 2, b = 1 (values checked with tests/reference/attention_ref.py's
    /// eca_kernel_size): the kernel sizes a ResNet's stages get.</summary>
    [Theory]
    [InlineData(64, 3)]
    [InlineData(256, 5)]
    [InlineData(512, 5)]
    [InlineData(1024, 5)]
    [InlineData(2048, 7)]
    public void Eca_adaptive_kernel_size(long channels, long k)
    {
        Assert.Equal(k, EcaOptions.AdaptiveKernelSize(channels));
        using var eca = (Eca)AttentionRegistry.Create(new AttentionSpec("eca"), channels, META)!;
        Assert.Equal(new long[] { 1, 1, k }, eca.state_dict()["conv.weight"].shape);
    }

    /// <summary>
    /// Added parameters over ResNet-50's 16 bottleneck outputs (256 x3, 512 x4, 1024 x6, 2048 x3) and,
    /// for BAM, its three stage ends (256, 512, 1024); the totals were computed with the reference
    /// modules of attention_ref.py and give the papers' counts with ResNet-50's 25,557,032:
    /// SE-ResNet-50 28.09M and CBAM 28.09M (CBAM paper, Table 4), BAM 25.92M (BAM paper, Table 2).
    /// </summary>
    [Theory]
    [InlineData("se", 2_530_992)]
    [InlineData("cbam", 2_532_592)]
    [InlineData("bam", 358_067)]
    public void ResNet50_parameter_overheads_match_the_papers(string name, long added)
    {
        var sites = name == "bam"
            ? new (long C, int N)[] { (256, 1), (512, 1), (1024, 1) }
            : new (long C, int N)[] { (256, 3), (512, 4), (1024, 6), (2048, 3) };
        long total = 0;
        foreach (var (c, n) in sites)
        {
            using var m = AttentionRegistry.Create(new AttentionSpec(name), c, META)!;
            total += n * m.parameters().Sum(p => p.numel());
        }
        Assert.Equal(added, total);
    }
}
