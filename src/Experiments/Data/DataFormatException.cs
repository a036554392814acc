namespace Ablation.Experiments.Data;

/// <summary>
/// A data set file that is missing, truncated or malformed. The message is one line naming the file and
/// what is wrong with it, so a user can fix the file rather than debug the loader.
/// </summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner) => Path = path;

    /// <summary>The file (or directory) at fault.</summary>
    public string Path { get; }
}
