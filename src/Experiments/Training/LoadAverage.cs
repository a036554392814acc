using System.Globalization;

namespace Ablation.Experiments.Training;

/// <summary>
/// The machine's load average, recorded beside every throughput so that a reader can tell a busy machine
/// from a slow module: Linux's /proc/loadavg, whose first three fields are the 1-, 5- and 15-minute
/// averages of runnable and uninterruptible tasks (proc(5)). Null where there is no /proc/loadavg.
/// </summary>
public static class LoadAverage
{
    public const string ProcFile = "/proc/loadavg";

    public static double? OneMinute() => Read(ProcFile)?.One;

    public static (double One, double Five, double Fifteen)? Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parses the text of /proc/loadavg ("0.52 0.58 0.59 2/345 12345"); null when it is not that.</summary>
    public static (double One, double Five, double Fifteen)? Parse(string text)
    {
        var f = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 3) return null;
        double[] v = new double[3];
        for (int i = 0; i < 3; i++)
            if (!double.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || v[i] < 0) return null;
        return (v[0], v[1], v[2]);
    }
}
