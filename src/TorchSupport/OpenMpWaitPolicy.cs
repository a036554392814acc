using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ablation.TorchSupport;

/// <summary>
/// Makes libtorch's OpenMP threads sleep instead of spin between parallel regions (OMP_WAIT_POLICY=PASSIVE),
/// unless the user set a policy. TorchSharp's libtorch ships GNU OpenMP, whose idle threads spin-wait; on a
/// machine with more runnable threads than cores (a shared workstation, an oversubscribed Slurm node, a sweep
/// with several workers) the spinners steal the cores the working threads need. Measured here at load ~40 on
/// 2 cores, a CIFAR ResNet-20 step at batch 16 took 1,121 ms with spinning threads and 52 ms with passive ones.
/// libgomp reads the variable once, when libtorch loads, so this runs as the module initialiser of this assembly
/// (before any model or counted op can touch libtorch) and through the C library's setenv: .NET's
/// Environment.SetEnvironmentVariable does not reach native code on Unix.
/// </summary>
internal static class OpenMpWaitPolicy
{
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    [ModuleInitializer]
    internal static void PreferPassiveThreads()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null) return;
        Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", "PASSIVE"); // child processes and .NET's own view
        SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
    }
}
