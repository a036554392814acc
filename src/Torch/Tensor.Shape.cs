namespace Ablation.Torch;

/// <summary>
/// Views and reshapes (view, reshape, permute, transpose, flatten, squeeze, unsqueeze, expand), indexing
/// (narrow, select, index_select, gather, flip) and splits, as torch.Tensor spells them. Shape arguments are
/// `params ReadOnlySpan&lt;long&gt;`: x.View(n, -1) allocates nothing on the managed heap.
/// </summary>
public unsafe partial class Tensor
{
    /// <summary>A view with another shape over the same storage (-1 infers one size); fails if not viewable.</summary>
    public Tensor View(params ReadOnlySpan<long> shape)
    {
        fixed (long* p = shape) return new(Native.abl_view(Handle, p, shape.Length));
    }

    /// <summary>Like View, copying when the strides do not allow a view.</summary>
    public Tensor Reshape(params ReadOnlySpan<long> shape)
    {
        fixed (long* p = shape) return new(Native.abl_reshape(Handle, p, shape.Length));
    }

    public Tensor Permute(params ReadOnlySpan<long> dims)
    {
        fixed (long* p = dims) return new(Native.abl_permute(Handle, p, dims.Length));
    }

    public Tensor Transpose(long dim0, long dim1) => new(Native.abl_transpose(Handle, dim0, dim1));

    /// <summary>Merges dims start_dim..end_dim into one.</summary>
    public Tensor Flatten(long start_dim = 0, long end_dim = -1) => new(Native.abl_flatten(Handle, start_dim, end_dim));

    /// <summary>Removes every dimension of size 1.</summary>
    public Tensor Squeeze() => new(Native.abl_squeeze(Handle));

    /// <summary>Removes `dim` if its size is 1 (otherwise returns a view of the same shape, as PyTorch).</summary>
    public Tensor Squeeze(long dim) => new(Native.abl_squeeze_dim(Handle, dim));

    public Tensor Unsqueeze(long dim) => new(Native.abl_unsqueeze(Handle, dim));

    /// <summary>Broadcasts size-1 dimensions to the given sizes without copying (-1 keeps a size).</summary>
    public Tensor Expand(params ReadOnlySpan<long> size)
    {
        fixed (long* p = size) return new(Native.abl_expand(Handle, p, size.Length));
    }

    public Tensor ExpandAs(Tensor other)
    {
        var h = other.Handle;
        int n = Native.abl_dim(h);
        long* s = stackalloc long[Math.Max(n, 1)];
        Native.abl_sizes(h, s, n);
        return new(Native.abl_expand(Handle, s, n));
    }

    public Tensor ViewAs(Tensor other)
    {
        var h = other.Handle;
        int n = Native.abl_dim(h);
        long* s = stackalloc long[Math.Max(n, 1)];
        Native.abl_sizes(h, s, n);
        return new(Native.abl_view(Handle, s, n));
    }

    /// <summary>Tiles the tensor `repeats[i]` times along dimension i (copies).</summary>
    public Tensor Repeat(params ReadOnlySpan<long> repeats)
    {
        fixed (long* p = repeats) return new(Native.abl_repeat(Handle, p, repeats.Length));
    }

    /// <summary>The slice [start, start + length) of dimension `dim`, as a view.</summary>
    public Tensor Narrow(long dim, long start, long length) => new(Native.abl_narrow(Handle, dim, start, length));

    /// <summary>The slice at `index` of dimension `dim`, which disappears (x[:, i] is x.Select(1, i)).</summary>
    public Tensor Select(long dim, long index) => new(Native.abl_select(Handle, dim, index));

    public Tensor IndexSelect(long dim, Tensor index) => new(Native.abl_index_select(Handle, dim, index.Handle));
    public Tensor Gather(long dim, Tensor index) => new(Native.abl_gather(Handle, dim, index.Handle));

    public Tensor Flip(params ReadOnlySpan<long> dims)
    {
        fixed (long* p = dims) return new(Native.abl_flip(Handle, p, dims.Length));
    }

    /// <summary>Splits into pieces of `split_size` along `dim` (the last may be smaller), as views.</summary>
    public Tensor[] Split(long split_size, long dim = 0)
    {
        if (split_size <= 0) throw new ArgumentOutOfRangeException(nameof(split_size), $"split_size must be positive, got {split_size}");
        long size = Size((int)dim);
        int capacity = (int)Math.Max(1, (size + split_size - 1) / split_size);
        return List(capacity, (h, output, cap) => Native.abl_split(h, split_size, dim, output, cap));
    }

    /// <summary>Splits into pieces of the given sizes along `dim` (they must sum to its size).</summary>
    public Tensor[] Split(long[] split_size_or_sections, long dim = 0)
    {
        var sizes = split_size_or_sections;
        return List(Math.Max(sizes.Length, 1), (h, output, cap) =>
        {
            fixed (long* s = sizes) return Native.abl_split_with_sizes(h, s, sizes.Length, dim, output, cap);
        });
    }

    /// <summary>Splits into `chunks` pieces along `dim` (fewer if the size does not allow as many).</summary>
    public Tensor[] Chunk(long chunks, long dim = 0)
    {
        if (chunks <= 0 || chunks > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(chunks), $"chunks must be positive, got {chunks}");
        return List((int)chunks, (h, output, cap) => Native.abl_chunk(h, chunks, dim, output, cap));
    }

    private delegate int ListOp(IntPtr handle, IntPtr* output, int capacity);

    private Tensor[] List(int capacity, ListOp op)
    {
        var handles = capacity <= 64 ? stackalloc IntPtr[capacity] : new IntPtr[capacity];
        int n;
        fixed (IntPtr* output = handles) n = op(Handle, output, capacity);
        if (n < 0) throw TorchException.Last();
        var result = new Tensor[n];
        for (int i = 0; i < n; i++) result[i] = new Tensor(handles[i]);
        return result;
    }
}
