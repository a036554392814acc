using static TorchSharp.torch;

namespace Ablation.TorchSupport.nn;

/// <summary>
/// Batch normalisation (Ioffe and Szegedy 2015), the shared part of torch.nn.BatchNorm1d/2d:
/// y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias per channel (dimension 1). In training mode the batch
/// statistics are used and the running ones updated, running = (1 - momentum) running + momentum batch
/// (unbiased variance; momentum null: the cumulative average, factor 1 / num_batches_tracked); in evaluation
/// mode the running statistics are used. State-dict keys as PyTorch: weight, bias, running_mean, running_var,
/// num_batches_tracked. Counted and meta-capable through <see cref="F.batch_norm"/>.
/// </summary>
public abstract class BatchNorm : ExplicitModule
{
    public long num_features { get; }
    public double eps { get; }
    public double? momentum { get; }
    public bool affine { get; }
    public bool track_running_stats { get; }

    public Tensor? weight { get => _weight; set => _weight = Reassign(nameof(weight), value, parameter: true); }
    private Tensor? _weight;
    public Tensor? bias { get => _bias; set => _bias = Reassign(nameof(bias), value, parameter: true); }
    private Tensor? _bias;
    public Tensor? running_mean { get => _running_mean; set => _running_mean = Reassign(nameof(running_mean), value, parameter: false); }
    private Tensor? _running_mean;
    public Tensor? running_var { get => _running_var; set => _running_var = Reassign(nameof(running_var), value, parameter: false); }
    private Tensor? _running_var;
    public Tensor? num_batches_tracked { get => _num_batches_tracked; set => _num_batches_tracked = Reassign(nameof(num_batches_tracked), value, parameter: false); }
    private Tensor? _num_batches_tracked;

    protected BatchNorm(string name, long num_features, double eps, double? momentum, bool affine, bool track_running_stats,
        Device? device, ScalarType dtype) : base(name)
    {
        if (num_features <= 0) throw new ArgumentException($"{name}: num_features must be positive, got {num_features}");
        this.num_features = num_features;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.track_running_stats = track_running_stats;
        var c = new[] { num_features };
        if (affine)
        {
            _weight = RegisterParameter("weight", ones(c, dtype, device));
            _bias = RegisterParameter("bias", zeros(c, dtype, device));
        }
        if (track_running_stats)
        {
            _running_mean = RegisterBuffer("running_mean", zeros(c, dtype, device));
            _running_var = RegisterBuffer("running_var", ones(c, dtype, device));
            _num_batches_tracked = RegisterBuffer("num_batches_tracked", zeros(Array.Empty<long>(), ScalarType.Int64, device));
        }
    }

    /// <summary>The input ranks this layer accepts (BatchNorm2d: 4; BatchNorm1d: 2 or 3).</summary>
    protected abstract void CheckInputDim(long dim);

    public override Tensor forward(Tensor input)
    {
        CheckInputDim(input.dim());
        double factor = momentum ?? 0.0;
        if (training && track_running_stats)
        {
            using (no_grad()) num_batches_tracked!.add_(1);
            if (momentum is null) factor = 1.0 / num_batches_tracked.item<long>();
        }
        // Evaluation without running statistics normalises with the batch's own, as PyTorch.
        bool useBatchStats = training || running_mean is null;
        return F.batch_norm(input, running_mean, running_var, weight, bias, useBatchStats, factor, eps);
    }
}

/// <summary>Batch normalisation over (N, C, H, W), torch.nn.BatchNorm2d.</summary>
public sealed class BatchNorm2d(long num_features, double eps = 1e-5, double? momentum = 0.1, bool affine = true,
    bool track_running_stats = true, Device? device = null, ScalarType dtype = ScalarType.Float32)
    : BatchNorm(nameof(BatchNorm2d), num_features, eps, momentum, affine, track_running_stats, device, dtype)
{
    protected override void CheckInputDim(long dim)
    {
        if (dim != 4) throw new ArgumentException($"BatchNorm2d: expected 4D input (got {dim}D input)");
    }
}

/// <summary>Batch normalisation over (N, C) or (N, C, L), torch.nn.BatchNorm1d.</summary>
public sealed class BatchNorm1d(long num_features, double eps = 1e-5, double? momentum = 0.1, bool affine = true,
    bool track_running_stats = true, Device? device = null, ScalarType dtype = ScalarType.Float32)
    : BatchNorm(nameof(BatchNorm1d), num_features, eps, momentum, affine, track_running_stats, device, dtype)
{
    protected override void CheckInputDim(long dim)
    {
        if (dim != 2 && dim != 3) throw new ArgumentException($"BatchNorm1d: expected 2D or 3D input (got {dim}D input)");
    }
}
