using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Bench;

/// <summary>
/// The engine's benchmarks (issues 3 and 11) on TorchSharp: (a) per-op call overhead, (b) one training step of a
/// small CNN, both against PyTorch eager (bench/peers/engine_peer.py) in alternating rounds with the same thread
/// count, medians reported with ratios C# / PyTorch; (c) memory flatness: resident memory (VmRSS after a full GC)
/// after warm-up vs after N training steps, each in its own torch.NewDisposeScope() (target growth under 2%).
/// </summary>
internal sealed class EngineBench(EngineBench.Options options)
{
    public sealed record Options(int Threads, int Batch = 32, int Image = 32, int Classes = 10, int Rounds = 3,
        long OpIterations = 200_000, int Steps = 30, int MemorySteps = 2000, int MemoryWarmup = 500, bool Peer = true, bool Memory = true);

    public int Run()
    {
        var o = options;
        int threads = TorchRuntime.ConfigureThreads(o.Threads);
        torch.manual_seed(0);
        Console.WriteLine($"engine bench: {TorchRuntime.EngineDescription(CPU)}, threads {threads}, batch {o.Batch}, " +
                          $"image {o.Image}x{o.Image}, {o.Rounds} rounds (medians)");

        using var x = randn(o.Batch, 3, o.Image, o.Image).DetachFromDisposeScope();
        using var y = randint(0, o.Classes, new long[] { o.Batch }).DetachFromDisposeScope();
        using var net = new SmallCnn(o.Classes);
        using var module = new SmallCnnModule(o.Classes);
        using var peer = o.Peer ? new PythonPeer(PeerScript(), o.Threads, o.Batch, o.Image, o.Classes) : null;
        if (peer != null) Console.WriteLine($"peer: PyTorch {peer.TorchVersion} eager (/usr/bin/python3)");

        // Warm-up on both sides (allocator caches, oneDNN primitive caches, JIT).
        OpOverhead(o.OpIterations / 10);
        Steps(net.Step, x, y, 5);
        Steps(module.Step, x, y, 5);
        peer?.Measure("op", o.OpIterations / 10, "us_per_op");
        peer?.Measure("step_functional", 5, "ms_per_step");
        peer?.Measure("step_module", 5, "ms_per_step");

        var csOp = new List<Timing>(); var pyOp = new List<Timing>();
        var relu = new List<Timing>(); var reluCounted = new List<Timing>();
        var csStep = new List<Timing>(); var csModule = new List<Timing>(); var pyFunctional = new List<Timing>(); var pyModule = new List<Timing>();
        for (int r = 0; r < o.Rounds; r++)
        {
            csOp.Add(OpOverhead(o.OpIterations));
            if (peer != null) pyOp.Add(peer.Measure("op", o.OpIterations, "us_per_op"));
            relu.Add(ReluOverhead(o.OpIterations, counted: false));
            reluCounted.Add(ReluOverhead(o.OpIterations, counted: true));
            csStep.Add(Steps(net.Step, x, y, o.Steps));
            csModule.Add(Steps(module.Step, x, y, o.Steps));
            if (peer != null)
            {
                pyFunctional.Add(peer.Measure("step_functional", o.Steps, "ms_per_step"));
                pyModule.Add(peer.Measure("step_module", o.Steps, "ms_per_step"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("                                       wall        cpu   (ratios: C# / PyTorch, wall and cpu)");
        Console.WriteLine("(a) per-op overhead, `a + b` on 1-element tensors, us/op");
        Row("C# (result disposed)", Timing.Median(csOp), null);
        if (peer != null) Row("PyTorch eager", Timing.Median(pyOp), Timing.Median(csOp));
        Console.WriteLine("    MacCounter cost, F.relu on a 1-element tensor (C# only):");
        Row("  no counter active", Timing.Median(relu), null);
        Row("  a counter active", Timing.Median(reluCounted), null);
        Console.WriteLine($"(b) training step, small CNN (conv-BN-ReLU x4, linear head, SGD momentum), {o.Steps} steps/round, ms/step");
        Row("C# functional", Timing.Median(csStep), null);
        if (peer != null) Row("PyTorch functional", Timing.Median(pyFunctional), Timing.Median(csStep));
        Row("C# nn.Sequential + optim.SGD", Timing.Median(csModule), null);
        if (peer != null) Row("PyTorch nn.Sequential + optim.SGD", Timing.Median(pyModule), Timing.Median(csModule));
        peer?.Dispose();

        int status = 0;
        if (o.Memory)
        {
            Console.WriteLine($"(c) memory flatness: resident memory after {o.MemoryWarmup} warm-up steps vs after {o.MemorySteps} more, each step in its own scope (nn.Sequential + optim.SGD)");
            var (before, after) = MemoryFlatness(module.Step, x, y, o.MemorySteps, o.MemoryWarmup);
            double growth = (after - before) / (double)before * 100;
            Console.WriteLine($"    RSS (after a full GC) after warm-up {before / 1048576.0:F1} MiB, after {o.MemorySteps} more steps " +
                              $"{after / 1048576.0:F1} MiB: growth {growth:+0.00;-0.00}% (target < 2%)");
            if (growth >= 2) status = 1;
        }
        return status;
    }

    /// <summary>A row: the times, and when `ours` is given, our times divided by these.</summary>
    private static void Row(string label, Timing t, Timing? ours)
    {
        var ratio = ours is { } c ? $"   ratio {c.Wall / t.Wall:F3} / {c.Cpu / t.Cpu:F3}" : "";
        Console.WriteLine($"    {label,-34} {t.Wall,9:F3}  {t.Cpu,9:F3}{ratio}");
    }

    /// <summary>Microseconds per `a + b` on 1-element tensors, the result disposed as a scope would.</summary>
    private static Timing OpOverhead(long iterations)
    {
        using var scope = torch.NewDisposeScope();
        var a = ones(1);
        var b = ones(1);
        return Timing.Of(() =>
        {
            for (long i = 0; i < iterations; i++) (a + b).Dispose();
        }, iterations, 1e6);
    }

    /// <summary>Microseconds per F.relu on a 1-element tensor, with or without a MacCounter active.</summary>
    private static Timing ReluOverhead(long iterations, bool counted)
    {
        using var scope = torch.NewDisposeScope();
        var a = ones(1);
        using var counter = counted ? MacCounter.Start() : null;
        return Timing.Of(() =>
        {
            for (long i = 0; i < iterations; i++) F.relu(a).Dispose();
        }, iterations, 1e6);
    }

    /// <summary>Milliseconds per training step, each step in its own scope.</summary>
    private static Timing Steps(Func<Tensor, Tensor, Tensor> step, Tensor x, Tensor y, int steps) => Timing.Of(() =>
    {
        for (int i = 0; i < steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            step(x, y);
        }
    }, steps, 1e3);

    /// <summary>
    /// Runs warm-up steps, then `steps` more, each in its own torch.NewDisposeScope(), printing at five checkpoints
    /// the resident memory (VmRSS) before and after a full GC, the managed heap, and the tensors alive on this
    /// thread (TorchSharp's DisposeScopeManager statistics: a tensor escaping its scope shows as a rising count).
    /// The managed heap grows with each step's small wrapper objects until the GC's first gen0 collection, which
    /// can be thousands of steps away; so the verdict compares resident memory after a full collection at both
    /// ends. The collection cannot hide a native leak: a leaked tensor stays reachable from nothing, so it would
    /// show in the live count, which is read before collecting and must not grow.
    /// </summary>
    private static (long Before, long After) MemoryFlatness(Func<Tensor, Tensor, Tensor> step, Tensor x, Tensor y, int steps, int warmup)
    {
        float last = 0;
        void Run(int n)
        {
            for (int i = 0; i < n; i++)
            {
                using var scope = torch.NewDisposeScope();
                last = step(x, y).item<float>();
            }
        }
        (long Rss, long Live) Report(int done)
        {
            long rss = MemoryMeter.ResidentBytes();
            long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long collected = MemoryMeter.ResidentBytes();
            Console.WriteLine($"    step {done,5}: RSS {rss / 1048576.0,6:F1} MiB (after full GC {collected / 1048576.0,6:F1})   " +
                              $"managed heap {GC.GetTotalMemory(false) / 1048576.0,5:F1} MiB   live tensors {live}");
            return (collected, live);
        }
        Run(warmup);
        var (before, liveBefore) = Report(0);
        long after = before, liveAfter = liveBefore;
        for (int part = 1; part <= 4; part++)
        {
            Run(steps / 4 + (part == 4 ? steps % 4 : 0));
            (after, liveAfter) = Report(part == 4 ? steps : part * (steps / 4));
        }
        if (liveAfter > liveBefore) throw new InvalidOperationException($"{liveAfter - liveBefore} tensors escaped their dispose scopes");
        if (!float.IsFinite(last)) throw new InvalidOperationException($"loss became {last}");
        return (before, after);
    }

    private static string PeerScript()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "bench", "peers", "engine_peer.py");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("bench/peers/engine_peer.py not found above " + AppContext.BaseDirectory);
    }
}
