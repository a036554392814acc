using Ablation.TorchSupport;
using static TorchSharp.torch;

// Reproduces TorchSharp 0.107's temporary-Scalar race (see src/TorchSupport/NativeCallFence.cs): `a + b` in a
// loop while another thread allocates, with or without the fence around each block of additions.
// usage: ScalarRace [fence|bare] [seconds] [background MB/s]
bool fence = args.Length > 0 && args[0] == "fence";
double seconds = args.Length > 1 ? double.Parse(args[1]) : 60;
double mbPerSecond = args.Length > 2 ? double.Parse(args[2]) : 200;
_ = TorchRuntime.TorchSharpVersion;
var stop = false;
var background = new Thread(() =>
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    long bytes = 0;
    while (!Volatile.Read(ref stop))
    {
        if (bytes > clock.Elapsed.TotalSeconds * mbPerSecond * 1e6) { Thread.Sleep(1); continue; }
        GC.KeepAlive(new byte[64 * 1024]);
        bytes += 64 * 1024;
    }
}) { IsBackground = true };
background.Start();
var a = randn(256, 256);
var b = randn(256, 256);
var sw = System.Diagnostics.Stopwatch.StartNew();
long n = 0, blocks = 0;
var entering = new System.Diagnostics.Stopwatch(); // time spent opening fences: the fence's own cost
try
{
    while (sw.Elapsed.TotalSeconds < seconds)
    {
        entering.Start();
        using var f = fence ? NativeCallFence.Enter() : default;
        entering.Stop();
        blocks++;
        using var scope = NewDisposeScope();
        for (int i = 0; i < 1000; i++) { _ = a + b; n++; }
    }
    Console.WriteLine($"{(fence ? "fence" : "bare")}: no failure in {n} additions, {GC.CollectionCount(0)} collections, {NativeCallFence.Unfenced} unfenced, {entering.Elapsed.TotalMilliseconds / blocks:F2} ms per block of 1,000 to open its fence");
    return 0;
}
catch (Exception e)
{
    Console.WriteLine($"{(fence ? "fence" : "bare")}: FAILED after {n} additions, {GC.CollectionCount(0)} collections: {e.Message.Split('\n')[0]}");
    return 1;
}
finally { Volatile.Write(ref stop, true); }
