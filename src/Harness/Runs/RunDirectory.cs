using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ablation.Harness.Runs;

/// <summary>
/// The files of one run, <c>results/&lt;experiment&gt;/&lt;run-id&gt;/</c>: the source of truth the store is derived
/// from (<c>ablate store rebuild</c>).
/// <list type="bullet">
/// <item><c>run.json</c>: the resolved spec (what the run computes; its hash is the run id).</item>
/// <item><c>log.txt</c>: everything the worker printed, every attempt, with timestamps.</item>
/// <item><c>checkpoints/</c>: the trainer's per-epoch checkpoints (resume after a kill).</item>
/// <item><c>metrics.jsonl</c>: one JSON line per finished epoch, appended as epochs end.</item>
/// <item><c>result.json</c>: how the last attempt ended (status, error, final metrics, every epoch); written
/// atomically (temp file and rename) by the worker, or by the scheduler when the worker could not.</item>
/// <item>its TensorBoard event files are not here but in <c>results/&lt;experiment&gt;/tensorboard/&lt;readable name&gt;/</c>
/// (<see cref="TensorBoardRunName"/>), so that TensorBoard shows a readable run name.</item>
/// <item><c>worker.lock</c>: held (an OS file lock) by the live worker; a run marked running whose lock is
/// free was killed and is resumed.</item>
/// </list>
/// </summary>
public sealed class RunDirectory(string path)
{
    public string Path { get; } = path;
    public string SpecFile => System.IO.Path.Combine(Path, "run.json");
    public string LogFile => System.IO.Path.Combine(Path, "log.txt");
    public string CheckpointDir => System.IO.Path.Combine(Path, "checkpoints");
    public string MetricsFile => System.IO.Path.Combine(Path, "metrics.jsonl");
    public string ResultFile => System.IO.Path.Combine(Path, "result.json");
    public string LockFile => System.IO.Path.Combine(Path, "worker.lock");

    /// <summary>The run's TensorBoard log directory (<see cref="TensorBoardRunName"/>): results/&lt;experiment&gt;/tensorboard/&lt;name&gt;.</summary>
    public string TensorBoardDir(RunSpec spec) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!, TensorBoardRunName.Folder, TensorBoardRunName.Of(spec));

    public static RunDirectory For(string resultsDir, RunSpec spec) =>
        new(System.IO.Path.Combine(resultsDir, spec.Experiment, spec.RunId));

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes run.json (once: the same spec always gives the same content).</summary>
    public void WriteSpec(RunSpec spec)
    {
        Directory.CreateDirectory(Path);
        if (File.Exists(SpecFile)) return;
        WriteAtomic(SpecFile, spec.ToJson().ToJsonString(Indented) + "\n");
    }

    public RunSpec ReadSpec() => RunSpec.FromJson(File.ReadAllText(SpecFile));

    /// <summary>Appends one epoch's metrics as a JSON line, flushed to disk before returning.</summary>
    public void AppendMetrics(JsonObject line)
    {
        using var stream = new FileStream(MetricsFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var bytes = Encoding.UTF8.GetBytes(line.ToJsonString() + "\n");
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The metrics lines, the last line per epoch winning (an epoch redone after a kill) and a torn last line skipped.</summary>
    public IReadOnlyList<JsonObject> ReadMetrics()
    {
        if (!File.Exists(MetricsFile)) return [];
        var byEpoch = new SortedDictionary<int, JsonObject>();
        foreach (var line in File.ReadAllLines(MetricsFile))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                if (JsonNode.Parse(line) is JsonObject o && o["epoch"] is { } e) byEpoch[(int)e] = o;
            }
            catch (JsonException) { /* a line cut by a kill: that epoch is redone and appended again */ }
        }
        return byEpoch.Values.ToList();
    }

    public JsonObject? ReadResult()
    {
        try { return File.Exists(ResultFile) ? JsonNode.Parse(File.ReadAllText(ResultFile)) as JsonObject : null; }
        catch (JsonException) { return null; }
    }

    public void WriteResult(JsonObject result) => WriteAtomic(ResultFile, result.ToJsonString(Indented) + "\n");

    public void ClearResult()
    {
        if (File.Exists(ResultFile)) File.Delete(ResultFile);
    }

    /// <summary>Appends text lines to log.txt (the scheduler is its only writer while a worker runs).</summary>
    public void AppendLog(string text)
    {
        Directory.CreateDirectory(Path);
        File.AppendAllText(LogFile, text.EndsWith('\n') ? text : text + "\n");
    }

    /// <summary>The last lines of the log without stack frames: what a failed run's error carries.</summary>
    public string LogTail(int lines = 12)
    {
        if (!File.Exists(LogFile)) return "";
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long start = Math.Max(0, stream.Length - 16_384);
        stream.Seek(start, SeekOrigin.Begin);
        var text = new StreamReader(stream).ReadToEnd();
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !System.Text.RegularExpressions.Regex.IsMatch(l, @"^(\S+ \S+ )?(! )?\s+at |--- End of stack trace")).ToArray();
        return string.Join("\n", all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>Takes the run's lock without waiting; null when another live process holds it.</summary>
    public FileStream? TryLock()
    {
        Directory.CreateDirectory(Path);
        try { return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) { return null; }
    }

    /// <summary>Whether a live process holds the run's lock (probing takes and releases it).</summary>
    public bool IsLocked()
    {
        if (!Directory.Exists(Path)) return false;
        using var probe = TryLock();
        return probe is null;
    }

    private static void WriteAtomic(string path, string content)
    {
        var tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
    }
}
