using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>
/// The torch namespace of PyTorch: tensor creation, global state (seed, threads, grad mode) and memory
/// scopes. Lower-case on purpose, so code reads as the papers' PyTorch code does: torch.zeros(2, 3).
/// </summary>
#pragma warning disable IDE1006
public static unsafe partial class torch
#pragma warning restore IDE1006
{
    /// <summary>Starts a memory scope: tensors created on this thread until it is disposed belong to it.</summary>
    public static DisposeScope NewScope() => new();

    public static string version => Marshal.PtrToStringUTF8(Native.abl_torch_version()) ?? "?";

    public static void manual_seed(ulong seed) => Native.abl_manual_seed(seed);
    public static void set_num_threads(int n) => Native.abl_set_num_threads(n);
    public static int get_num_threads() => Native.abl_get_num_threads();

    public static class cuda
    {
        public static bool is_available() => Native.abl_cuda_available() != 0;
        public static int device_count() => Native.abl_cuda_device_count();
    }

    // ---- creation ------------------------------------------------------------------------------------
    public static Tensor empty(long[] size, DType dtype = DType.Float32, Device? device = null, bool requires_grad = false) =>
        Create(Native.abl_empty, size, dtype, device, requires_grad);

    public static Tensor zeros(long[] size, DType dtype = DType.Float32, Device? device = null, bool requires_grad = false) =>
        Create(Native.abl_zeros, size, dtype, device, requires_grad);

    public static Tensor ones(long[] size, DType dtype = DType.Float32, Device? device = null, bool requires_grad = false) =>
        Create(Native.abl_ones, size, dtype, device, requires_grad);

    public static Tensor rand(long[] size, DType dtype = DType.Float32, Device? device = null, bool requires_grad = false) =>
        Create(Native.abl_rand, size, dtype, device, requires_grad);

    public static Tensor randn(long[] size, DType dtype = DType.Float32, Device? device = null, bool requires_grad = false) =>
        Create(Native.abl_randn, size, dtype, device, requires_grad);

    public static Tensor zeros(params long[] size) => zeros(size, DType.Float32);
    public static Tensor ones(params long[] size) => ones(size, DType.Float32);
    public static Tensor rand(params long[] size) => rand(size, DType.Float32);
    public static Tensor randn(params long[] size) => randn(size, DType.Float32);

    public static Tensor full(long[] size, double fill_value, DType dtype = DType.Float32, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        fixed (long* s = size)
            return new(Native.abl_full(s, size.Length, fill_value, (int)dtype, (int)d.Type, d.Index, requires_grad ? (byte)1 : (byte)0));
    }

    public static Tensor arange(double start, double end, double step = 1, DType dtype = DType.Int64, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        return new(Native.abl_arange(start, end, step, (int)dtype, (int)d.Type, d.Index, requires_grad ? (byte)1 : (byte)0));
    }

    public static Tensor arange(double end, DType dtype = DType.Int64) => arange(0, end, 1, dtype);

    /// <summary>Integers uniform in [low, high), int64 by default, as torch.randint.</summary>
    public static Tensor randint(long low, long high, long[] size, DType dtype = DType.Int64, Device? device = null)
    {
        var d = device ?? Device.CPU;
        fixed (long* s = size) return new(Native.abl_randint(low, high, s, size.Length, (int)dtype, (int)d.Type, d.Index));
    }

    /// <summary>A CPU tensor holding a copy of <paramref name="data"/> with the given shape (default: 1-d).</summary>
    public static Tensor tensor<T>(ReadOnlySpan<T> data, long[]? shape = null, bool requires_grad = false) where T : unmanaged
    {
        shape ??= new long[] { data.Length };
        long n = 1;
        foreach (var s in shape) n *= s;
        if (n != data.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {n} elements, data has {data.Length}");
        fixed (T* p = data)
        fixed (long* s = shape)
            return new(Native.abl_from_data(p, s, shape.Length, (int)DTypeExtensions.Of<T>(), requires_grad ? (byte)1 : (byte)0));
    }

    /// <summary>A CPU tensor of the given shape and dtype from raw row-major bytes (safetensors, datasets).</summary>
    public static Tensor from_bytes(ReadOnlySpan<byte> data, long[] shape, DType dtype, bool requires_grad = false)
    {
        long n = 1;
        foreach (var s in shape) n *= s;
        if (n * dtype.ElementSize() != data.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] of {dtype} needs {n * dtype.ElementSize()} bytes, data has {data.Length}");
        fixed (byte* p = data)
        fixed (long* s = shape)
            return new(Native.abl_from_data(p, s, shape.Length, (int)dtype, requires_grad ? (byte)1 : (byte)0));
    }

    public static Tensor tensor<T>(T[] data, long[]? shape = null, bool requires_grad = false) where T : unmanaged =>
        tensor((ReadOnlySpan<T>)data, shape, requires_grad);

    public static Tensor tensor(double value, DType dtype = DType.Float32) => full(Array.Empty<long>(), value, dtype);

    private delegate IntPtr Creator(long* shape, int ndim, int dtype, int dev, int idx, byte rg);

    private static Tensor Create(Creator create, long[] size, DType dtype, Device? device, bool requiresGrad)
    {
        var d = device ?? Device.CPU;
        fixed (long* s = size) return new(create(s, size.Length, (int)dtype, (int)d.Type, d.Index, requiresGrad ? (byte)1 : (byte)0));
    }

    // ---- autograd modes -------------------------------------------------------------------------------
    /// <summary>Disables gradient recording on this thread until disposed (torch.no_grad()).</summary>
    public static IDisposable no_grad() => new GradModeGuard(false);

    /// <summary>Enables gradient recording on this thread until disposed (torch.enable_grad()).</summary>
    public static IDisposable enable_grad() => new GradModeGuard(true);

    public static bool is_grad_enabled() => Native.abl_is_grad_enabled() != 0;

    /// <summary>
    /// Inference mode on this thread until disposed: faster than no_grad, but tensors made in it can never
    /// enter autograd later, so use it for evaluation only.
    /// </summary>
    public static IDisposable inference_mode() => new InferenceModeGuard();

    private sealed class GradModeGuard : IDisposable
    {
        private readonly byte previous;
        private bool done;
        public GradModeGuard(bool enabled) => previous = Native.abl_set_grad_enabled(enabled ? (byte)1 : (byte)0);

        public void Dispose()
        {
            if (done) return;
            done = true;
            Native.abl_set_grad_enabled(previous);
        }
    }

    private sealed class InferenceModeGuard : IDisposable
    {
        private IntPtr guard = Native.Check(Native.abl_inference_mode_enter());
        public void Dispose()
        {
            var g = Interlocked.Exchange(ref guard, IntPtr.Zero);
            if (g != IntPtr.Zero) Native.abl_inference_mode_exit(g);
        }
    }
}
