using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Attention;

/// <summary>
/// Stable names -> attention modules (timm's create_attn, with options): the names of DESIGN.md section 4
/// that matrices, the CLI and reports use. `none` is an ordinary entry whose factory returns null, so a
/// model builder treats the baseline like any other value. Every factory takes the channel count first,
/// then the module's options (strings, validated against the options the module declares), then the
/// device (`meta` for profiling).
/// </summary>
public static class AttentionRegistry
{
    private sealed record Entry(AttentionInfo Info, Action<IReadOnlyDictionary<string, string>> Validate,
        Func<IReadOnlyDictionary<string, string>, long, Device?, Module<Tensor, Tensor>?> Create);

    private static Entry Define<T>(string name, string paper, string reference, string summary, OptionSet<T> options,
        T defaults, Func<T, long, Device?, Module<Tensor, Tensor>> create) where T : class =>
        new(new AttentionInfo(name, paper, reference, summary, options.Describe(defaults)),
            o => options.Bind(name, defaults, o),
            (o, channels, device) => create(options.Bind(name, defaults, o), channels, device));

    /// <summary>`none` declares no options, so any option given to it is an error.</summary>
    private static readonly OptionSet<object> NoOptions = new();

    private const string CbamPaper = "Woo et al., CBAM: Convolutional Block Attention Module, ECCV 2018";
    private const string CbamCode = "github.com/Jongchan/attention-module (MODELS/cbam.py)";

    private static readonly Entry[] Entries =
    {
        new(new AttentionInfo("none", "-", "-", "no attention: the baseline", Array.Empty<AttentionOption>()),
            o => NoOptions.Bind("none", NoOptions, o), (o, _, _) => CreateNone(o)),
        Define("se", "Hu et al., Squeeze-and-Excitation Networks, CVPR 2018",
            "github.com/hujie-frank/SENet (structure), keys of github.com/moskomule/senet.pytorch",
            "channel gate from a 2-layer MLP on the global average", SeOptions.Declarations, new SeOptions(),
            (o, c, d) => new SqueezeExcite(c, o, d)),
        Define("cbam", CbamPaper, CbamCode, "channel gate (avg+max MLP) then spatial gate (7x7 conv)",
            CbamOptions.Declarations.Without("channel", "spatial"), new CbamOptions(), (o, c, d) => new Cbam(c, o, d)),
        Define("cbam-channel", CbamPaper, CbamCode + ", no_spatial", "CBAM's channel gate alone",
            CbamOptions.Declarations.Without(CbamOptions.SpatialOnly.Append("channel").Append("spatial").ToArray()),
            new CbamOptions { Spatial = false }, (o, c, d) => new Cbam(c, o, d)),
        Define("cbam-spatial", CbamPaper, CbamCode, "CBAM's spatial gate alone",
            CbamOptions.Declarations.Without(CbamOptions.ChannelOnly.Append("channel").Append("spatial").ToArray()),
            new CbamOptions { Channel = false }, (o, c, d) => new Cbam(c, o, d)),
        Define("bam", "Park et al., BAM: Bottleneck Attention Module<Tensor, Tensor>, BMVC 2018",
            "github.com/Jongchan/attention-module (MODELS/bam.py)",
            "F + F * sigmoid(channel MLP + dilated spatial convs), between stages", BamOptions.Declarations,
            new BamOptions(), (o, c, d) => new Bam(c, o, d)),
        Define("eca", "Wang et al., ECA-Net: Efficient Channel Attention for Deep CNNs, CVPR 2020",
            "github.com/BangguWu/ECANet (models/eca_module.py)",
            "channel gate from a 1-d conv across channels, adaptive kernel size", EcaOptions.Declarations,
            new EcaOptions(), (o, c, d) => new Eca(c, o, d)),
        Define("ca", "Hou et al., Coordinate Attention for Efficient Mobile Network Design, CVPR 2021",
            "github.com/houqb/CoordAttention (coordatt.py)",
            "gates along H and along W from direction-wise pooling", CaOptions.Declarations, new CaOptions(),
            (o, c, d) => new CoordAttention(c, o, d)),
        Define("gam", "Liu et al., Global Attention Mechanism, arXiv:2112.05561, 2021",
            "no official code; the widely used implementation",
            "per-pixel channel MLP then 7x7 conv spatial gate", GamOptions.Declarations, new GamOptions(),
            (o, c, d) => new Gam(c, o, d)),
        Define("nam", "Liu et al., NAM: Normalization-based Attention Module<Tensor, Tensor>, NeurIPS 2021 workshop",
            "github.com/Christian-lyc/NAM (MODELS/attention.py)",
            "channel gate from BN scale factors", NamOptions.Declarations, new NamOptions(),
            (o, c, d) => new Nam(c, o, d)),
        Define("simam", "Yang et al., SimAM: A Simple, Parameter-Free Attention Module<Tensor, Tensor>, ICML 2021",
            "github.com/ZjjConan/SimAM (simam_module)",
            "parameter-free 3-d weights from an energy function", SimAmOptions.Declarations, new SimAmOptions(),
            (o, c, d) => new SimAm(c, o, d)),
    };

    /// <summary>Every module with its paper, reference code and options (defaults are the paper's).</summary>
    public static IReadOnlyList<AttentionInfo> All { get; } = Entries.Select(e => e.Info).ToList();

    /// <summary>The names, `none` first, in the order of DESIGN.md section 4.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Info.Name).ToList();

    public static AttentionInfo Info(string name) => Find(name).Info;

    /// <summary>
    /// Checks the name and every option of <paramref name="spec"/> without building anything. Throws
    /// <see cref="ArgumentException"/> with one line naming the module, the option and what is allowed.
    /// </summary>
    public static void Validate(AttentionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Find(spec.Name).Validate(spec.Options);
    }

    /// <summary>
    /// The module <paramref name="spec"/> names for <paramref name="channels"/> input channels, created on
    /// <paramref name="device"/> (default CPU); null for `none`. Its Forward maps NCHW to NCHW of the same
    /// shape, for any H and W.
    /// </summary>
    public static Module<Tensor, Tensor>? Create(AttentionSpec spec, long channels, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Find(spec.Name).Create(spec.Options, channels, device);
    }

    private static Entry Find(string name) =>
        Entries.FirstOrDefault(e => e.Info.Name == name?.Trim().ToLowerInvariant()) ??
        throw new ArgumentException($"unknown attention '{name}' (allowed: {string.Join(", ", Names)})");

    private static Module<Tensor, Tensor>? CreateNone(IReadOnlyDictionary<string, string> options)
    {
        NoOptions.Bind("none", NoOptions, options);
        return null;
    }

    internal static void CheckChannels(string module, long channels)
    {
        if (channels < 1) throw new ArgumentException($"attention '{module}': channels must be >= 1, got {channels}");
    }
}
