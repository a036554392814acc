using System.Diagnostics;

namespace Ablation.Experiments.Training;

/// <summary>
/// Times a step the way timm's benchmark.py does: <c>warmup</c> untimed calls (allocator, caches, lazy
/// initialisation), then <c>steps</c> timed ones, each timed on its own so that a caller can take the
/// median (robust to a neighbour's burst on a shared machine) or the mean. The step itself must wait for
/// its result (for CUDA: read a scalar), or the time is that of queueing it.
/// </summary>
public static class StepTimer
{
    /// <summary>Milliseconds of each of the <paramref name="steps"/> timed calls, in call order.</summary>
    public static double[] Milliseconds(Action step, int steps, int warmup)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "at least one timed step");
        for (int i = 0; i < warmup; i++) step();
        var times = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            step();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return times;
    }

    /// <summary>The median: the middle value, or the mean of the two middle values of an even count.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
