namespace Ablation.Torch;

/// <summary>
/// How ops report to an active <see cref="MacCounter"/>. Each helper first reads one thread-static field
/// (MacCounter.IsActive) and does nothing else when no counter is active, so counting costs nothing on the
/// training path. Element-wise ops count their output elements; reductions, pooling and normalisation
/// their input elements (the elements they touch).
/// </summary>
internal static class Cost
{
    /// <summary>Wraps the result of an element-wise op and counts its elements.</summary>
    internal static Tensor Elementwise(string op, IntPtr handle)
    {
        var output = new Tensor(handle);
        if (MacCounter.IsActive) MacCounter.AddElements(op, output.NumEl);
        return output;
    }

    /// <summary>Counts the elements an op reads (reductions, pooling, normalisation, losses).</summary>
    internal static void Touch(string op, Tensor input)
    {
        if (MacCounter.IsActive) MacCounter.AddElements(op, input.NumEl);
    }
}
