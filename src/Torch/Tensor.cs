using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>
/// An n-dimensional array in libtorch. Shaped after torch.Tensor: metadata, autograd, data transfer and
/// operators here; the ops live in partial files (Tensor.*.cs) and in <see cref="F"/>. A tensor owns one
/// native handle: dispose it, or create it inside a <see cref="DisposeScope"/> that will.
/// </summary>
public partial class Tensor : IDisposable
{
    private IntPtr handle;

    /// <summary>Wraps a handle returned by the native layer (zero means the op failed: throws its error).</summary>
    internal Tensor(IntPtr handle)
    {
        this.handle = Native.Check(handle);
        DisposeScope.Current?.Register(this);
    }

    internal DisposeScope? Scope { get; set; }

    public bool IsDisposed => handle == IntPtr.Zero;

    /// <summary>The native handle; using a disposed tensor is an ObjectDisposedException, never a crash.</summary>
    internal IntPtr Handle => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(nameof(Tensor));

    // ---- metadata ----------------------------------------------------------------------------------
    public unsafe long[] Shape
    {
        get
        {
            var h = Handle;
            var shape = new long[Native.abl_dim(h)];
            fixed (long* p = shape) Native.abl_sizes(h, p, shape.Length);
            return shape;
        }
    }

    public int Dim => Native.abl_dim(Handle);
    public long NumEl => Native.abl_numel(Handle);
    public DType DType => (DType)Native.abl_dtype(Handle);
    public Device Device => new((DeviceType)Native.abl_device_type(Handle), Native.abl_device_index(Handle));
    public bool IsContiguous => Native.abl_is_contiguous(Handle) != 0;

    /// <summary>The size of one dimension; negative dims count from the end.</summary>
    public unsafe long Size(int dim)
    {
        var h = Handle;
        int n = Native.abl_dim(h);
        long* s = stackalloc long[Math.Max(n, 1)];
        Native.abl_sizes(h, s, n);
        int d = dim < 0 ? dim + n : dim;
        if (d < 0 || d >= n) throw new ArgumentOutOfRangeException(nameof(dim), $"dim {dim} for a {n}-d tensor");
        return s[d];
    }

    // ---- autograd ----------------------------------------------------------------------------------
    public bool RequiresGrad
    {
        get => Native.abl_requires_grad(Handle) != 0;
        set => Native.Check(Native.abl_set_requires_grad(Handle, value ? (byte)1 : (byte)0));
    }

    /// <summary>Sets requires_grad in place and returns this tensor, as torch's requires_grad_().</summary>
    public Tensor RequiresGrad_(bool value = true)
    {
        RequiresGrad = value;
        return this;
    }

    public bool IsLeaf => Native.abl_is_leaf(Handle) != 0;

    /// <summary>The accumulated gradient (a new handle on it), or null.</summary>
    public Tensor? Grad
    {
        get
        {
            var g = Native.abl_grad(Handle);
            if (g != IntPtr.Zero) return new Tensor(g);
            var error = Native.LastError();
            return error.Length == 0 ? null : throw new TorchException(error);
        }
        set => Native.Check(Native.abl_set_grad(Handle, value?.Handle ?? IntPtr.Zero));
    }

    public void Backward(Tensor? gradient = null, bool retain_graph = false) =>
        Native.Check(Native.abl_backward(Handle, gradient?.Handle ?? IntPtr.Zero, retain_graph ? (byte)1 : (byte)0));

    public Tensor Detach() => new(Native.abl_detach(Handle));

    public Tensor Detach_()
    {
        Native.Check(Native.abl_detach_(Handle));
        return this;
    }

    // ---- data transfer -----------------------------------------------------------------------------
    /// <summary>The value of a one-element tensor.</summary>
    public T Item<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(long) || typeof(T) == typeof(int))
        {
            Native.Check(Native.abl_item_int64(Handle, out var l));
            return typeof(T) == typeof(long) ? (T)(object)l : (T)(object)checked((int)l);
        }
        Native.Check(Native.abl_item(Handle, out var d));
        if (typeof(T) == typeof(double)) return (T)(object)d;
        if (typeof(T) == typeof(float)) return (T)(object)(float)d;
        if (typeof(T) == typeof(bool)) return (T)(object)(d != 0);
        throw new NotSupportedException($"Item<{typeof(T).Name}>");
    }

    /// <summary>Copies the elements (row-major, from any device) into <paramref name="destination"/>.</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        CheckElementType<T>();
        fixed (T* p = destination)
            Native.Check(Native.abl_copy_to(Handle, p, (long)destination.Length * sizeof(T)));
    }

    /// <summary>Copies the raw element bytes (row-major, any dtype) into <paramref name="destination"/>.</summary>
    public unsafe void CopyBytesTo(Span<byte> destination)
    {
        fixed (byte* p = destination)
            Native.Check(Native.abl_copy_to(Handle, p, destination.Length));
    }

    public T[] ToArray<T>() where T : unmanaged
    {
        var data = new T[NumEl];
        CopyTo<T>(data);
        return data;
    }

    private void CheckElementType<T>() where T : unmanaged
    {
        var want = DTypeExtensions.Of<T>();
        if (DType != want) throw new ArgumentException($"tensor has dtype {DType}, not {want} ({typeof(T).Name})");
    }

    public Tensor To(Device device, bool copy = false) => To(DType, device, copy);
    public Tensor To(DType dtype, bool copy = false) => To(dtype, Device, copy);

    public Tensor To(DType dtype, Device device, bool copy = false) =>
        new(Native.abl_to(Handle, (int)dtype, (int)device.Type, device.Index, copy ? (byte)1 : (byte)0));

    public Tensor Clone() => new(Native.abl_clone(Handle));
    public Tensor Contiguous() => new(Native.abl_contiguous(Handle));

    /// <summary>A second handle on the same tensor (same storage and autograd identity).</summary>
    public Tensor Alias() => new(Native.abl_alias(Handle));

    public override string ToString() =>
        IsDisposed ? "Tensor(disposed)" : $"Tensor(shape=[{string.Join(", ", Shape)}], dtype={DType}, device={Device})";

    // ---- lifetime ----------------------------------------------------------------------------------
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h != IntPtr.Zero) Native.abl_free(h);
    }

    /// <summary>A safety net only: code disposes tensors through scopes.</summary>
    ~Tensor()
    {
        if (handle != IntPtr.Zero) Interlocked.Increment(ref finalizedCount);
        Free();
    }

    private static long finalizedCount;

    /// <summary>
    /// How many tensors the finalizer had to free because nobody disposed them (a leak from scopes' point
    /// of view). Benchmarks and tests check it stays 0 across a loop.
    /// </summary>
    public static long FinalizedCount => Interlocked.Read(ref finalizedCount);
}
