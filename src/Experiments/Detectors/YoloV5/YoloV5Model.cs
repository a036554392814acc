using System.Globalization;
using Ablation.TorchSupport.nn;
using ModuleListOf = TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.YoloV5;

/// <summary>
/// ultralytics YOLOv5 v6.0+ (v7.0) DetectionModel of yolov5{n,s,m}.yaml: the architecture is the table
/// <see cref="Table"/> of (from, repeats, module, args) rows, scaled by the depth multiple gd (repeats
/// max(round(n gd), 1) for n > 1) and the width multiple gw (channels make_divisible(c gw, 8)). Keys
/// <c>model.N.*</c>, <c>model.24.m.J.*</c>, <c>model.24.anchors</c>. Attention is inserted by placement name
/// as the <c>attn</c> submodule of the layer whose output it attends (<see cref="DetectorPlacement"/>), so
/// the indices of the base layers never change and the `from` columns stay right.
/// Jocher et al., ultralytics/yolov5 (2020-2022), https://github.com/ultralytics/yolov5.
/// </summary>
public sealed class YoloV5Model : ExplicitModule, IDetector
{
    /// <summary>One row of the yaml: inputs (-1 = previous layer), repeats, module, arguments before scaling.</summary>
    public sealed record Row(int[] From, int Repeats, string Module, object?[] Args);

    /// <summary>yolov5{n,s,m}.yaml, v6.0 backbone (0-9) and head (10-24).</summary>
    public static readonly IReadOnlyList<Row> Table = new Row[]
    {
        new(new[] { -1 }, 1, "Conv", new object?[] { 64, 6, 2, 2 }),    // 0 P1/2
        new(new[] { -1 }, 1, "Conv", new object?[] { 128, 3, 2 }),      // 1 P2/4
        new(new[] { -1 }, 3, "C3", new object?[] { 128 }),              // 2
        new(new[] { -1 }, 1, "Conv", new object?[] { 256, 3, 2 }),      // 3 P3/8
        new(new[] { -1 }, 6, "C3", new object?[] { 256 }),              // 4
        new(new[] { -1 }, 1, "Conv", new object?[] { 512, 3, 2 }),      // 5 P4/16
        new(new[] { -1 }, 9, "C3", new object?[] { 512 }),              // 6
        new(new[] { -1 }, 1, "Conv", new object?[] { 1024, 3, 2 }),     // 7 P5/32
        new(new[] { -1 }, 3, "C3", new object?[] { 1024 }),             // 8
        new(new[] { -1 }, 1, "SPPF", new object?[] { 1024, 5 }),        // 9
        new(new[] { -1 }, 1, "Conv", new object?[] { 512, 1, 1 }),      // 10
        new(new[] { -1 }, 1, "Upsample", new object?[] { null, 2, "nearest" }),
        new(new[] { -1, 6 }, 1, "Concat", new object?[] { 1 }),         // 12 cat backbone P4
        new(new[] { -1 }, 3, "C3", new object?[] { 512, false }),       // 13
        new(new[] { -1 }, 1, "Conv", new object?[] { 256, 1, 1 }),      // 14
        new(new[] { -1 }, 1, "Upsample", new object?[] { null, 2, "nearest" }),
        new(new[] { -1, 4 }, 1, "Concat", new object?[] { 1 }),         // 16 cat backbone P3
        new(new[] { -1 }, 3, "C3", new object?[] { 256, false }),       // 17 P3/8 out
        new(new[] { -1 }, 1, "Conv", new object?[] { 256, 3, 2 }),      // 18
        new(new[] { -1, 14 }, 1, "Concat", new object?[] { 1 }),        // 19 cat head P4
        new(new[] { -1 }, 3, "C3", new object?[] { 512, false }),       // 20 P4/16 out
        new(new[] { -1 }, 1, "Conv", new object?[] { 512, 3, 2 }),      // 21
        new(new[] { -1, 10 }, 1, "Concat", new object?[] { 1 }),        // 22 cat head P5
        new(new[] { -1 }, 3, "C3", new object?[] { 1024, false }),      // 23 P5/32 out
        new(new[] { 17, 20, 23 }, 1, "Detect", new object?[] { "nc", "anchors" }),
    };

    /// <summary>The last layer an <c>after</c> placement may name: every layer of the base yaml before Detect.</summary>
    public static int LastAttendableLayer => Table.Count - 2;

    /// <summary>Layers attention goes after, per placement (block: the bottlenecks of these C3 layers).</summary>
    public static readonly IReadOnlyDictionary<string, int[]> PlacementLayers = new Dictionary<string, int[]>
    {
        [DetectorPlacement.Block] = new[] { 2, 4, 6, 8 },
        [DetectorPlacement.Stage] = new[] { 2, 4, 6 },
        [DetectorPlacement.BackboneEnd] = new[] { 8 },
        [DetectorPlacement.NeckIn] = new[] { 4, 6, 9 },
        [DetectorPlacement.HeadIn] = new[] { 17, 20, 23 },
    };

    public string Name { get; }
    public long NumClasses { get; }
    public IReadOnlyList<double> Strides => detect.stride;
    public IReadOnlyList<LayerInfo> Layers { get; }
    public IReadOnlyList<string> AttentionSites { get; }
    public Detect detect { get; }

    private readonly List<nn.Module> layers = new();
    private readonly int[][] froms;
    private readonly bool[] save;

    /// <param name="name">for messages and the layer table (yolov5n, ...)</param>
    /// <param name="attention">the module for a site's channel count, or null (none)</param>
    public YoloV5Model(string name, long nc, double gd, double gw, DetectorPlacement? placement = null,
        Func<long, nn.Module<Tensor, Tensor>?>? attention = null, Device? device = null, ScalarType dtype = ScalarType.Float32) : base("DetectionModel")
    {
        if (nc < 1) throw new ArgumentException($"{name}: classes must be at least 1 (got {nc})");
        Name = name;
        NumClasses = nc;
        var ch = new List<long>();
        var rows = new List<(int I, string From, int N, string Module, string Args)>();
        froms = Table.Select(r => r.From).ToArray();
        for (int i = 0; i < Table.Count; i++)
        {
            var row = Table[i];
            long In(int f) => f == -1 ? (i == 0 ? 3 : ch[i - 1]) : ch[f];
            int n = row.Repeats > 1 ? Math.Max((int)Math.Round(row.Repeats * gd, MidpointRounding.ToEven), 1) : row.Repeats;
            nn.Module layer;
            long c2;
            object?[] args;
            switch (row.Module)
            {
                case "Conv":
                {
                    long c1 = In(row.From[0]);
                    c2 = MakeDivisible(Convert.ToInt64(row.Args[0], CultureInfo.InvariantCulture) * gw, 8);
                    long k = Convert.ToInt64(row.Args[1]), s = Convert.ToInt64(row.Args[2]);
                    long? p = row.Args.Length > 3 ? Convert.ToInt64(row.Args[3]) : null;
                    layer = new Conv(c1, c2, k, s, p, device, dtype);
                    args = new object?[] { c1, c2 }.Concat(row.Args.Skip(1)).ToArray();
                    break;
                }
                case "C3":
                {
                    long c1 = In(row.From[0]);
                    c2 = MakeDivisible(Convert.ToInt64(row.Args[0]) * gw, 8);
                    bool shortcut = row.Args.Length < 2 || (bool)row.Args[1]!;
                    layer = new C3(c1, c2, n, shortcut, device: device, dtype: dtype);
                    args = new object?[] { c1, c2, n }.Concat(row.Args.Skip(1)).ToArray();
                    break;
                }
                case "SPPF":
                {
                    long c1 = In(row.From[0]);
                    c2 = MakeDivisible(Convert.ToInt64(row.Args[0]) * gw, 8);
                    layer = new SPPF(c1, c2, Convert.ToInt64(row.Args[1]), device, dtype);
                    args = new object?[] { c1, c2, row.Args[1] };
                    break;
                }
                case "Upsample":
                    c2 = In(row.From[0]);
                    layer = new Upsample();
                    args = row.Args;
                    break;
                case "Concat":
                    c2 = row.From.Sum(In);
                    layer = new Concat(Convert.ToInt64(row.Args[0]));
                    args = row.Args;
                    break;
                case "Detect":
                {
                    var chs = row.From.Select(In).ToList();
                    layer = detect = new Detect(nc, Detect.DefaultAnchors, chs, new[] { 8.0, 16.0, 32.0 }, device, dtype);
                    c2 = 0;
                    args = new object?[] { nc, Detect.DefaultAnchors, chs };
                    break;
                }
                default: throw new InvalidOperationException(row.Module);
            }
            ch.Add(c2);
            layers.Add(layer);
            rows.Add((i, row.From.Length == 1 ? row.From[0].ToString(CultureInfo.InvariantCulture) : PyRepr(row.From), n, row.Module, PyRepr(args)));
        }
        RegisterModule("model", new ModuleListOf.ModuleList<nn.Module>(layers.ToArray()));
        save = new bool[Table.Count];
        for (int i = 0; i < Table.Count; i++)
            foreach (var f in froms[i]) if (f != -1) save[f] = true;
        if (detect is null) throw new InvalidOperationException("no Detect row");

        AttentionSites = placement is null || attention is null ? Array.Empty<string>() : Place(placement, attention, ch);
        var attnBySite = AttentionSites.ToHashSet();
        Layers = rows.Select(r =>
        {
            var host = layers[r.I];
            long baseParams = host.parameters().Sum(p => p.numel()) - AttentionParams(host);
            return new LayerInfo(r.I, r.From, r.N, baseParams, r.Module, r.Args, AttentionLabel(host));
        }).ToList();
    }

    /// <summary>ultralytics' make_divisible: the smallest multiple of divisor at or above x.</summary>
    public static long MakeDivisible(double x, long divisor) => (long)Math.Ceiling(x / divisor) * divisor;

    private List<string> Place(DetectorPlacement placement, Func<long, nn.Module<Tensor, Tensor>?> attention, List<long> ch)
    {
        var sites = new List<string>();
        if (placement.Name == DetectorPlacement.Block)
        {
            foreach (var i in PlacementLayers[DetectorPlacement.Block])
            {
                var c3 = (C3)layers[i];
                for (int j = 0; j < c3.Bottlenecks.Count; j++)
                    if (attention(c3.Bottlenecks[j].cv2.OutChannels) is { } a)
                    {
                        c3.Bottlenecks[j].Attach(a);
                        sites.Add($"model.{i}.m.{j}");
                    }
            }
            return sites;
        }
        int[] idx = placement.Name == DetectorPlacement.After
            ? placement.Layers!.ToArray()
            : PlacementLayers.TryGetValue(placement.Name, out var named) ? named
            : throw new ArgumentException($"{Name}: unknown placement '{placement}'; allowed: {string.Join(", ", DetectorPlacement.Names)}, after:[i, ...]");
        foreach (var i in idx)
        {
            if (i < 0 || i > LastAttendableLayer)
                throw new ArgumentException($"{Name}: placement {placement}: layer {i} does not exist; attention can follow layers 0 to {LastAttendableLayer} ({LastAttendableLayer + 1} is Detect)");
            if (sites.Contains($"model.{i}"))
                throw new ArgumentException($"{Name}: placement {placement}: layer {i} is listed twice");
            if (attention(ch[i]) is { } a)
            {
                ((AttentionHost)layers[i]).Attach(a);
                sites.Add($"model.{i}");
            }
        }
        return sites;
    }

    private static long AttentionParams(nn.Module host) =>
        host.named_parameters().Where(p => p.name.StartsWith("attn.", StringComparison.Ordinal) || p.name.Contains(".attn.", StringComparison.Ordinal))
            .Sum(p => p.parameter.numel());

    private static string AttentionLabel(nn.Module host)
    {
        var parts = host.named_modules().Where(m => m.name == "attn" || m.name.EndsWith(".attn", StringComparison.Ordinal))
            .Select(m => $"{(m.name == "attn" ? "" : m.name[..^5] + ": ")}{m.module.GetName()} ({m.module.parameters().Sum(p => p.numel())})")
            .ToList();
        return parts.Count == 0 ? "" : parts.Count <= 2 ? string.Join(", ", parts) : $"{parts[0].Split(" (")[0].Split(": ").Last()} x{parts.Count} ({parts.Sum(p => long.Parse(p.Split('(').Last().TrimEnd(')'), CultureInfo.InvariantCulture))})";
    }

    public Tensor[] forward_heads(Tensor x)
    {
        var y = new Tensor?[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            var f = froms[i];
            var layer = layers[i];
            if (layer is Detect d) return d.Heads(f.Select(j => j == -1 ? x : y[j]!).ToArray());
            if (layer is IMultiInput multi) x = multi.forward(f.Select(j => j == -1 ? x : y[j]!).ToArray());
            else
            {
                if (f[0] != -1) x = y[f[0]]!;
                x = ((nn.Module<Tensor, Tensor>)layer).forward(x);
            }
            if (save[i]) y[i] = x;
        }
        throw new InvalidOperationException("no Detect layer");
    }

    public Tensor decode(Tensor[] heads) => detect.Decode(heads);

    public override Tensor forward(Tensor x)
    {
        var heads = forward_heads(x);
        return training
            ? cat(heads.Select(h => h.view(h.shape[0], -1, h.shape[^1])).ToArray(), 1)
            : detect.Decode(heads);
    }

    /// <summary>Python's repr of an argument list, as parse_model prints it ([3, 16, 6, 2, 2], [None, 2, 'nearest']).</summary>
    internal static string PyRepr(object? v) => v switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => $"'{s}'",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(PyRepr)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
