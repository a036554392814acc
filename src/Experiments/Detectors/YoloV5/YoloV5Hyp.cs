namespace Ablation.Experiments.Detectors.YoloV5;

/// <summary>
/// The loss hyperparameters of ultralytics' data/hyps/hyp.scratch-low.yaml: gains box 0.05, obj 1.0, cls 0.5,
/// anchor_t 4.0 (no focal loss, BCE pos_weight 1, no label smoothing). train.py rescales the gains to the model
/// and data (<see cref="ScaledFor"/>).
/// </summary>
public sealed record YoloV5Hyp
{
    public double Box { get; init; } = 0.05;
    public double Obj { get; init; } = 1.0;
    public double Cls { get; init; } = 0.5;
    /// <summary>A target matches an anchor when max(w/wa, wa/w, h/ha, ha/h) &lt; anchor_t.</summary>
    public double AnchorT { get; init; } = 4.0;
    /// <summary>Objectness balance per level P3, P4, P5 (ComputeLoss.balance for 3 levels).</summary>
    public IReadOnlyList<double> Balance { get; init; } = new[] { 4.0, 1.0, 0.4 };

    /// <summary>
    /// train.py: box *= 3 / nl, cls *= nc / 80 * 3 / nl, obj *= (img_size / 640)^2 * 3 / nl.
    /// </summary>
    public YoloV5Hyp ScaledFor(long nc, long imgSize, int nl = 3) => this with
    {
        Box = Box * 3.0 / nl,
        Cls = Cls * nc / 80.0 * 3.0 / nl,
        Obj = Obj * Math.Pow(imgSize / 640.0, 2) * 3.0 / nl,
    };
}
