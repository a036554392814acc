namespace Ablation.Torch;

/// <summary>An error raised by libtorch, carrying its message (without the C++ backtrace).</summary>
public sealed class TorchException(string message) : Exception(message)
{
    /// <summary>Throws with the calling thread's last native error.</summary>
    internal static Exception Last() => new TorchException(Native.LastError());
}
