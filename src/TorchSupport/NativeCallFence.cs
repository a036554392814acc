using System.Runtime;

namespace Ablation.TorchSupport;

/// <summary>
/// Keeps the garbage collector out of a training or evaluation step, so that no TorchSharp object can be
/// finalized while libtorch still reads it. TorchSharp 0.107 turns the numbers of an operator into temporary
/// Scalars that nothing disposes or keeps alive across the native call: `a + b` is `add(b, alpha: 1)` with a
/// fresh Scalar, which becomes unreachable as soon as its handle is read. A collection during the call (any
/// thread's allocation can start one) lets the finalizer thread free it mid-call: libtorch then fails with
/// "Expected false to be true" in c10::Scalar::toFloat, or reads freed memory. bench/ScalarRace reproduces it
/// within seconds (43,311 additions with a thread allocating beside them); it ended detection runs here every few
/// hundred steps. TorchSharp's fix is open upstream (dotnet/TorchSharp pull requests 1434 and 1496).
/// <para>
/// The fence opens a no-GC region (GC.TryStartNoGCRegion) for the step's duration, after a collection at the
/// step boundary, where this thread is in no native call. Objects found dead there were dead before the step:
/// their calls are done. A step that allocates more managed memory than <see cref="Budget"/> (with its helper
/// threads) ends the region early; the fence then counts it in <see cref="Overruns"/>, as the race is open again.
/// </para>
/// <para>
/// Cost: the region starts with a full blocking collection, and a step's garbage waits for the next boundary. A
/// 4-epoch yolov5n run on the shapes set measured peak memory 1,111 → 1,277 MiB and wall time 32.0 → 36.1 s with
/// the fence (one pair of runs on a quiet machine; a second pair was within the noise).
/// </para>
/// </summary>
public readonly struct NativeCallFence : IDisposable
{
    /// <summary>Managed bytes a step may allocate (all threads); TorchSharp allocates some 100 bytes per op.</summary>
    public const long Budget = 128L << 20;

    private static long _overruns;

    /// <summary>Steps whose allocations outgrew the budget, so a collection ran inside them.</summary>
    public static long Overruns => Interlocked.Read(ref _overruns);

    private readonly bool _entered;

    private NativeCallFence(bool entered) => _entered = entered;

    /// <summary>Starts a no-GC region for one step; a nested or refused region is a no-op.</summary>
    public static NativeCallFence Enter()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return default;
        try
        {
            return new NativeCallFence(GC.TryStartNoGCRegion(Budget));
        }
        catch (ArgumentOutOfRangeException)
        {
            return default; // the runtime's limit is below the budget: run unfenced rather than fail
        }
    }

    public void Dispose()
    {
        if (!_entered) return;
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            Interlocked.Increment(ref _overruns);
            return;
        }
        try { GC.EndNoGCRegion(); }
        catch (InvalidOperationException) { Interlocked.Increment(ref _overruns); }
    }
}
