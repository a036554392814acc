using System.Reflection;
using Ablation.TorchSupport;

namespace Ablation.Harness.Cli;

/// <summary>
/// What `ablate --version` prints: our version, the engine (TorchSharp and the libtorch it brings), the devices it
/// sees, the CPU threads commands will use (--threads, default every core: what TorchRuntime.ConfigureThreads sets),
/// and how libtorch's idle OpenMP threads wait (OpenMpWaitPolicy).
/// </summary>
public static class VersionInfo
{
    public static string Version =>
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "?";

    public static IReadOnlyList<string> Devices() => TorchRuntime.Devices();

    public static string Describe()
    {
        int threads = TorchRuntime.ConfigureThreads(null);
        return $"ablate {Version}\nTorchSharp {TorchRuntime.TorchSharpVersion}, libtorch {TorchRuntime.LibTorchVersion}\n" +
            $"devices: {string.Join(", ", Devices())} ({Environment.ProcessorCount} CPU cores; commands use {threads} threads unless --threads says otherwise)\n" +
            $"OpenMP wait: {OpenMpWaitPolicy.Description}";
    }
}
