namespace Ablation.Harness.Tests;

/// <summary>A temporary folder for one test's matrices, results and stores; deleted afterwards.</summary>
public sealed class TestFiles : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("ablate-test-").FullName;

    /// <summary>Writes a file (relative to the folder) and returns its full path.</summary>
    public string Write(string name, string content)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return path;
    }

    public string PathOf(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
