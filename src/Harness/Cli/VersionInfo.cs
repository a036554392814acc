using System.Reflection;
using Ablation.Torch;

namespace Ablation.Harness.Cli;

/// <summary>What `ablate --version` prints: our version, the libtorch it runs on, the devices it sees.</summary>
public static class VersionInfo
{
    public static string Version =>
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "?";

    public static IReadOnlyList<string> Devices()
    {
        var devices = new List<string> { "cpu" };
        for (int i = 0; i < torch.cuda.device_count(); i++) devices.Add($"cuda:{i}");
        return devices;
    }

    /// <summary>
    /// The threads commands give libtorch when --threads is not given (<see cref="ModelOptions.ApplyThreads(int?)"/>:
    /// all cores), not libtorch's own default before a command sets it, which can be 1.
    /// </summary>
    public static int DefaultThreads => Environment.ProcessorCount;

    public static string Describe() =>
        $"ablate {Version}\nlibtorch {torch.version}\ndevices: {string.Join(", ", Devices())} " +
        $"({Environment.ProcessorCount} CPU cores; commands use {DefaultThreads} threads unless --threads says otherwise)";
}
