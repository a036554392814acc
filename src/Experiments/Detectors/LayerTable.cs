using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors;

/// <summary>
/// The layer table `ablate plan` and `ablate profile` print for a detector, in the columns of ultralytics'
/// parse_model log (index, from, repeats, params, module, arguments) plus the attention inserted after or
/// inside each layer, so a user sees where each module went and that no base index moved.
/// </summary>
public static class LayerTable
{
    /// <summary>Longer arguments (Detect's anchors) are cut, so the attention column, the one to check, stays on screen.</summary>
    public const int MaxArgsWidth = 40;

    public static string Format(IDetector detector)
    {
        var rows = detector.Layers;
        int fromW = Math.Max(4, rows.Max(r => r.From.Length));
        int modW = Math.Max(6, rows.Max(r => r.Module.Length));
        int argW = Math.Min(MaxArgsWidth, Math.Max(9, rows.Max(r => r.Args.Length)));
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"#",3}  {"from".PadLeft(fromW)}  {"n",2}  {"params",10}  {"module".PadRight(modW)}  {"arguments".PadRight(argW)}  attention");
        foreach (var r in rows)
        {
            var args = r.Args.Length > argW ? r.Args[..(argW - 3)] + "..." : r.Args;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{r.Index,3}  {r.From.PadLeft(fromW)}  {r.Repeats,2}  {r.Params,10:N0}  {r.Module.PadRight(modW)}  {args.PadRight(argW)}  {r.Attention}");
            sb.AppendLine(line.TrimEnd());
        }
        long total = ((nn.Module)detector).parameters().Sum(p => p.numel());
        long baseParams = rows.Sum(r => r.Params);
        sb.Append(CultureInfo.InvariantCulture,
            $"{detector.Name}: {total:N0} params ({baseParams:N0} base + {total - baseParams:N0} attention at {detector.AttentionSites.Count} sites), {detector.NumClasses} classes");
        return sb.ToString();
    }
}
