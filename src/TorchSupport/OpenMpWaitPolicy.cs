using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ablation.TorchSupport;

/// <summary>
/// Chooses how libtorch's idle OpenMP threads wait between parallel regions, once per process, before libtorch
/// loads. TorchSharp's libtorch ships GNU OpenMP (libgomp), whose default is to spin 300,000 times before sleeping.
/// <list type="bullet">
/// <item>On a machine with more runnable threads than cores (a shared workstation, an oversubscribed Slurm node, a
/// sweep with several workers) spinners steal the cores the working threads need: at load ~40 on 2 cores a CIFAR
/// ResNet-20 step at batch 16 took 1,121 ms with the default and 52 ms with OMP_WAIT_POLICY=PASSIVE. With 6 busy
/// processes beside a 2-thread yolov5n step (128 px, batch 8), PASSIVE took 731–831 ms, a 10,000-spin wait 1,057–1,182
/// ms and the default 2,178–3,037 ms.</item>
/// <item>On an idle machine sleeping costs a futex wake per region: a 2-thread yolov5s step (320 px, batch 8) took
/// 763–905 ms with PASSIVE and 610–770 ms with a 10,000-spin wait (PyTorch's own default: 591–720 ms).</item>
/// </list>
/// So: a short spin (<see cref="ShortSpinCount"/>, then sleep) where the 1-minute load average leaves a core free,
/// PASSIVE otherwise; nothing where the user set OMP_WAIT_POLICY or GOMP_SPINCOUNT. The choice is part of
/// <see cref="TorchRuntime.EngineDescription"/>, so each run records it. libgomp reads the variables once, when it
/// loads, so this is a module initialiser of this assembly (before any model or counted op touches libtorch) and
/// goes through the C library's setenv: .NET's Environment.SetEnvironmentVariable does not reach native code on Unix.
/// </summary>
public static class OpenMpWaitPolicy
{
    /// <summary>Spins before sleeping where a core is free: tens of microseconds, libgomp's default is 300,000.</summary>
    public const long ShortSpinCount = 10_000;

    /// <summary>What this process chose, for records: "spin 10000 (load 0.40, 2 CPUs)", "passive (…)", "user: …".</summary>
    public static string Description { get; private set; } = "libgomp default";

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    [ModuleInitializer]
    internal static void ChooseAtLoad()
    {
        if (!OperatingSystem.IsLinux()) return;
        var policy = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
        var spin = Environment.GetEnvironmentVariable("GOMP_SPINCOUNT");
        if (policy is not null || spin is not null)
        {
            Description = "user: " + string.Join(", ", new[] { ("OMP_WAIT_POLICY", policy), ("GOMP_SPINCOUNT", spin) }
                .Where(v => v.Item2 is not null).Select(v => $"{v.Item1}={v.Item2}"));
            return;
        }
        var load = ReadLoadAverage();
        var (name, value) = Choose(load, Environment.ProcessorCount);
        Set(name, value);
        Description = $"{(name == "GOMP_SPINCOUNT" ? $"spin {value}" : "passive")} " +
                      $"(load {(load is { } l ? l.ToString("0.00", CultureInfo.InvariantCulture) : "unknown")}, {Environment.ProcessorCount} CPUs)";
    }

    /// <summary>
    /// The variable to set for a 1-minute load average on <paramref name="cpus"/> usable CPUs: a short spin while
    /// the load leaves at least one core free (load + 1 ≤ cpus), else PASSIVE. An unknown load counts as busy.
    /// </summary>
    public static (string Name, string Value) Choose(double? loadAverage, int cpus) =>
        loadAverage is { } load && load + 1 <= cpus
            ? ("GOMP_SPINCOUNT", ShortSpinCount.ToString(CultureInfo.InvariantCulture))
            : ("OMP_WAIT_POLICY", "PASSIVE");

    /// <summary>
    /// Native environment only: .NET keeps its own copy, which child processes inherit, so a worker started later
    /// makes its own choice for the load it starts under instead of inheriting this one as if the user had set it.
    /// </summary>
    private static void Set(string name, string value) => SetEnv(name, value, 0);

    private static double? ReadLoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ', 2)[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
