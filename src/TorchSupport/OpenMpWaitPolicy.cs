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
/// So: a short spin (<see cref="ShortSpinCount"/>, then sleep) where nothing else is runnable when the process
/// starts, PASSIVE otherwise; nothing where the user set OMP_WAIT_POLICY or GOMP_SPINCOUNT. "Runnable" is the
/// kernel's count of running and ready tasks (/proc/loadavg, fourth field) less this process's reading thread, the
/// least of 3 samples 5 ms apart: the 1-minute load average would remember the previous worker of a sequential sweep
/// (or the previous round of a benchmark) and make every process after it wait passively on an idle machine (a
/// yolov5s step measured 1.02x PyTorch's time that way instead of 0.76x). The choice is part of
/// <see cref="TorchRuntime.EngineDescription"/>, so each run records it. libgomp reads the variables once, when it
/// loads, so this is a module initialiser of this assembly (before any model or counted op touches libtorch) and
/// goes through the C library's setenv: .NET's Environment.SetEnvironmentVariable does not reach native code on Unix.
/// </summary>
public static class OpenMpWaitPolicy
{
    /// <summary>Spins before sleeping where a core is free: tens of microseconds, libgomp's default is 300,000.</summary>
    public const long ShortSpinCount = 10_000;

    /// <summary>What this process chose, for records: "spin 10000 (0 other runnable, 2 CPUs)", "passive (…)", "user: …".</summary>
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
        var others = OtherRunnableTasks();
        var (name, value) = Choose(others);
        Set(name, value);
        Description = $"{(name == "GOMP_SPINCOUNT" ? $"spin {value}" : "passive")} " +
                      $"({(others is { } o ? o.ToString(CultureInfo.InvariantCulture) : "unknown")} other runnable, {Environment.ProcessorCount} CPUs)";
    }

    /// <summary>
    /// The variable to set when <paramref name="otherRunnable"/> tasks besides this process are running or ready: a
    /// short spin on an otherwise idle machine (this process will use its cores alone), else PASSIVE, as any other
    /// runnable task may end up sharing a core with a spinner. Unknown counts as busy.
    /// </summary>
    public static (string Name, string Value) Choose(int? otherRunnable) =>
        otherRunnable == 0
            ? ("GOMP_SPINCOUNT", ShortSpinCount.ToString(CultureInfo.InvariantCulture))
            : ("OMP_WAIT_POLICY", "PASSIVE");

    /// <summary>
    /// Native environment only: .NET keeps its own copy, which child processes inherit, so a worker started later
    /// makes its own choice for the load it starts under instead of inheriting this one as if the user had set it.
    /// </summary>
    private static void Set(string name, string value) => SetEnv(name, value, 0);

    /// <summary>Running and ready tasks other than this reading thread: the least of 3 samples of /proc/loadavg.</summary>
    private static int? OtherRunnableTasks()
    {
        int? least = null;
        for (int i = 0; i < 3; i++)
        {
            if (i > 0) Thread.Sleep(5);
            try
            {
                var field = File.ReadAllText("/proc/loadavg").Split(' ')[3]; // "running/total"
                if (!int.TryParse(field.Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var running)) return null;
                least = Math.Min(least ?? int.MaxValue, Math.Max(0, running - 1));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
            {
                return null;
            }
        }
        return least;
    }
}
