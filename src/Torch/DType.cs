namespace Ablation.Torch;

/// <summary>Element types; the values are c10::ScalarType's, so they cross the native boundary as they are.</summary>
public enum DType
{
    UInt8 = 0,
    Int8 = 1,
    Int16 = 2,
    Int32 = 3,
    Int64 = 4,
    Float16 = 5,
    Float32 = 6,
    Float64 = 7,
    Bool = 11,
    BFloat16 = 15,
}

public static class DTypeExtensions
{
    public static int ElementSize(this DType t) => t switch
    {
        DType.UInt8 or DType.Int8 or DType.Bool => 1,
        DType.Int16 or DType.Float16 or DType.BFloat16 => 2,
        DType.Int32 or DType.Float32 => 4,
        DType.Int64 or DType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static bool IsFloatingPoint(this DType t) =>
        t is DType.Float16 or DType.Float32 or DType.Float64 or DType.BFloat16;

    /// <summary>The dtype of a managed element type.</summary>
    public static DType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? DType.Float32 :
        typeof(T) == typeof(double) ? DType.Float64 :
        typeof(T) == typeof(long) ? DType.Int64 :
        typeof(T) == typeof(int) ? DType.Int32 :
        typeof(T) == typeof(byte) ? DType.UInt8 :
        typeof(T) == typeof(sbyte) ? DType.Int8 :
        typeof(T) == typeof(short) ? DType.Int16 :
        typeof(T) == typeof(bool) ? DType.Bool :
        typeof(T) == typeof(Half) ? DType.Float16 :
        throw new NotSupportedException($"no dtype for {typeof(T).Name}");
}
