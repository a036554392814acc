namespace Ablation.Torch.nn;

/// <summary>
/// Batch normalisation (Ioffe and Szegedy 2015), the shared part of torch.nn.BatchNorm1d/2d:
/// y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias per channel (dimension 1). In training mode the batch
/// statistics are used and the running ones updated, running = (1 - momentum) running + momentum batch
/// (unbiased variance; momentum null: the cumulative average, factor 1 / num_batches_tracked); in
/// evaluation mode the running statistics are used. State-dict keys as PyTorch: weight, bias,
/// running_mean, running_var, num_batches_tracked.
/// </summary>
public abstract class BatchNorm : Module
{
    public long num_features { get; }
    public double eps { get; }
    public double? momentum { get; }
    public bool affine { get; }
    public bool track_running_stats { get; }

    public Tensor? weight { get; }
    public Tensor? bias { get; }
    public Tensor? running_mean { get; }
    public Tensor? running_var { get; }
    public Tensor? num_batches_tracked { get; }

    protected BatchNorm(long num_features, double eps, double? momentum, bool affine, bool track_running_stats, Device? device, DType dtype)
    {
        if (num_features <= 0) throw new ArgumentException($"{GetType().Name}: num_features must be positive, got {num_features}");
        this.num_features = num_features;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.track_running_stats = track_running_stats;
        var c = new[] { num_features };
        if (affine)
        {
            weight = RegisterParameter("weight", torch.ones(c, dtype, device));
            bias = RegisterParameter("bias", torch.zeros(c, dtype, device));
        }
        if (track_running_stats)
        {
            running_mean = RegisterBuffer("running_mean", torch.zeros(c, dtype, device));
            running_var = RegisterBuffer("running_var", torch.ones(c, dtype, device));
            num_batches_tracked = RegisterBuffer("num_batches_tracked", torch.zeros(Array.Empty<long>(), DType.Int64, device));
        }
    }

    /// <summary>The input ranks this layer accepts (BatchNorm2d: 4; BatchNorm1d: 2 or 3).</summary>
    protected abstract void CheckInputDim(int dim);

    public override Tensor Forward(Tensor input)
    {
        CheckInputDim(input.Dim);
        double factor = momentum ?? 0.0;
        if (Training && track_running_stats)
        {
            Native.Check(Native.abl_module_increment_(num_batches_tracked!.Handle));
            if (momentum is null) factor = 1.0 / num_batches_tracked.Item<long>();
        }
        // Evaluation without running statistics normalises with the batch's own, as PyTorch.
        bool useBatchStats = Training || running_mean is null;
        return F.batch_norm(input, running_mean, running_var, weight, bias, useBatchStats, factor, eps);
    }

    protected override string ExtraRepr() =>
        $"{num_features}, eps={eps}, momentum={(momentum?.ToString() ?? "None")}, affine={affine}, track_running_stats={track_running_stats}";
}

/// <summary>Batch normalisation over (N, C, H, W), torch.nn.BatchNorm2d.</summary>
public sealed class BatchNorm2d(long num_features, double eps = 1e-5, double? momentum = 0.1, bool affine = true,
    bool track_running_stats = true, Device? device = null, DType dtype = DType.Float32)
    : BatchNorm(num_features, eps, momentum, affine, track_running_stats, device, dtype)
{
    protected override void CheckInputDim(int dim)
    {
        if (dim != 4) throw new ArgumentException($"BatchNorm2d: expected 4D input (got {dim}D input)");
    }
}

/// <summary>Batch normalisation over (N, C) or (N, C, L), torch.nn.BatchNorm1d.</summary>
public sealed class BatchNorm1d(long num_features, double eps = 1e-5, double? momentum = 0.1, bool affine = true,
    bool track_running_stats = true, Device? device = null, DType dtype = DType.Float32)
    : BatchNorm(num_features, eps, momentum, affine, track_running_stats, device, dtype)
{
    protected override void CheckInputDim(int dim)
    {
        if (dim != 2 && dim != 3) throw new ArgumentException($"BatchNorm1d: expected 2D or 3D input (got {dim}D input)");
    }
}
