using Ablation.Experiments.Attention;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// Builds the model a <see cref="ModelSpec"/> names and profiles it. Every impossible combination is an
/// ArgumentException that names the backbone, the placement and why, raised before anything is built.
/// </summary>
public static class ModelFactory
{
    /// <summary>The model on <paramref name="device"/> (CPU by default), in training mode.</summary>
    /// <remarks>Unfenced (<see cref="NativeCallFence"/>): callers seed the global generator just before building, and a
    /// fence's wait for the finalizer thread would let other threads' draws shift the initial weights.</remarks>
    public static Module<Tensor, Tensor> Create(ModelSpec spec, Device? device = null)
    {
        Validate(spec);
        return Build(spec, device, channels => AttentionRegistry.Create(spec.Attention, channels, device), dropout: null);
    }

    /// <summary>
    /// Parameters (sum of numel, DESIGN.md section 7) and MACs of one image at spec.ImageSize, counted by
    /// <see cref="MacCounter"/> during an eval-mode forward pass on the meta device (no memory, no compute).
    /// </summary>
    public static (long Params, long Macs, IReadOnlyDictionary<string, OpCost> ByOp) Profile(ModelSpec spec)
    {
        using var fence = NativeCallFence.Enter();
        using var model = Create(spec, META);
        model.eval();
        var parameters = model.parameters().Sum(p => p.numel());
        using var scope = torch.NewDisposeScope();
        using var input = torch.zeros(new[] { 1, spec.InChannels, spec.ImageSize, spec.ImageSize }, device: META);
        using var counter = MacCounter.Start();
        using (torch.no_grad()) model.forward(input);
        return (parameters, counter.Macs, new Dictionary<string, OpCost>(counter.ByOp));
    }

    /// <summary>Checks every field of <paramref name="spec"/>; throws ArgumentException with one line saying
    /// what is wrong and what is allowed.</summary>
    public static void Validate(ModelSpec spec)
    {
        var info = BackboneRegistry.Get(spec.Backbone);
        var where = $"backbone {spec.Backbone}, placement {spec.Placement}";
        if (!Placement.IsKnown(spec.Placement))
            throw new ArgumentException($"{where}: unknown placement; allowed: {string.Join(", ", Placement.All.Select(p => p.Name))}");
        if (spec.Stem != null && !Stems.All.Contains(spec.Stem))
            throw new ArgumentException($"{where}: unknown stem '{spec.Stem}'; allowed: {string.Join(", ", Stems.All)}");
        if (spec.Classes < 1) throw new ArgumentException($"{where}: classes must be at least 1 (got {spec.Classes})");
        if (spec.InChannels < 1) throw new ArgumentException($"{where}: in_channels must be at least 1 (got {spec.InChannels})");
        if (spec.ImageSize < 1) throw new ArgumentException($"{where}: input size must be at least 1 pixel (got {spec.ImageSize})");
        if (!(spec.Width > 0) || double.IsInfinity(spec.Width))
            throw new ArgumentException($"{where}: width must be a positive number (got {spec.Width})");
        if (!info.HasWidth && spec.Width != 1.0)
            throw new ArgumentException($"{where}: {spec.Backbone} has no width multiplier (width must be 1; " +
                $"backbones with one: {string.Join(", ", BackboneRegistry.All.Where(b => b.HasWidth).Select(b => b.Name))})");
        if (spec.Stages is { } stages)
        {
            if (stages.Length == 0)
                throw new ArgumentException($"{where}: stages is empty; list stages from 1 to {info.StageCount}, or leave it out for all");
            var bad = stages.Where(s => s < 1 || s > info.StageCount).ToList();
            if (bad.Count > 0)
                throw new ArgumentException($"{where}: stages [{string.Join(", ", bad)}] do not exist; {spec.Backbone} has stages 1 to {info.StageCount}");
            if (spec.Placement == Placement.Stage && stages.All(s => s == info.StageCount))
                throw new ArgumentException($"{where}: stages [{string.Join(", ", stages)}] leave no site: stage attention goes after every stage " +
                    $"but the last, and {info.StageCount} is the last stage of {spec.Backbone}; choose among 1 to {info.StageCount - 1}");
            if (spec.Placement == Placement.Final && !stages.Contains(info.StageCount))
                throw new ArgumentException($"{where}: final attention follows the last stage ({info.StageCount}), which stages " +
                    $"[{string.Join(", ", stages)}] exclude; add {info.StageCount} or leave stages out");
        }
        AttentionRegistry.Validate(spec.Attention);
    }

    /// <summary>
    /// Builds with a given attention factory (the tests pass a probe) and, for MobileNetV2, a dropout rate
    /// (null: torchvision's 0.2). The spec must be valid.
    /// </summary>
    internal static Module<Tensor, Tensor> Build(ModelSpec spec, Device? device, Func<long, Module<Tensor, Tensor>?> attention, double? dropout)
    {
        var info = BackboneRegistry.Get(spec.Backbone);
        var sites = spec.Attention.Name == "none"
            ? AttentionSites.None
            : new AttentionSites(spec.Placement, spec.Stages, attention);
        return info.Build(spec.Classes, spec.InChannels, spec.ResolvedStem, spec.Width, dropout ?? 0.2, sites, device);
    }
}
