namespace Ablation.TorchSupport;

/// <summary>
/// Counts the cost of every counted op (<see cref="F"/> and the modules of Ablation.TorchSupport.nn) executed on
/// this thread while it is active. Counting happens at the op, not at module hooks, so functional ops inside
/// attention modules are never missed (the blind spot of hook-based counters such as fvcore's or thop's).
/// <list type="bullet">
/// <item><see cref="Macs"/>: multiply-accumulates of convolution, linear and matrix-multiply ops, what
/// attention papers print as "FLOPs" (DESIGN.md section 7).</item>
/// <item><see cref="ByOp"/>: per op name, MACs for the ops above and, for element-wise, pooling,
/// reduction and normalisation ops, one op per element touched (<see cref="OpCost.Elements"/>).</item>
/// </list>
/// Counts are totals for the batch that ran; profile with batch 1 for per-image figures.
/// <code>using var mc = MacCounter.Start(); model.forward(x); Console.WriteLine(mc.Macs);</code>
/// </summary>
public sealed class MacCounter : IDisposable
{
    [ThreadStatic] private static MacCounter? active;

    private readonly MacCounter? previous;
    private readonly Dictionary<string, OpCost> byOp = new();
    private bool stopped;

    private MacCounter()
    {
        previous = active;
        active = this;
    }

    /// <summary>Starts counting on this thread until disposed (counters nest; the innermost counts).</summary>
    public static MacCounter Start() => new();

    /// <summary>True when a counter is active on this thread: ops skip all accounting otherwise.</summary>
    public static bool IsActive => active != null;

    /// <summary>Multiply-accumulates of convolution, linear and matmul ops.</summary>
    public long Macs { get; private set; }

    /// <summary>Cost per op name ("conv2d", "linear", "sigmoid", "adaptive_avg_pool2d", ...).</summary>
    public IReadOnlyDictionary<string, OpCost> ByOp => byOp;

    /// <summary>Records a multiply-accumulate op (conv, linear, matmul): counted in <see cref="Macs"/>.</summary>
    public static void AddMacs(string op, long macs)
    {
        var c = active;
        if (c == null) return;
        c.Macs += macs;
        c.Add(op, macs, 0);
    }

    /// <summary>Records an element-wise, pooling, reduction or normalisation op touching `elements` elements.</summary>
    public static void AddElements(string op, long elements)
    {
        var c = active;
        if (c == null) return;
        c.Add(op, 0, elements);
    }

    private void Add(string op, long macs, long elements)
    {
        byOp.TryGetValue(op, out var cost);
        byOp[op] = new OpCost(cost.Calls + 1, cost.Macs + macs, cost.Elements + elements);
    }

    public void Dispose()
    {
        if (stopped) return;
        stopped = true;
        if (active == this) active = previous;
    }
}
