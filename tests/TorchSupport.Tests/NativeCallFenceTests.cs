using System.Runtime;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.TorchSupport.Tests;

/// <summary>
/// Alone in its collection: the no-GC region is process-wide, so tests of other classes allocating in parallel would
/// outgrow its budget and reopen the race this class checks is closed.
/// </summary>
[CollectionDefinition(nameof(NativeCallFenceTests), DisableParallelization = true)]
public sealed class NativeCallFenceCollection;

[Collection(nameof(NativeCallFenceTests))]
public sealed class NativeCallFenceTests
{
    [Fact]
    public void No_collection_runs_inside_the_fence_and_it_ends_with_the_step()
    {
        long collections;
        using (NativeCallFence.Enter())
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            collections = GC.CollectionCount(0);
            for (int i = 0; i < 160; i++) GC.KeepAlive(new byte[64 * 1024]); // 10 MB
            Assert.Equal(collections, GC.CollectionCount(0));
            using (NativeCallFence.Enter()) Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode); // nested: no-op
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void A_step_that_outgrows_the_budget_is_counted()
    {
        long before = NativeCallFence.Overruns;
        using (NativeCallFence.Enter())
            for (long allocated = 0; allocated < 2 * NativeCallFence.Budget; allocated += 1 << 20) GC.KeepAlive(new byte[1 << 20]);
        Assert.Equal(before + 1, NativeCallFence.Overruns);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    /// <summary>
    /// The race itself (bench/ScalarRace): unfenced, `a + b` with a thread allocating beside it failed here after
    /// 43,311 and 283,526 additions ("Expected false to be true" in c10::Scalar::toFloat). Fenced, none may fail.
    /// </summary>
    [Fact]
    public void Additions_beside_an_allocating_thread_never_lose_their_scalar()
    {
        // The thread allocates at most a quarter of the fence's budget per block of additions: enough for several
        // collections inside each block unfenced (gen0 budgets are a few MB), never enough to outgrow the fence.
        // A wall-clock rate was not enough: on a loaded machine, a descheduled test thread or a catch-up burst after
        // the allocator itself was descheduled let a block outgrow the budget (such a block is unfenced by design).
        const long allowancePerBlock = NativeCallFence.Budget / 4;
        long allocatedThisBlock = allowancePerBlock; // nothing until the first block opens
        var stop = false;
        var background = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                if (Interlocked.Read(ref allocatedThisBlock) >= allowancePerBlock) { Thread.Yield(); continue; }
                GC.KeepAlive(new byte[64 * 1024]);
                Interlocked.Add(ref allocatedThisBlock, 64 * 1024);
            }
        }) { IsBackground = true };
        background.Start();
        try
        {
            using var a = randn(128, 128);
            using var b = randn(128, 128);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            long overrunsBefore = NativeCallFence.Overruns, blocks = 0;
            while (clock.Elapsed.TotalSeconds < 15)
            {
                using var fence = NativeCallFence.Enter();
                Interlocked.Exchange(ref allocatedThisBlock, 0);
                using var scope = NewDisposeScope();
                for (int i = 0; i < 200; i++) _ = a + b;
                blocks++;
            }
            Assert.True(blocks > 100, $"only {blocks} blocks ran");
            Assert.Equal(overrunsBefore, NativeCallFence.Overruns); // every block was fenced
        }
        finally { Volatile.Write(ref stop, true); }
    }
}
