using Xunit;
using static TorchSharp.torch;

namespace Ablation.TorchSupport.Tests;

/// <summary>
/// Alone in its collection: the fence holds the process's one finalizer thread, so other tests' fences (or their
/// waits for finalizers) would blur what these tests observe.
/// </summary>
[CollectionDefinition(nameof(NativeCallFenceTests), DisableParallelization = true)]
public sealed class NativeCallFenceCollection;

[Collection(nameof(NativeCallFenceTests))]
public sealed class NativeCallFenceTests
{
    private sealed class Flag { public volatile bool Value; }

    /// <summary>Sets its flag when finalized.</summary>
    private sealed class Finalizable(Flag finalized)
    {
        ~Finalizable() => finalized.Value = true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Flag DropFinalizable()
    {
        var flag = new Flag();
        _ = new Finalizable(flag);
        return flag;
    }

    [Fact]
    public void An_object_that_dies_inside_the_fence_is_finalized_only_after_it()
    {
        Flag flag;
        using (NativeCallFence.Enter())
        {
            Assert.True(NativeCallFence.FinalizersHeld);
            flag = DropFinalizable();
            GC.Collect(0); // generation 0 only: a full blocking collection would let the finalizer go (Yielded)
            Thread.Sleep(200);
            Assert.False(flag.Value);
            using (NativeCallFence.Enter()) Assert.True(NativeCallFence.FinalizersHeld); // nested: the same hold
            Assert.True(NativeCallFence.FinalizersHeld);
            Assert.False(flag.Value);
        }
        Assert.False(NativeCallFence.FinalizersHeld);
        GC.WaitForPendingFinalizers();
        Assert.True(flag.Value);
    }

    [Fact]
    public void Collections_go_on_inside_the_fence()
    {
        using (NativeCallFence.Enter())
        {
            long collections = GC.CollectionCount(0);
            for (int i = 0; i < 16_000; i++) GC.KeepAlive(new byte[64 * 1024]); // 1 GB of garbage
            Assert.True(GC.CollectionCount(0) > collections + 1);
        }
    }

    [Fact]
    public void Fences_of_two_threads_share_one_hold_released_when_both_end()
    {
        var first = NativeCallFence.Enter();
        var entered = new ManualResetEventSlim();
        var leave = new ManualResetEventSlim();
        var other = new Thread(() =>
        {
            using (NativeCallFence.Enter())
            {
                entered.Set();
                leave.Wait();
            }
        });
        other.Start();
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)));
        var flag = DropFinalizable();
        first.Dispose();
        GC.Collect(0);
        Thread.Sleep(200);
        Assert.True(NativeCallFence.FinalizersHeld);
        Assert.False(flag.Value);
        leave.Set();
        other.Join();
        Assert.False(NativeCallFence.FinalizersHeld);
        GC.WaitForPendingFinalizers();
        Assert.True(flag.Value);
    }

    [Fact]
    public void A_thread_waits_its_turn_when_the_shared_hold_is_old()
    {
        var outer = NativeCallFence.Enter();
        Thread.Sleep(NativeCallFence.MaxSharedHold + TimeSpan.FromMilliseconds(100));
        var flag = DropFinalizable();
        GC.Collect(0);
        bool enteredWhileHeld = false, finalizedBeforeEntering = false;
        var other = new Thread(() =>
        {
            using (NativeCallFence.Enter()) finalizedBeforeEntering = flag.Value;
        });
        other.Start();
        enteredWhileHeld = other.Join(TimeSpan.FromMilliseconds(100)); // well inside its 1 s wait, even if this thread stalls
        outer.Dispose();
        Assert.True(other.Join(TimeSpan.FromSeconds(30)));
        Assert.False(enteredWhileHeld);
        Assert.True(finalizedBeforeEntering); // the finalizer thread had its turn in between
    }

    [Fact]
    public void A_thread_waits_at_most_a_second_for_its_turn_so_a_holder_waiting_for_it_cannot_deadlock()
    {
        using (NativeCallFence.Enter())
        {
            Thread.Sleep(NativeCallFence.MaxSharedHold + TimeSpan.FromMilliseconds(100));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var other = new Thread(() => { using (NativeCallFence.Enter()) { } });
            other.Start();
            Assert.True(other.Join(TimeSpan.FromSeconds(30)), "the other thread's fence never opened");
            Assert.InRange(clock.Elapsed, NativeCallFence.MaxSharedHold * 0.9, TimeSpan.FromSeconds(30));
            Assert.True(NativeCallFence.FinalizersHeld); // this thread's hold went on throughout
        }
    }

    /// <summary>
    /// TorchSharp's factories answer a failed allocation (out of memory, or a bad argument) with GC.Collect() and
    /// GC.WaitForPendingFinalizers() before they retry and throw: inside a fence that waits for the fence itself.
    /// </summary>
    [Fact]
    public void A_failing_tensor_factory_inside_the_fence_throws_instead_of_hanging()
    {
        Exception? error = null;
        var worker = new Thread(() =>
        {
            using var fence = NativeCallFence.Enter();
            try { using var t = empty(new long[] { -1 }); }
            catch (Exception e) { error = e; }
        }) { IsBackground = true };
        long yieldedBefore = NativeCallFence.Yielded;
        worker.Start();
        Assert.True(worker.Join(TimeSpan.FromSeconds(60)), "hung: the factory waits for finalizers the fence holds");
        Assert.NotNull(error);
        Assert.Equal(yieldedBefore + 1, NativeCallFence.Yielded);
    }

    /// <summary>
    /// The race itself (bench/ScalarRace): unfenced, `a + b` with a thread allocating beside it failed here after
    /// 43,311 and 283,526 additions, and within 3 s in this test ("Expected false to be true" in
    /// c10::Scalar::toFloat). Fenced, none may fail, however fast the other thread allocates.
    /// </summary>
    [Fact]
    public void Additions_beside_an_allocating_thread_never_lose_their_scalar()
    {
        var stop = false;
        var background = new Thread(() =>
        {
            while (!Volatile.Read(ref stop)) GC.KeepAlive(new byte[64 * 1024]);
        }) { IsBackground = true };
        background.Start();
        try
        {
            using var a = randn(128, 128);
            using var b = randn(128, 128);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            long unfencedBefore = NativeCallFence.Unfenced, yieldedBefore = NativeCallFence.Yielded, blocks = 0,
                collections = GC.CollectionCount(0);
            while (clock.Elapsed.TotalSeconds < 15)
            {
                using var fence = NativeCallFence.Enter();
                using var scope = NewDisposeScope();
                for (int i = 0; i < 200; i++) _ = a + b;
                blocks++;
            }
            Assert.True(blocks > 100, $"only {blocks} blocks ran");
            Assert.True(GC.CollectionCount(0) - collections > 2 * blocks, "the other thread collected too rarely to test anything");
            Assert.Equal(unfencedBefore, NativeCallFence.Unfenced);
            Assert.Equal(yieldedBefore, NativeCallFence.Yielded); // no full blocking collection let the finalizer go
        }
        finally { Volatile.Write(ref stop, true); }
    }
}
