using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Ablation.TorchSupport;

/// <summary>
/// Keeps finalizers from running during a training or evaluation step, so that no TorchSharp object can be freed
/// while libtorch still reads it. TorchSharp 0.107 turns the numbers of an operator into temporary Scalars that
/// nothing disposes or keeps alive across the native call: `a + b` is `add(b, alpha: 1)` with a fresh Scalar, which
/// becomes unreachable as soon as its handle is read. A collection during the call (any thread's allocation can
/// start one) queues it for finalization, and the finalizer thread frees it mid-call: libtorch then fails with
/// "Expected false to be true" in c10::Scalar::toFloat, or reads freed memory. bench/ScalarRace reproduces it within
/// seconds; unfenced, detection runs here ended with it every few hundred steps. TorchSharp's fix is open upstream
/// (dotnet/TorchSharp pull requests 1434 and 1496).
/// <para>
/// The fence parks the runtime's single finalizer thread for the step's duration: at the step boundary it drops an
/// object whose finalizer waits for the fence to end, collects generation 0 so that object is queued, and waits
/// until the finalizer thread is inside it. Whatever is queued after it waits there, so an object that dies during the
/// step is freed only after the step, when its native call has returned. Collections themselves go on as usual:
/// memory stays what it is without the fence, and no step is too large for it. Opening one costs 0.7-0.9 ms
/// (bench/ScalarRace). The first fence, a no-GC region, started a full blocking collection per step, held up to
/// 540 MB of committed managed memory, and left a step whose threads allocated more than its 128 MB budget unfenced.
/// </para>
/// <para>
/// Fences of several threads share one hold, released when the last ends (see <see cref="Enter"/> for fairness).
/// Code inside a fence should not wait for finalizers. TorchSharp's factories do when an allocation fails: they
/// collect (a full blocking collection) and wait; the fence sees the collection and lets the finalizer thread go
/// (<see cref="Yielded"/>), so the factory throws its error instead of hanging.
/// </para>
/// </summary>
public readonly struct NativeCallFence : IDisposable
{
    /// <summary>How long a fence waits for the finalizer thread (busy with a long queue) before the step runs unfenced.</summary>
    public static readonly TimeSpan ParkTimeout = TimeSpan.FromSeconds(30);

    private static readonly object Gate = new();
    private static int _open;
    private static Parking? _parking;
    private static long _unfenced;
    [ThreadStatic] private static int _heldByThisThread;

    /// <summary>How long fences of several threads may keep sharing one hold before new ones wait their turn.</summary>
    public static readonly TimeSpan MaxSharedHold = TimeSpan.FromSeconds(1);

    /// <summary>Fences that ran unfenced because the finalizer thread did not reach the parking in <see cref="ParkTimeout"/>.</summary>
    public static long Unfenced => Interlocked.Read(ref _unfenced);

    private static long _yielded;

    /// <summary>
    /// Holds that let the finalizer thread go early because a full blocking collection ran inside them: TorchSharp's
    /// factories answer a failed allocation with GC.Collect() and GC.WaitForPendingFinalizers() before they retry and
    /// throw, and that wait would otherwise wait for the fence forever. The rest of such a step runs unfenced.
    /// </summary>
    public static long Yielded => Interlocked.Read(ref _yielded);

    /// <summary>Whether the finalizer thread is parked now (some fence is open and reached it).</summary>
    public static bool FinalizersHeld
    {
        get { lock (Gate) return _parking is { Parked.IsSet: true, Release.IsSet: false }; }
    }

    private readonly bool _counted;

    private NativeCallFence(bool counted) => _counted = counted;

    /// <summary>
    /// Holds finalizers until the returned fence is disposed. A fence nested in one this thread holds shares its hold;
    /// so do fences of other threads, unless the hold is older than <see cref="MaxSharedHold"/>: they then wait (up
    /// to <see cref="MaxSharedHold"/> again) until every open fence has ended and the finalizer thread has had its
    /// turn, so that overlapping steps of several threads cannot hold finalizers (and what they free) indefinitely.
    /// The wait is bounded so that a fence holder waiting for another thread's fenced work cannot deadlock.
    /// </summary>
    public static NativeCallFence Enter()
    {
        lock (Gate)
        {
            if (_heldByThisThread == 0)
            {
                var waited = Stopwatch.StartNew();
                while (_parking is { } p && p.Age > MaxSharedHold)
                {
                    var remaining = MaxSharedHold - waited.Elapsed;
                    if (remaining <= TimeSpan.Zero || !Monitor.Wait(Gate, remaining)) break;
                }
            }
            _heldByThisThread++;
            if (_open++ == 0)
            {
                _parking = new Parking();
                if (!_parking.Park()) Interlocked.Increment(ref _unfenced);
            }
            return new NativeCallFence(counted: true);
        }
    }

    public void Dispose()
    {
        if (!_counted) return;
        lock (Gate)
        {
            _heldByThisThread--;
            if (--_open > 0) return;
            _parking!.Release.Set();
            _parking = null;
            Monitor.PulseAll(Gate);
        }
    }

    /// <summary>One hold of the finalizer thread: the blocker it finalizes, and the two signals between them.</summary>
    private sealed class Parking
    {
        public readonly ManualResetEventSlim Parked = new(false);
        public readonly ManualResetEventSlim Release = new(false);
        private readonly Stopwatch _age = Stopwatch.StartNew();
        private long _fullCollectionsWhenArmed = -1;

        public TimeSpan Age => _age.Elapsed;

        /// <summary>
        /// Whether a full blocking collection ran since the fence began (after <see cref="Park"/> returned: its own
        /// fallback collections do not count).
        /// </summary>
        public bool FullCollectionSinceArmed
        {
            get
            {
                long armed = Interlocked.Read(ref _fullCollectionsWhenArmed);
                return armed >= 0 && GC.GetGCMemoryInfo(GCKind.FullBlocking).Index != armed;
            }
        }

        /// <summary>Queues a blocker for finalization and waits until the finalizer thread runs it.</summary>
        public bool Park()
        {
            DropBlocker(this);
            GC.Collect(0, GCCollectionMode.Forced, blocking: true); // the blocker is unreachable: this queues it
            while (_age.Elapsed < ParkTimeout)
            {
                if (Parked.Wait(TimeSpan.FromSeconds(1)))
                {
                    Interlocked.Exchange(ref _fullCollectionsWhenArmed, GC.GetGCMemoryInfo(GCKind.FullBlocking).Index);
                    return true;
                }
                // Still draining the queue ahead of it, or (never seen) the blocker survived: a full collection finds it.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            }
            return false;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void DropBlocker(Parking parking) => _ = new FinalizerBlocker(parking);
    }

    /// <summary>
    /// An object whose finalizer holds the finalizer thread until its fence ends, or until a full blocking collection
    /// runs (someone is about to wait for finalizers; natural full collections are background ones).
    /// </summary>
    private sealed class FinalizerBlocker(Parking parking)
    {
        ~FinalizerBlocker()
        {
            parking.Parked.Set();
            while (!parking.Release.Wait(TimeSpan.FromMilliseconds(20)))
                if (parking.FullCollectionSinceArmed)
                {
                    Interlocked.Increment(ref _yielded);
                    return;
                }
        }
    }
}
