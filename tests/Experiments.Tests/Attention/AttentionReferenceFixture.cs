using System.Text.Json;
using Ablation.Experiments.Tests.Data;

namespace Ablation.Experiments.Tests.Attention;

/// <summary>One golden case: a registry name, its options (strings, as users give them), the channel
/// count and the NCHW input shape. Shapes are non-square on purpose.</summary>
public sealed record AttentionCase(string Id, string Module, IReadOnlyDictionary<string, string> Options, long Channels, long[] Shape,
    bool Float64 = false);

/// <summary>
/// Runs tests/reference/attention_ref.py once (one python process for every case) into a temp dir:
/// for each case, the reference module's randomised weights, an input, and the outputs and gradients
/// in train and eval mode, as safetensors.
/// </summary>
public sealed class AttentionReferenceFixture : IDisposable
{
    private static Dictionary<string, string> O(params (string, string)[] kv) => kv.ToDictionary(p => p.Item1, p => p.Item2);

    public static readonly AttentionCase[] Cases =
    {
        new("se", "se", O(), 32, new long[] { 2, 32, 5, 7 }),
        new("se-variant", "se", O(("reduction", "4"), ("bias", "false"), ("act", "silu"), ("gate", "hsigmoid")), 16, new long[] { 2, 16, 4, 6 }),
        new("cbam", "cbam", O(), 32, new long[] { 2, 32, 5, 7 }),
        new("cbam-variant", "cbam", O(("pool", "avg,max,lp,lse"), ("reduction", "8"), ("bias", "false"), ("kernel_size", "3"),
            ("dilation", "2"), ("spatial_bn", "false"), ("act", "relu6")), 32, new long[] { 2, 32, 6, 5 }),
        new("cbam-channel", "cbam-channel", O(), 32, new long[] { 2, 32, 5, 7 }),
        new("cbam-spatial", "cbam-spatial", O(("kernel_size", "5")), 8, new long[] { 2, 8, 5, 7 }),
        new("bam", "bam", O(), 64, new long[] { 3, 64, 6, 5 }),
        new("bam-variant", "bam", O(("combine", "product"), ("output_bn", "true"), ("dilation", "2"), ("num_layers", "2"),
            ("reduction", "8")), 32, new long[] { 3, 32, 6, 5 }, Float64: true),
        new("eca", "eca", O(), 32, new long[] { 2, 32, 5, 7 }),
        new("eca-256", "eca", O(), 256, new long[] { 2, 256, 3, 2 }),
        new("eca-variant", "eca", O(("kernel_size", "7"), ("gate", "hsigmoid")), 16, new long[] { 2, 16, 5, 7 }),
        new("ca", "ca", O(), 64, new long[] { 2, 64, 5, 7 }),
        new("ca-variant", "ca", O(("reduction", "4"), ("act", "relu")), 64, new long[] { 2, 64, 6, 3 }),
        new("gam", "gam", O(), 16, new long[] { 2, 16, 5, 7 }),
        new("gam-variant", "gam", O(("groups", "4"), ("channel_gate", "none"), ("kernel_size", "3")), 32, new long[] { 2, 32, 5, 6 }),
        new("nam", "nam", O(), 16, new long[] { 2, 16, 5, 7 }),
        new("nam-variant", "nam", O(("detach_weights", "false")), 16, new long[] { 2, 16, 5, 7 }),
        new("simam", "simam", O(), 16, new long[] { 2, 16, 5, 7 }),
        new("simam-variant", "simam", O(("e_lambda", "0.1")), 8, new long[] { 2, 8, 4, 3 }),
    };

    private readonly TempDirectory directory = new();

    public AttentionReferenceFixture()
    {
        var cases = directory.File("cases.json");
        File.WriteAllText(cases, JsonSerializer.Serialize(Cases.Select(c => new
        {
            id = c.Id, module = c.Module, options = c.Options, channels = c.Channels, shape = c.Shape, seed = 0, float64 = c.Float64,
        })));
        ReferenceScript.Run("attention_ref.py", "--cases", cases, "--out", directory.Path);
    }

    public string PathOf(string id) => directory.File(id + ".safetensors");

    public void Dispose() => directory.Dispose();
}
