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

    public static string Describe() =>
        $"ablate {Version}\nlibtorch {torch.version}\ndevices: {string.Join(", ", Devices())} ({Environment.ProcessorCount} CPU cores, {torch.get_num_threads()} torch threads)";
}
