using System.Diagnostics;
using Xunit;

namespace Ablation.TorchSupport.Tests;

public sealed class TorchRuntimeTests
{
    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData("CUDA", "cuda")]
    [InlineData("cuda:1", "cuda:1")]
    [InlineData(" meta ", "meta")]
    public void Devices_parse_as_pytorch_spells_them(string text, string name) =>
        Assert.Equal(name, TorchRuntime.Name(TorchRuntime.ParseDevice(text)));

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void Unknown_devices_name_what_is_allowed(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => TorchRuntime.ParseDevice(text));
        Assert.Contains("allowed are cpu, cuda, cuda:N, meta", e.Message);
    }

    [Fact]
    public void Threads_are_set_explicitly_and_reported()
    {
        int before = TorchRuntime.ConfigureThreads(null);
        Assert.Equal(Environment.ProcessorCount, before);
        Assert.Equal(1, TorchRuntime.ConfigureThreads(1));
        TorchRuntime.ConfigureThreads(null);
    }

    [Fact]
    public void Versions_name_torchsharp_and_libtorch()
    {
        Assert.Equal("0.107.0", TorchRuntime.TorchSharpVersion);
        Assert.StartsWith("2.10.0", TorchRuntime.LibTorchVersion);
        Assert.Equal("cpu", TorchRuntime.Devices()[0]);
    }

    /// <summary>
    /// On a system whose libstdc++ lacks GLIBCXX_3.4.32 (Debian 12), the build marked that one requirement weak in
    /// the output's own libLibTorchSharp.so, and no other; elsewhere it left the file alone. Read with binutils'
    /// readelf, independently of the build task's own ELF code.
    /// </summary>
    [Fact]
    public void The_build_weakened_only_the_missing_glibcxx_requirement()
    {
        var lib = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        Assert.True(File.Exists(lib), $"{lib} is missing: the natives were not copied to the output");
        var libstdcxx = File.ReadAllBytes("/usr/lib/x86_64-linux-gnu/libstdc++.so.6");
        bool systemHas = new ReadOnlySpan<byte>(libstdcxx).IndexOf("GLIBCXX_3.4.32\0"u8) >= 0;
        var psi = new ProcessStartInfo("readelf", $"-V \"{lib}\"") { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var lines = p.StandardOutput.ReadToEnd().Split('\n');
        p.WaitForExit();
        var entry = lines.Single(l => l.Contains("Name: GLIBCXX_3.4.32"));
        Assert.Equal(!systemHas, entry.Contains("Flags: WEAK"));
        Assert.DoesNotContain(lines, l => l.Contains("Name: GLIBCXX_3.4.30") && l.Contains("WEAK"));
    }
}
