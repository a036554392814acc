using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.TorchSupport;

/// <summary>
/// How counted ops report to an active <see cref="MacCounter"/>. Each helper first reads one thread-static field
/// (MacCounter.IsActive) and does nothing else when no counter is active, so counting costs nothing on the
/// training path. Element-wise ops count their output elements; reductions, pooling and normalisation
/// their input elements (the elements they touch).
/// </summary>
internal static class Cost
{
    /// <summary>Counts the output elements of an element-wise op and returns the output.</summary>
    internal static Tensor Elementwise(string op, Tensor output)
    {
        if (MacCounter.IsActive) MacCounter.AddElements(op, output.numel());
        return output;
    }

    /// <summary>Counts the elements an op reads (reductions, pooling, normalisation, losses).</summary>
    internal static void Touch(string op, Tensor input)
    {
        if (MacCounter.IsActive) MacCounter.AddElements(op, input.numel());
    }

    /// <summary>True for tensors on the meta device, which carry shapes but no data.</summary>
    internal static bool IsMeta(Tensor t) => t.device_type == DeviceType.META;
}
