using System.Globalization;
using System.Text.Json.Nodes;

namespace Ablation.Harness.Sweep;

/// <summary>Progress as plain log lines, for CI logs and files (stdout is not a terminal).</summary>
public sealed class PlainProgress(TextWriter output) : ISweepProgress
{
    private readonly object _gate = new();
    private int _toRun, _finished;
    private readonly DateTime _start = DateTime.UtcNow;

    public void Started(int toRun, int alreadyDone, int total)
    {
        _toRun = toRun;
        Write($"sweep: {total} runs, {alreadyDone} already done, {toRun} to run");
    }

    public void RunStarted(PlannedWork work, string device, int attempt) =>
        Write($"start  {work} on {device}" + (attempt > 1 ? $" (attempt {attempt})" : ""));

    public void RunEvent(PlannedWork work, JsonObject m)
    {
        var kind = (string?)m["event"];
        if (kind == "start" && (int?)m["first_epoch"] is > 1 and var first)
            Write($"resume {work.Spec.ShortId} at epoch {first}");
        else if (kind == "epoch")
            Write(string.Create(CultureInfo.InvariantCulture,
                $"epoch  {work.Spec.ShortId} {m["epoch"]}: loss {(double?)m["loss"]:F4}{ProgressScore.Describe(m)} {(double?)m["img_s"]:F0} img/s"));
    }

    public void RunFinished(PlannedWork work, string status, string? reason, bool willRetry)
    {
        if (!willRetry) _finished++;
        var eta = "";
        if (_finished > 0 && _finished < _toRun)
        {
            var per = (DateTime.UtcNow - _start) / _finished;
            eta = $", ETA {(per * (_toRun - _finished)):hh\\:mm\\:ss}";
        }
        Write($"{status,-6} {work}" + (reason is null ? "" : $": {reason.Split('\n')[0]}") +
              (willRetry ? " (retrying)" : $" [{_finished}/{_toRun}{eta}]"));
    }

    public void Message(string text) => Write(text);

    private void Write(string line)
    {
        lock (_gate) output.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
    }
}
