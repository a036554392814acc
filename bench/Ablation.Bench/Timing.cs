using System.Diagnostics;

namespace Ablation.Bench;

/// <summary>
/// Wall time and process CPU time of one measurement, per unit (op or step). CPU time is reported next to
/// wall time because a shared, loaded machine stretches wall time in ways that have nothing to do with the
/// code measured.
/// </summary>
internal readonly record struct Timing(double Wall, double Cpu)
{
    /// <summary>Runs `body` and returns its times divided by `units`, scaled (1e3: ms, 1e6: us).</summary>
    public static Timing Of(Action body, long units, double scale)
    {
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        body();
        sw.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        return new Timing(sw.Elapsed.TotalSeconds * scale / units, cpu.TotalSeconds * scale / units);
    }

    public static Timing Median(IReadOnlyList<Timing> xs) => new(Middle(xs.Select(t => t.Wall)), Middle(xs.Select(t => t.Cpu)));

    private static double Middle(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
