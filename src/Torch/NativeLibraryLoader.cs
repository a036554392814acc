using System.Reflection;
using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>
/// Finds libablation_native.so: $ABLATION_NATIVE (a file), next to the assembly, or in the repository's
/// native/build (walking up from the assembly), so tests, benchmarks and the CLI all load the one build.
/// </summary>
internal static class NativeLibraryLoader
{
    internal const string LibraryName = "ablation_native";
    private const string FileName = "libablation_native.so";

    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != LibraryName) return IntPtr.Zero;
        foreach (var candidate in Candidates())
            if (File.Exists(candidate)) return NativeLibrary.Load(candidate);
        throw new DllNotFoundException(
            $"{FileName} not found. Build it with `cmake -S native -B native/build && cmake --build native/build` " +
            "(./ablate and ./test.sh do this), or set ABLATION_NATIVE to its path.");
    }

    private static IEnumerable<string> Candidates()
    {
        var env = Environment.GetEnvironmentVariable("ABLATION_NATIVE");
        if (!string.IsNullOrEmpty(env)) yield return env;
        var dir = AppContext.BaseDirectory;
        yield return Path.Combine(dir, FileName);
        for (var d = new DirectoryInfo(dir); d != null; d = d.Parent)
            yield return Path.Combine(d.FullName, "native", "build", FileName);
    }
}
