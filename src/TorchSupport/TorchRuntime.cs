using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.TorchSupport;

/// <summary>
/// Device and thread setup and what the engine is: the few things every command needs before it builds a model.
/// <list type="bullet">
/// <item>Devices are spelt as PyTorch spells them: <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>, <c>meta</c> (shapes only).</item>
/// <item>Threads: libtorch's intra-op pool is set explicitly (default: every core), so a run's speed never depends
/// on an environment variable nobody set.</item>
/// <item>Loading: the first use of TorchSharp loads libtorch; a failure becomes one message that says what to do,
/// instead of TorchSharp's page-long probe trace.</item>
/// </list>
/// </summary>
public static class TorchRuntime
{
    /// <summary>Parses a device; a one-line error names what is allowed.</summary>
    public static Device ParseDevice(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        if (s == "cpu") return CPU;
        if (s == "meta") return META;
        if (s == "cuda") return new Device(DeviceType.CUDA, -1);
        if (s.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(s.AsSpan(5), out var i) && i >= 0)
            return new Device(DeviceType.CUDA, i);
        throw new ArgumentException($"unknown device '{text}': allowed are cpu, cuda, cuda:N, meta");
    }

    /// <summary>The device as PyTorch prints it ("cpu", "cuda:1", "meta").</summary>
    public static string Name(Device device) => device.type switch
    {
        DeviceType.CPU => "cpu",
        DeviceType.META => "meta",
        DeviceType.CUDA => device.index >= 0 ? $"cuda:{device.index}" : "cuda",
        _ => device.ToString(),
    };

    /// <summary>Sets libtorch's CPU threads (null: every core) and returns the number now in use.</summary>
    public static int ConfigureThreads(int? threads = null)
    {
        int n = threads ?? Environment.ProcessorCount;
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(threads), $"--threads must be >= 1, got {n}");
        EnsureLoaded();
        torch.set_num_threads(n);
        return torch.get_num_threads();
    }

    /// <summary>Loads libtorch now, turning a load failure into one actionable message.</summary>
    public static void EnsureLoaded()
    {
        try
        {
            _ = torch.get_num_threads();
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            var inner = e;
            while (inner.InnerException is not null) inner = inner.InnerException;
            var first = inner.Message.Split('\n', 2)[0].Trim();
            throw new InvalidOperationException(
                $"libtorch (TorchSharp {TorchSharpVersion}) failed to load: {first}. Build with `dotnet build` (or ./ablate) so the " +
                "natives are copied and, on Debian 12, the GLIBCXX_3.4.32 requirement is weakened (README, \"Debian 12\").", e);
        }
    }

    /// <summary>TorchSharp's package version (from its assembly's informational version).</summary>
    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>libtorch's version (torch.__version__).</summary>
    public static string LibTorchVersion
    {
        get
        {
            EnsureLoaded();
            return torch.__version__;
        }
    }

    /// <summary>The devices this process can train on: cpu, then cuda:0..N-1 where CUDA is available.</summary>
    public static IReadOnlyList<string> Devices()
    {
        EnsureLoaded();
        var list = new List<string> { "cpu" };
        if (torch.cuda.is_available())
            for (int i = 0; i < torch.cuda.device_count(); i++) list.Add($"cuda:{i}");
        return list;
    }

    /// <summary>
    /// "libtorch 2.10.0 (TorchSharp 0.107.0), cpu; channels-last; OpenMP wait: spin 10000 (load 0.40, 2 CPUs)" and
    /// the like, for records and --version: batch layout and wait policy change throughput, so a run records its own.
    /// <paramref name="channelsLastBatches"/>: the model is fed through <see cref="MemoryLayout.ChannelsLast"/>.
    /// </summary>
    public static string EngineDescription(Device device, bool channelsLastBatches = false) =>
        $"libtorch {LibTorchVersion} (TorchSharp {TorchSharpVersion}), {Name(device)}" +
        (channelsLastBatches ? $"; {MemoryLayout.Describe(device)}" : "") +
        (device.type == DeviceType.CPU ? $"; OpenMP wait: {OpenMpWaitPolicy.Description}" : "");
}
