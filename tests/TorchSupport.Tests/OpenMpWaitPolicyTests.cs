using System.Runtime.InteropServices;
using Xunit;

namespace Ablation.TorchSupport.Tests;

public sealed class OpenMpWaitPolicyTests
{
    [Theory]
    [InlineData(0, "GOMP_SPINCOUNT", "10000")]
    [InlineData(1, "OMP_WAIT_POLICY", "PASSIVE")]
    [InlineData(40, "OMP_WAIT_POLICY", "PASSIVE")]
    public void An_idle_machine_gets_a_short_spin_and_a_busy_one_passive_waits(int otherRunnable, string name, string value) =>
        Assert.Equal((name, value), OpenMpWaitPolicy.Choose(otherRunnable));

    [Fact]
    public void An_unknown_count_counts_as_busy() =>
        Assert.Equal(("OMP_WAIT_POLICY", "PASSIVE"), OpenMpWaitPolicy.Choose(null));

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv(string name);

    [Fact]
    public void The_choice_reaches_native_code_and_is_described()
    {
        _ = TorchRuntime.TorchSharpVersion; // TorchSupport's module initialisers have run
        string? Native(string n) => Marshal.PtrToStringAnsi(GetEnv(n));
        var description = OpenMpWaitPolicy.Description;
        if (description.StartsWith("spin ")) Assert.Equal("10000", Native("GOMP_SPINCOUNT"));
        else if (description.StartsWith("passive ")) Assert.Equal("PASSIVE", Native("OMP_WAIT_POLICY"));
        else Assert.StartsWith("user: ", description);
        Assert.Matches(@"^(spin 10000 \(0|passive \(\d+) other runnable, \d+ CPUs\)$|^user: ", description);
        Assert.EndsWith($"; OpenMP wait: {description}", TorchRuntime.EngineDescription(TorchSharp.torch.CPU));
    }
}
