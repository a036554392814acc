using System.Text;

namespace Ablation.Harness.Runs;

/// <summary>
/// Where a sweep's runs write their TensorBoard event files: <c>results/&lt;experiment&gt;/tensorboard/&lt;name&gt;/</c>,
/// one folder per run. TensorBoard names a run by its folder's path below <c>--logdir</c>, and a run folder is
/// named by its hash, so the events go into a folder named for a reader:
/// <c>resnet20_se(reduction=16)@stage_cifar10_s0__3f9a2c1e</c> — backbone, attention (with its options) at
/// its placement, data set, seed, then the run's short id, which keeps apart runs that differ only in what
/// the name leaves out (recipe, width, stages). A detector placement <c>after:[4,6]</c> reads <c>@after(4,6)</c>. <c>tensorboard --logdir results/&lt;experiment&gt;</c> lists
/// them as <c>tensorboard/&lt;name&gt;</c>, sorted by backbone and attention.
/// </summary>
public static class TensorBoardRunName
{
    public const string Folder = "tensorboard";

    public static string Of(RunSpec spec)
    {
        var attention = spec.Attention == "none" || spec.Placement == RunSpec.NoPlacement
            ? spec.AttentionLabel(withOptions: true)
            : $"{spec.AttentionLabel(withOptions: true)}@{PlacementText(spec.Placement)}";
        return Safe($"{spec.Backbone}_{attention}_{spec.Dataset}_s{spec.Seed}") + "__" + spec.ShortId;
    }

    /// <summary>
    /// The placement as a folder name can hold it: a name as it is, a detector's <c>after:[4,6]</c> as
    /// <c>after(4,6)</c> (brackets and the colon would become dashes), the same look as module options.
    /// </summary>
    public static string PlacementText(string placement) =>
        placement.StartsWith("after:[", StringComparison.Ordinal) && placement.EndsWith(']')
            ? "after(" + placement["after:[".Length..^1] + ")"
            : placement;

    /// <summary>The run's log directory: a sibling of the run folders of its experiment.</summary>
    public static string Directory(string resultsDir, RunSpec spec) => Path.Combine(resultsDir, spec.Experiment, Folder, Of(spec));

    /// <summary>The name with every character a file name or a TensorBoard run filter could trip over replaced by '-'.</summary>
    private static string Safe(string name)
    {
        var b = new StringBuilder(name.Length);
        foreach (var c in name) b.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '@' or '=' or ',' or '(' or ')' ? c : '-');
        return b.ToString();
    }
}
