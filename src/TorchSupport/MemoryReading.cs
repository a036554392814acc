namespace Ablation.TorchSupport;

/// <summary>
/// A peak-memory figure and what it measured, so a report can say which it is (DESIGN.md section 6):
/// <list type="bullet">
/// <item><c>vmhwm</c>: the worker process's peak resident set (VmHWM) since the last reset: tensors, libtorch's
/// own buffers (oneDNN scratch, thread pools), the runtime and the managed heap;</item>
/// <item><c>nvml</c>: device memory the process holds on the GPU, read through NVML (libtorch's caching allocator
/// keeps its largest reservation, so this bounds the tensor peak from above);</item>
/// <item><c>unavailable</c>: nothing could be read (Bytes is -1).</item>
/// </list>
/// </summary>
public readonly record struct MemoryReading(long Bytes, string Source)
{
    public const string ResidentPeak = "vmhwm";
    public const string NvmlProcess = "nvml";
    public const string Unavailable = "unavailable";
}
