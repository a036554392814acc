namespace Ablation.Bench;

/// <summary>The process's resident set size (VmRSS of /proc/self/status), which counts native memory the GC does not see.</summary>
internal static class ResidentMemory
{
    public static long Bytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:"))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        throw new PlatformNotSupportedException("no VmRSS in /proc/self/status");
    }
}
