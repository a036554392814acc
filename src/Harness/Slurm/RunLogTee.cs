using System.Text;
using Ablation.Harness.Runs;
using Ablation.Harness.Worker;

namespace Ablation.Harness.Slurm;

/// <summary>
/// Under Slurm no scheduler process reads the worker's output, so the worker itself appends its lines to the
/// run's log.txt (timestamped, stderr lines marked <c>! </c>, as the local executor writes them) and still
/// passes them to Slurm's own output file. The progress lines of <see cref="WorkerProtocol"/> stay out of log.txt.
/// </summary>
public sealed class RunLogTee : TextWriter
{
    private readonly TextWriter _through;
    private readonly StreamWriter _log;
    private readonly string _mark;
    private readonly StringBuilder _line = new();
    private readonly object _gate;

    private RunLogTee(TextWriter through, StreamWriter log, string mark, object gate) =>
        (_through, _log, _mark, _gate) = (through, log, mark, gate);

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Sends Console.Out and Console.Error through to log.txt as well; disposing puts them back.</summary>
    public static IDisposable Attach(RunDirectory dir, string header)
    {
        Directory.CreateDirectory(dir.Path);
        var log = new StreamWriter(new FileStream(dir.LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var gate = new object();
        var (stdout, stderr) = (Console.Out, Console.Error);
        log.WriteLine($"{Stamp()} === {header}");
        var outTee = new RunLogTee(stdout, log, "", gate);
        var errTee = new RunLogTee(stderr, log, "! ", gate);
        Console.SetOut(outTee);
        Console.SetError(errTee);
        return new Restore(() =>
        {
            outTee.Flush();
            errTee.Flush();
            Console.SetOut(stdout);
            Console.SetError(stderr);
            lock (gate) log.Dispose();
        });
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            _through.Write(value);
            if (value == '\n') EndLine();
            else if (value != '\r') _line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        lock (_gate)
            foreach (var c in value) Write(c);
    }

    public override void Flush()
    {
        lock (_gate)
        {
            _through.Flush();
            if (_line.Length > 0) EndLine();
        }
    }

    private void EndLine()
    {
        var text = _line.ToString();
        _line.Clear();
        if (text.StartsWith(WorkerProtocol.Prefix, StringComparison.Ordinal)) return;
        try { _log.WriteLine($"{Stamp()} {_mark}{text}"); }
        catch (ObjectDisposedException) { }
    }

    private static string Stamp() => DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss");

    private sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
