using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.TorchSupport;

/// <summary>
/// Hands image batches to a detector channels-last on the CPU: the same NCHW shape with NHWC strides (PyTorch's
/// torch.channels_last, which TorchSharp 0.107 has no API for, so it is made with permute and contiguous).
/// libtorch's oneDNN convolutions take a channels-last input as it is instead of reordering it, and their
/// outputs, batch norms and activations stay channels-last through the network. Measured here (2 threads):
/// <list type="bullet">
/// <item>a yolov5s training step (320 px, batch 8): forward 291 → 179 ms, backward 449 → 418 ms, step 765 → 622 ms;
/// the loss agrees to float rounding (1.8977029 vs 1.8977026 at initialisation);</item>
/// <item>a CIFAR ResNet-18 step (32 px, batch 32): no gain (1.01× → 1.12× PyTorch's time in one side-by-side), so
/// classification keeps contiguous batches: its maps are too small for the layout to pay.</item>
/// </list>
/// Only the layout changes, never a value, so run ids and results stay comparable; a run records the layout in
/// its engine description. ABLATION_CHANNELS_LAST=0 keeps contiguous NCHW. CUDA batches are left as they are
/// (there channels-last pays with mixed precision, which Ablation does not use).
/// </summary>
public static class MemoryLayout
{
    /// <summary>False when ABLATION_CHANNELS_LAST=0.</summary>
    public static bool ChannelsLastOnCpu { get; } = Environment.GetEnvironmentVariable("ABLATION_CHANNELS_LAST") != "0";

    /// <summary>A 4-D CPU batch laid out channels-last (values and shape unchanged); anything else as it is.</summary>
    public static Tensor ChannelsLast(Tensor batch) =>
        ChannelsLastOnCpu && batch.dim() == 4 && batch.device_type == DeviceType.CPU
            ? batch.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)
            : batch;

    /// <summary>True when <paramref name="t"/> has channels-last strides (channel stride 1, batch stride largest).</summary>
    public static bool IsChannelsLast(Tensor t) =>
        t.dim() == 4 && t.stride(1) == 1 && t.stride(3) == t.size(1) && t.stride(2) == t.size(1) * t.size(3);

    /// <summary>"channels-last" or "contiguous": what <see cref="ChannelsLast"/> does on <paramref name="device"/>.</summary>
    public static string Describe(Device device) =>
        ChannelsLastOnCpu && device.type == DeviceType.CPU ? "channels-last" : "contiguous";
}
