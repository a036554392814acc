namespace Ablation.Torch.optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter 2019, "Decoupled Weight Decay Regularization";
/// Adam: Kingma and Ba 2015), torch.optim.AdamW without amsgrad. Per parameter, at step t:
/// p = p (1 - lr weight_decay); m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
/// p = p - lr / (1 - beta1^t) m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
/// </summary>
public sealed unsafe class AdamW : Optimizer
{
    public (double, double) betas { get; }
    public double eps { get; }

    public AdamW(IEnumerable<Tensor> @params, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
        double weight_decay = 1e-2)
        : this(new[] { new ParamGroup(@params) }, lr, betas, eps, weight_decay) { }

    public AdamW(IEnumerable<ParamGroup> param_groups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
        double weight_decay = 1e-2)
        : base(param_groups, lr, weight_decay)
    {
        this.betas = betas ?? (0.9, 0.999);
        if (this.betas.Item1 is < 0 or >= 1 || this.betas.Item2 is < 0 or >= 1)
            throw new ArgumentException($"AdamW: invalid betas ({this.betas.Item1}, {this.betas.Item2}): each must be in [0, 1)");
        if (eps < 0) throw new ArgumentException($"AdamW: invalid eps {eps}: must be >= 0");
        this.eps = eps;
    }

    protected override string[] SlotNames { get; } = { "exp_avg", "exp_avg_sq" };
    protected override bool CountsSteps => true;

    protected override void StepGroup(ParamGroup group, IntPtr[] @params, IntPtr[][] state, long[] step)
    {
        fixed (IntPtr* p = @params, m = state[0], v = state[1])
        fixed (long* t = step)
            Native.Check(Native.abl_optim_adamw_step(p, m, v, t, @params.Length, group.lr, betas.Item1, betas.Item2, eps,
                group.weight_decay));
    }
}
