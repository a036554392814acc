namespace Ablation.Torch.optim;

/// <summary>
/// Stochastic gradient descent with momentum (Sutskever et al. 2013, in torch.optim.SGD's form), Nesterov
/// momentum, dampening and L2 weight decay:
/// g = grad + weight_decay p; buf = momentum buf + (1 - dampening) g (buf = g on the first step);
/// g = g + momentum buf if nesterov, else buf; p = p - lr g.
/// <code>var opt = new SGD(model.Parameters(), lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 5e-4);</code>
/// </summary>
public sealed unsafe class SGD : Optimizer
{
    public double momentum { get; }
    public double dampening { get; }
    public bool nesterov { get; }

    public SGD(IEnumerable<Tensor> @params, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0,
        bool nesterov = false)
        : this(new[] { new ParamGroup(@params) }, lr, momentum, dampening, weight_decay, nesterov) { }

    public SGD(IEnumerable<ParamGroup> param_groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0,
        bool nesterov = false)
        : base(param_groups, lr, weight_decay)
    {
        if (momentum < 0) throw new ArgumentException($"SGD: invalid momentum {momentum}: must be >= 0");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("SGD: nesterov momentum requires a momentum > 0 and zero dampening");
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
    }

    protected override string[] SlotNames { get; } = { "momentum_buffer" };

    protected override void StepGroup(ParamGroup group, IntPtr[] @params, IntPtr[][] state, long[] step)
    {
        fixed (IntPtr* p = @params, buf = state[0])
            Native.Check(Native.abl_optim_sgd_step(p, buf, @params.Length, group.lr, momentum, dampening, group.weight_decay,
                nesterov ? (byte)1 : (byte)0));
    }
}
