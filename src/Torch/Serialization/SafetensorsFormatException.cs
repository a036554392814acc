namespace Ablation.Torch.Serialization;

/// <summary>A safetensors file that cannot be read; the message names the file and what is wrong with it.</summary>
public sealed class SafetensorsFormatException(string path, string problem)
    : Exception($"{path}: not a valid safetensors file: {problem}")
{
    public string Path { get; } = path;
}
