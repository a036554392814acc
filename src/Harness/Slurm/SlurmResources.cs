using System.Globalization;
using System.Text.RegularExpressions;
using Ablation.Harness.Spec;

namespace Ablation.Harness.Slurm;

/// <summary>
/// What each array task asks Slurm for, from the matrix's <c>executor:</c> section and the command line
/// (the command line wins): partition, GPUs, CPUs and memory per run, time limit, the <c>%N</c> throttle,
/// extra sbatch arguments, and how long before the time limit Slurm sends SIGUSR2 (USR2, not USR1: NCCL
/// uses USR1) so the worker checkpoints and requeues itself.
/// </summary>
public sealed partial record SlurmResources
{
    public string? Partition { get; init; }
    public int GpusPerRun { get; init; }
    public int CpusPerRun { get; init; } = 1;
    public string? MemPerRun { get; init; }
    public string? Time { get; init; }
    public int? ArrayParallelism { get; init; }
    public IReadOnlyList<string> SbatchArgs { get; init; } = [];
    public int SignalSeconds { get; init; } = 120;

    /// <summary>The fields of <c>executor:</c> (besides <c>type</c>), as the YAML spells them.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["partition", "gpus_per_run", "cpus_per_run", "mem_per_run", "time", "array_parallelism", "sbatch_args", "signal_seconds"];

    /// <summary>The resources an <c>executor:</c> section asks for; every bad field added to <paramref name="errors"/> with its line.</summary>
    public static SlurmResources FromSettings(IReadOnlyList<ExecutorSetting> settings, List<SpecError> errors)
    {
        var r = new SlurmResources();
        foreach (var s in settings)
        {
            string field = "executor." + s.Field;
            string text = string.Join(",", s.Values);
            string? problem = null;
            if (s.Field == "sbatch_args")
            {
                r = r with { SbatchArgs = s.Values };
                problem = s.Values.Select(CheckSbatchArg).FirstOrDefault(p => p is not null);
            }
            else if (s.IsList) problem = "must be one value";
            else
                switch (s.Field)
                {
                    case "type": problem = text is "local" or "slurm" ? null : "is not an executor; allowed: local, slurm"; break;
                    case "partition": (r, problem) = (r with { Partition = text }, CheckPartition(text)); break;
                    case "gpus_per_run": (r, problem) = Int(text, 0, v => r with { GpusPerRun = v }); break;
                    case "cpus_per_run": (r, problem) = Int(text, 1, v => r with { CpusPerRun = v }); break;
                    case "mem_per_run": (r, problem) = (r with { MemPerRun = text }, CheckMemory(text)); break;
                    case "time": (r, problem) = (r with { Time = text }, CheckTime(text)); break;
                    case "array_parallelism": (r, problem) = Int(text, 1, v => r with { ArrayParallelism = v }); break;
                    case "signal_seconds": (r, problem) = Int(text, 1, v => r with { SignalSeconds = v }, 65535); break;
                    default:
                        errors.Add(new SpecError(s.Mark, "executor", s.Field, $"is not an executor field; allowed: type, {string.Join(", ", Fields)}"));
                        continue;
                }
            if (problem is not null) errors.Add(new SpecError(s.Mark, field, text, problem));
        }
        return r;

        (SlurmResources, string?) Int(string text, int min, Func<int, SlurmResources> set, int max = int.MaxValue) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
                ? (set(v), null) : (r, $"is not allowed; allowed: an integer from {min}" + (max < int.MaxValue ? $" to {max}" : " up"));
    }

    /// <summary>The executor an <c>executor:</c> section names (<c>type:</c>), if any.</summary>
    public static string? TypeOf(IReadOnlyList<ExecutorSetting> settings) =>
        settings.LastOrDefault(s => s.Field == "type") is { IsList: false } t ? string.Join(",", t.Values) : null;

    /// <summary>Checks every field; throws <see cref="ArgumentException"/> naming the command-line option of the first bad one.</summary>
    public SlurmResources Validated()
    {
        void Check(string option, string? value, Func<string, string?> check)
        {
            if (value is not null && check(value) is { } problem) throw new ArgumentException($"{option}: '{value}' {problem}");
        }
        Check("--partition", Partition, CheckPartition);
        Check("--mem-per-run", MemPerRun, CheckMemory);
        Check("--time", Time, CheckTime);
        foreach (var a in SbatchArgs) Check("--sbatch-arg", a, CheckSbatchArg);
        if (GpusPerRun < 0) throw new ArgumentException($"--gpus-per-run: '{GpusPerRun}' is not allowed; allowed: an integer from 0 up");
        if (CpusPerRun < 1) throw new ArgumentException($"--cpus-per-run: '{CpusPerRun}' is not allowed; allowed: an integer from 1 up");
        if (ArrayParallelism is < 1) throw new ArgumentException($"--array-parallelism: '{ArrayParallelism}' is not allowed; allowed: an integer from 1 up");
        return this;
    }

    private static string? CheckPartition(string v) =>
        PartitionPattern().IsMatch(v) ? null : "is not a partition name; allowed: letters, digits, '_', '-', '.' (several separated by commas)";

    private static string? CheckMemory(string v) =>
        MemoryPattern().IsMatch(v) ? null : "is not a memory size; allowed: a number with an optional unit K, M, G or T (sbatch --mem), e.g. 16G";

    private static string? CheckTime(string v) =>
        TimePattern().IsMatch(v) ? null : "is not a time limit; allowed: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (sbatch --time)";

    private static string? CheckSbatchArg(string v) =>
        v.StartsWith('-') ? v.StartsWith("--array", StringComparison.Ordinal) || v.StartsWith("--signal", StringComparison.Ordinal)
            ? "is set by the executor; allowed: other sbatch options (the throttle is --array-parallelism, the signal time executor.signal_seconds)"
            : null
            : "is not an sbatch option; allowed: options starting with '-', e.g. --account=proj or --qos=high";

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(,[A-Za-z0-9_.\-]+)*$")]
    private static partial Regex PartitionPattern();

    [GeneratedRegex(@"^[0-9]+[KMGTkmgt]?$")]
    private static partial Regex MemoryPattern();

    [GeneratedRegex(@"^([0-9]+|[0-9]+:[0-9]{1,2}|[0-9]+:[0-9]{1,2}:[0-9]{1,2}|[0-9]+-[0-9]{1,2}(:[0-9]{1,2}(:[0-9]{1,2})?)?)$")]
    private static partial Regex TimePattern();
}
