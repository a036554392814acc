using System.Text.Json;
using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>Finds the committed golden fixtures of tests/reference/ (written by the nn_*.py scripts).</summary>
internal static class NnFixtures
{
    public static string ReferenceDir
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "reference");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("tests/reference not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Path_(string name) => Path.Combine(ReferenceDir, "fixtures", name);

    /// <summary>A JSON fixture of { name: { shape, values } } entries.</summary>
    public static Dictionary<string, (long[] Shape, double[] Values)> Json(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path_(name)));
        var result = new Dictionary<string, (long[], double[])>();
        foreach (var p in doc.RootElement.EnumerateObject())
            result[p.Name] = (p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
                p.Value.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        return result;
    }

    public static void AssertClose(double[] expected, float[] actual, double rtol = 1e-5, double atol = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= atol + rtol * Math.Abs(expected[i]),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
