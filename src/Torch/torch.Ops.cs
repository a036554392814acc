namespace Ablation.Torch;

/// <summary>
/// Functions of the torch namespace that are not creation or global state: joins and splits, matrix
/// products (counted as MACs), selection (where), and the torch.f(x) spellings of Tensor methods, so
/// code ported from PyTorch keeps its shape.
/// </summary>
#pragma warning disable CS8981, IDE1006
public static unsafe partial class torch
#pragma warning restore CS8981, IDE1006
{
    // ---- joins and splits --------------------------------------------------------------------------------
    /// <summary>Concatenates along an existing dimension.</summary>
    public static Tensor cat(ReadOnlySpan<Tensor> tensors, long dim = 0) => Join(tensors, dim, stack: false);
    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(ToSpan(tensors), dim, stack: false);

    /// <summary>Joins along a new dimension.</summary>
    public static Tensor stack(ReadOnlySpan<Tensor> tensors, long dim = 0) => Join(tensors, dim, stack: true);
    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(ToSpan(tensors), dim, stack: true);

    private static ReadOnlySpan<Tensor> ToSpan(IReadOnlyList<Tensor> tensors) =>
        tensors is Tensor[] array ? array : tensors.ToArray();

    private static Tensor Join(ReadOnlySpan<Tensor> tensors, long dim, bool stack)
    {
        if (tensors.Length == 0) throw new ArgumentException($"torch.{(stack ? "stack" : "cat")}: expected a non-empty list of tensors");
        var handles = tensors.Length <= 64 ? stackalloc IntPtr[tensors.Length] : new IntPtr[tensors.Length];
        for (int i = 0; i < tensors.Length; i++) handles[i] = tensors[i].Handle;
        fixed (IntPtr* h = handles)
            return new(stack ? Native.abl_stack(h, tensors.Length, dim) : Native.abl_cat(h, tensors.Length, dim));
    }

    public static Tensor[] split(Tensor tensor, long split_size_or_sections, long dim = 0) => tensor.Split(split_size_or_sections, dim);
    public static Tensor[] split(Tensor tensor, long[] split_size_or_sections, long dim = 0) => tensor.Split(split_size_or_sections, dim);
    public static Tensor[] chunk(Tensor input, long chunks, long dim = 0) => input.Chunk(chunks, dim);

    // ---- matrix products -----------------------------------------------------------------------------------
    /// <summary>The matrix product with NumPy broadcasting rules (1-d, 2-d and batched operands).</summary>
    public static Tensor matmul(Tensor input, Tensor other)
    {
        var output = new Tensor(Native.abl_matmul(input.Handle, other.Handle));
        // Each output element is a dot product over the inner dimension.
        if (MacCounter.IsActive) MacCounter.AddMacs("matmul", output.NumEl * input.Size(-1));
        return output;
    }

    public static Tensor mm(Tensor input, Tensor mat2)
    {
        var output = new Tensor(Native.abl_mm(input.Handle, mat2.Handle));
        if (MacCounter.IsActive) MacCounter.AddMacs("matmul", output.NumEl * input.Size(-1));
        return output;
    }

    /// <summary>Batched matrix product of (b, n, m) and (b, m, p).</summary>
    public static Tensor bmm(Tensor input, Tensor mat2)
    {
        var output = new Tensor(Native.abl_bmm(input.Handle, mat2.Handle));
        if (MacCounter.IsActive) MacCounter.AddMacs("bmm", output.NumEl * input.Size(-1));
        return output;
    }

    // ---- selection -----------------------------------------------------------------------------------------
    /// <summary>Elements of input where condition is true, of other elsewhere (broadcasting).</summary>
    public static Tensor where(Tensor condition, Tensor input, Tensor other) =>
        new(Native.abl_where(condition.Handle, input.Handle, other.Handle));

    public static Tensor where(Tensor condition, double input, double other) =>
        new(Native.abl_where_scalar(condition.Handle, input, other));

    public static Tensor where(Tensor condition, Tensor input, double other)
    {
        using var o = DisposeScope.Detach(full(Array.Empty<long>(), other, input.DType, input.Device));
        return where(condition, input, o);
    }

    public static Tensor where(Tensor condition, double input, Tensor other)
    {
        using var i = DisposeScope.Detach(full(Array.Empty<long>(), input, other.DType, other.Device));
        return where(condition, i, other);
    }

    public static Tensor maximum(Tensor input, Tensor other) => Cost.Elementwise("maximum", Native.abl_maximum(input.Handle, other.Handle));
    public static Tensor minimum(Tensor input, Tensor other) => Cost.Elementwise("minimum", Native.abl_minimum(input.Handle, other.Handle));
    public static Tensor clamp(Tensor input, double? min = null, double? max = null) => input.Clamp(min, max);
    public static bool equal(Tensor input, Tensor other) => input.Equal(other);

    // ---- torch.f(x) spellings of Tensor methods ---------------------------------------------------------------
    public static Tensor abs(Tensor input) => input.Abs();
    public static Tensor sqrt(Tensor input) => input.Sqrt();
    public static Tensor exp(Tensor input) => input.Exp();
    public static Tensor log(Tensor input) => input.Log();
    public static Tensor pow(Tensor input, double exponent) => input.Pow(exponent);
    public static Tensor pow(Tensor input, Tensor exponent) => input.Pow(exponent);
    public static Tensor sigmoid(Tensor input) => F.sigmoid(input);
    public static Tensor tanh(Tensor input) => F.tanh(input);
    public static Tensor relu(Tensor input) => F.relu(input);
    public static Tensor softmax(Tensor input, long dim) => F.softmax(input, dim);
    public static Tensor log_softmax(Tensor input, long dim) => F.log_softmax(input, dim);
    public static Tensor flatten(Tensor input, long start_dim = 0, long end_dim = -1) => input.Flatten(start_dim, end_dim);
    public static Tensor transpose(Tensor input, long dim0, long dim1) => input.Transpose(dim0, dim1);
    public static Tensor permute(Tensor input, params ReadOnlySpan<long> dims) => input.Permute(dims);
    public static Tensor reshape(Tensor input, params ReadOnlySpan<long> shape) => input.Reshape(shape);
    public static Tensor unsqueeze(Tensor input, long dim) => input.Unsqueeze(dim);
    public static Tensor squeeze(Tensor input) => input.Squeeze();
    public static Tensor squeeze(Tensor input, long dim) => input.Squeeze(dim);
    public static Tensor sum(Tensor input) => input.Sum();
    public static Tensor sum(Tensor input, long dim, bool keepdim = false) => input.Sum(dim, keepdim);
    public static Tensor mean(Tensor input) => input.Mean();
    public static Tensor mean(Tensor input, long dim, bool keepdim = false) => input.Mean(dim, keepdim);
    public static Tensor amax(Tensor input, long dim, bool keepdim = false) => input.Amax(dim, keepdim);
    public static Tensor max(Tensor input) => input.Max();
    public static (Tensor values, Tensor indices) max(Tensor input, long dim, bool keepdim = false) => input.Max(dim, keepdim);
    public static Tensor min(Tensor input) => input.Min();
    public static (Tensor values, Tensor indices) min(Tensor input, long dim, bool keepdim = false) => input.Min(dim, keepdim);
    public static Tensor argmax(Tensor input, long? dim = null, bool keepdim = false) => input.Argmax(dim, keepdim);
    public static (Tensor values, Tensor indices) topk(Tensor input, long k, long dim = -1, bool largest = true, bool sorted = true) =>
        input.Topk(k, dim, largest, sorted);
    public static Tensor eq(Tensor input, Tensor other) => input.Eq(other);
    public static Tensor eq(Tensor input, double other) => input.Eq(other);

    // ---- creation from another tensor ------------------------------------------------------------------------
    /// <summary>A random permutation of 0..n-1 (int64 by default).</summary>
    public static Tensor randperm(long n, DType dtype = DType.Int64, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return new(Native.abl_randperm(n, (int)dtype, (int)d.Type, d.Index));
    }

    public static Tensor zeros_like(Tensor input) => zeros(input.Shape, input.DType, input.Device);
    public static Tensor ones_like(Tensor input) => ones(input.Shape, input.DType, input.Device);
    public static Tensor empty_like(Tensor input) => empty(input.Shape, input.DType, input.Device);
    public static Tensor full_like(Tensor input, double fill_value) => full(input.Shape, fill_value, input.DType, input.Device);
    public static Tensor rand_like(Tensor input) => rand(input.Shape, input.DType, input.Device);
    public static Tensor randn_like(Tensor input) => randn(input.Shape, input.DType, input.Device);
}
