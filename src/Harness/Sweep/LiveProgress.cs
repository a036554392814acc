using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Ablation.Harness.Sweep;

/// <summary>
/// Progress on a terminal (Spectre.Console): one bar for the sweep (runs done of total, with ETA) and one
/// line per active run (epoch, loss, accuracy, images per second). The sweep's value counts finished runs
/// plus the fraction of each active one, so the ETA moves while long runs train.
/// </summary>
public sealed class LiveProgress : ISweepProgress
{
    private ProgressContext? _context;
    private ProgressTask? _sweep;
    private readonly ConcurrentDictionary<PlannedWork, (ProgressTask Task, double Fraction)> _active = new();
    private int _finished;

    /// <summary>Runs <paramref name="body"/> inside the live display.</summary>
    public T Show<T>(Func<T> body)
    {
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                _context = ctx;
                result = body();
                _context.Refresh();
            });
        return result;
    }

    public void Started(int toRun, int alreadyDone, int total)
    {
        AnsiConsole.MarkupLine($"[bold]{total}[/] runs: [green]{alreadyDone}[/] already done, [yellow]{toRun}[/] to run");
        _sweep = _context!.AddTask($"sweep 0/{toRun}", maxValue: Math.Max(1, toRun));
    }

    public void RunStarted(PlannedWork work, string device, int attempt)
    {
        var task = _context!.AddTask(Markup.Escape($"  {work.Spec.ShortId} {Label(work)} on {device}" + (attempt > 1 ? $" (attempt {attempt})" : "")), maxValue: 1);
        _active[work] = (task, 0);
    }

    public void RunEvent(PlannedWork work, JsonObject m)
    {
        if (!_active.TryGetValue(work, out var entry)) return;
        var kind = (string?)m["event"];
        if (kind is not ("step" or "epoch" or "start")) return;
        int epochs = (int?)m["epochs"] ?? (int?)work.Spec.Recipe.GetValueOrDefault("epochs") ?? 1;
        int epoch = (int?)m["epoch"] ?? ((int?)m["first_epoch"] ?? 1) - 1;
        double within = kind == "step" && (int?)m["steps"] is > 0 and var steps ? ((int?)m["step"] ?? 0) / (double)steps : kind == "epoch" ? 1 : 0;
        double fraction = Math.Clamp((epoch - (kind == "start" ? 0 : 1) + within) / Math.Max(1, epochs), 0, 1);
        entry.Task.Value = fraction;
        var stats = kind == "start" ? "starting" :
            $"epoch {epoch}/{epochs} loss {(double?)m["loss"]:F3}{ProgressScore.Describe(m)} {(double?)m["img_s"]:F0} img/s";
        entry.Task.Description = Markup.Escape($"  {work.Spec.ShortId} {Label(work)}: {stats}");
        _active[work] = (entry.Task, fraction);
        UpdateSweep();
    }

    public void RunFinished(PlannedWork work, string status, string? reason, bool willRetry)
    {
        if (_active.TryRemove(work, out var entry))
        {
            entry.Task.Value = entry.Task.MaxValue;
            entry.Task.StopTask();
        }
        if (!willRetry) _finished++;
        var color = status switch { "done" => "green", "failed" => "red", _ => "yellow" };
        AnsiConsole.MarkupLine($"[{color}]{status}[/] {Markup.Escape(work.ToString())}" +
                               (reason is null ? "" : $": {Markup.Escape(reason.Split('\n')[0])}") + (willRetry ? " [yellow](retrying)[/]" : ""));
        UpdateSweep();
    }

    public void Message(string text) => AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(text)}[/]");

    private void UpdateSweep()
    {
        if (_sweep is null) return;
        _sweep.Value = _finished + _active.Values.Sum(a => a.Fraction);
        _sweep.Description = $"sweep {_finished}/{(int)_sweep.MaxValue}";
    }

    private static string Label(PlannedWork w) => w.Label;
}
