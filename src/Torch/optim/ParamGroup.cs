namespace Ablation.Torch.optim;

/// <summary>
/// A set of parameters with its own learning rate and weight decay, as torch.optim's param_groups: the
/// usual use is no weight decay on normalisation weights and biases (<see cref="SplitWeightDecay"/>).
/// Options left null take the optimizer's values. LR schedules write <see cref="lr"/> and remember the
/// value they scale in <see cref="initial_lr"/>.
/// </summary>
public sealed class ParamGroup
{
    private readonly double? requestedLr;
    private readonly double? requestedWeightDecay;

    public ParamGroup(IEnumerable<Tensor> @params, double? lr = null, double? weight_decay = null)
    {
        Params = @params.ToArray();
        requestedLr = lr;
        requestedWeightDecay = weight_decay;
    }

    public IReadOnlyList<Tensor> Params { get; }

    public double lr { get; set; }
    public double weight_decay { get; set; }

    /// <summary>The learning rate an LR schedule scales (set by the first schedule attached); null before.</summary>
    public double? initial_lr { get; set; }

    internal void ApplyDefaults(double lr, double weight_decay)
    {
        this.lr = requestedLr ?? lr;
        this.weight_decay = requestedWeightDecay ?? weight_decay;
        if (this.lr < 0) throw new ArgumentException($"invalid learning rate {this.lr}: must be >= 0");
        if (this.weight_decay < 0) throw new ArgumentException($"invalid weight_decay {this.weight_decay}: must be >= 0");
    }

    /// <summary>
    /// Two groups: parameters of two or more dimensions (conv and linear weights) with
    /// <paramref name="weight_decay"/>, and one-dimensional ones (normalisation weights, biases) without,
    /// the rule of timm's param_groups_weight_decay. Empty groups are left out.
    /// </summary>
    public static ParamGroup[] SplitWeightDecay(IEnumerable<Tensor> parameters, double weight_decay)
    {
        var all = parameters.ToList();
        var groups = new List<ParamGroup>();
        var decay = all.Where(p => p.Dim > 1).ToList();
        var noDecay = all.Where(p => p.Dim <= 1).ToList();
        if (decay.Count > 0) groups.Add(new ParamGroup(decay, weight_decay: weight_decay));
        if (noDecay.Count > 0) groups.Add(new ParamGroup(noDecay, weight_decay: 0));
        return groups.ToArray();
    }
}
