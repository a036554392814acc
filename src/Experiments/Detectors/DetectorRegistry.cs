using Ablation.Experiments.Detectors.YoloV5;
using Ablation.Experiments.Detectors.Yolox;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors;

/// <summary>One detector of the zoo: its name, family, default depth and width multiples, and the paper.</summary>
public sealed record DetectorInfo(string Name, string Family, double Depth, double Width, string Paper);

/// <summary>
/// Stable names -> detectors (DESIGN.md section 4): <c>yolov5n|s|m</c> (ultralytics v6.0+ yaml, multiples
/// 0.33/0.25, 0.33/0.50, 0.67/0.75) and <c>yolox-s</c> (Megvii, 0.33/0.50). <c>depth</c>/<c>width</c> override
/// the multiples (the tests build narrow variants to keep fixtures small).
/// </summary>
public static class DetectorRegistry
{
    private const string V5 = "Jocher et al., ultralytics/yolov5 v6.0+ (2021-2022), models/yolov5*.yaml";
    private const string X = "Ge et al., YOLOX: Exceeding YOLO Series in 2021, arXiv:2107.08430";

    public static IReadOnlyList<DetectorInfo> All { get; } = new DetectorInfo[]
    {
        new("yolov5n", "yolov5", 0.33, 0.25, V5),
        new("yolov5s", "yolov5", 0.33, 0.50, V5),
        new("yolov5m", "yolov5", 0.67, 0.75, V5),
        new("yolox-s", "yolox", 0.33, 0.50, X),
    };

    public static IReadOnlyList<string> Names { get; } = All.Select(d => d.Name).ToList();

    public static bool IsDetector(string name) => All.Any(d => d.Name == name.Trim().ToLowerInvariant());

    public static DetectorInfo Get(string name) =>
        All.FirstOrDefault(d => d.Name == name.Trim().ToLowerInvariant())
        ?? throw new ArgumentException($"unknown detector '{name}'; allowed: {string.Join(", ", Names)}");

    /// <summary>
    /// Builds the detector in training mode. <paramref name="attention"/> gives the module for a site's
    /// channel count (null for none); <paramref name="placement"/> says where (ignored without attention).
    /// </summary>
    public static IDetector Create(string name, long classes, DetectorPlacement? placement = null,
        Func<long, nn.Module<Tensor, Tensor>?>? attention = null, double? depth = null, double? width = null, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        var info = Get(name);
        if (depth is <= 0 || width is <= 0) throw new ArgumentException($"{name}: depth and width multiples must be positive");
        if (info.Family == "yolox" && placement?.Name == DetectorPlacement.After)
            throw new ArgumentException($"{name}: placement {placement} names YOLOv5 layer indices; YOLOX takes {string.Join(", ", DetectorPlacement.Names)}");
        return info.Family == "yolov5"
            ? new YoloV5Model(info.Name, classes, depth ?? info.Depth, width ?? info.Width, placement, attention, device, dtype)
            : new YoloxModel(info.Name, classes, depth ?? info.Depth, width ?? info.Width, placement, attention, device, dtype);
    }
}
