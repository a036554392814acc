namespace Ablation.Torch;

/// <summary>Where a tensor lives. The codes are the native layer's: 0 cpu, 1 cuda, 2 meta.</summary>
public enum DeviceType { CPU = 0, CUDA = 1, Meta = 2 }

/// <summary>A device as PyTorch spells it: "cpu", "cuda", "cuda:1", "meta".</summary>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    public static readonly Device CPU = new(DeviceType.CPU);
    public static readonly Device Meta = new(DeviceType.Meta);
    public static Device CUDA(int index = 0) => new(DeviceType.CUDA, index);

    public static Device Parse(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        if (s == "cpu") return CPU;
        if (s == "meta") return Meta;
        if (s == "cuda") return CUDA(0);
        if (s.StartsWith("cuda:") && int.TryParse(s.AsSpan(5), out var i) && i >= 0) return CUDA(i);
        throw new ArgumentException($"unknown device '{text}': allowed are cpu, cuda, cuda:N, meta");
    }

    public override string ToString() => Type switch
    {
        DeviceType.CPU => "cpu",
        DeviceType.Meta => "meta",
        _ => Index >= 0 ? $"cuda:{Index}" : "cuda",
    };

    public static implicit operator Device(string text) => Parse(text);
}
