using System.Diagnostics;
using System.Text.Json;

namespace Ablation.Bench;

/// <summary>
/// bench/peers/engine_peer.py as a child process answering timing commands, so PyTorch eager and our
/// binding take turns on the same machine in one run, never at the same time.
/// </summary>
internal sealed class PythonPeer : IDisposable
{
    private readonly Process process;
    private bool disposed;

    public string TorchVersion { get; }

    public PythonPeer(string script, int threads, int batch, int image, int classes)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { script, "--threads", $"{threads}", "--batch", $"{batch}", "--image", $"{image}", "--classes", $"{classes}" })
            psi.ArgumentList.Add(a);
        process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        var hello = Read();
        TorchVersion = hello.GetProperty("torch").GetString() ?? "?";
        if (hello.GetProperty("threads").GetInt32() != threads)
            throw new InvalidOperationException($"the PyTorch peer runs {hello.GetProperty("threads")} threads, not {threads}");
    }

    /// <summary>Sends one command and returns the wall and CPU time the peer measured (field and cpu_field).</summary>
    public Timing Measure(string command, long count, string field)
    {
        process.StandardInput.WriteLine($"{command} {count}");
        process.StandardInput.Flush();
        var reply = Read();
        return reply.TryGetProperty(field, out var v) && reply.TryGetProperty("cpu_" + field, out var c)
            ? new Timing(v.GetDouble(), c.GetDouble())
            : throw new InvalidOperationException($"peer: {reply}");
    }

    private JsonElement Read()
    {
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the PyTorch peer exited (see its stderr above)");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            process.StandardInput.WriteLine("quit");
            process.StandardInput.Close();
            if (!process.WaitForExit(5000)) process.Kill();
        }
        catch (Exception) when (process.HasExited) { }
        process.Dispose();
    }
}
