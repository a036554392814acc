namespace Ablation.Reports.Tests;

/// <summary>The repository root, found from the test assembly's location (the folder holding Ablation.sln).</summary>
internal static class RepoRoot
{
    public static readonly string Path = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Ablation.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Ablation.sln not found above " + AppContext.BaseDirectory);
    }
}
