using Ablation.TorchSupport;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Ablation.Experiments.Training;

/// <summary>
/// A run's checkpoint in its output directory: the tensors (model state under <c>model.</c>, optimizer state
/// under <c>optimizer.</c>) in <c>checkpoint-eNNNN.safetensors</c>, and <c>checkpoint.json</c>, the sidecar
/// that names that file and holds everything else (epoch, step, configuration, epoch metrics, timings).
/// <para>
/// Atomic: each file is written under a temporary name and renamed; the sidecar is renamed last and is the
/// commit point, so a process killed at any moment leaves either the previous checkpoint or the new one,
/// never a mix. Older tensor files are deleted only after the new sidecar is in place.
/// </para>
/// <para>
/// RNG and data order need no saved state: the data stream is a pure function of (seed, epoch)
/// (<see cref="Data.BatchPipeline"/>) and the trainer reseeds libtorch's generator from (seed, epoch) at
/// the start of each epoch; the learning rate is a pure function of the step (<see cref="LearningRate"/>).
/// </para>
/// </summary>
public static class Checkpoint
{
    public const string SidecarName = "checkpoint.json";
    public const int FormatVersion = 1;

    /// <summary>Everything of a checkpoint but its tensors.</summary>
    public sealed record State
    {
        public int Epoch { get; init; }
        public long GlobalStep { get; init; }
        public JsonObject Config { get; init; } = new();
        public List<EpochResult> Epochs { get; init; } = new();
        public double WallSeconds { get; init; }
        public double TrainSeconds { get; init; }
        public long TrainImages { get; init; }
        public double EvalSeconds { get; init; }
        public long EvalImages { get; init; }
        public long PeakMemoryBytes { get; init; }
        /// <summary>What <see cref="PeakMemoryBytes"/> measured (Ablation.TorchSupport.MemoryReading's source).</summary>
        public string? PeakMemorySource { get; init; }

        /// <summary>
        /// This state with the larger of its recorded peak and the meter's peak of this process (a resumed run keeps the
        /// peak of the processes before it), and what was measured (MemoryReading's source names).
        /// </summary>
        public State WithPeakMemory(Device device)
        {
            var now = MemoryMeter.Peak(device);
            return now.Bytes > PeakMemoryBytes
                ? this with { PeakMemoryBytes = now.Bytes, PeakMemorySource = now.Source }
                : this with { PeakMemorySource = PeakMemorySource ?? now.Source };
        }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, SidecarName));

    public static void Save(string directory, State state, IReadOnlyDictionary<string, Tensor> tensors)
    {
        Directory.CreateDirectory(directory);
        var weightsName = $"checkpoint-e{state.Epoch:D4}.safetensors";
        var weightsPath = Path.Combine(directory, weightsName);
        using (NativeCallFence.Enter())
            WriteDurably(weightsPath, stream => Safetensors.SaveStateDict(stream, new Dictionary<string, Tensor>(tensors), leaveOpen: true));

        var sidecar = JsonSerializer.SerializeToNode(state, Json)!.AsObject();
        sidecar["format"] = FormatVersion;
        sidecar["weights"] = weightsName;
        var bytes = System.Text.Encoding.UTF8.GetBytes(sidecar.ToJsonString(Json));
        WriteDurably(Path.Combine(directory, SidecarName), stream => stream.Write(bytes));

        foreach (var old in Directory.EnumerateFiles(directory, "checkpoint-e*.safetensors"))
            if (Path.GetFileName(old) != weightsName) File.Delete(old);
    }

    /// <summary>Writes a file under a temporary name, flushes it to disk and renames it into place.</summary>
    private static void WriteDurably(string path, Action<Stream> write)
    {
        var temp = path + ".tmp";
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            write(f);
            f.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the sidecar and its tensors (CPU, or on <paramref name="device"/>); the caller disposes the tensors.</summary>
    public static (State State, Dictionary<string, Tensor> Tensors) Load(string directory, Device? device = null)
    {
        var path = Path.Combine(directory, SidecarName);
        JsonObject sidecar;
        State state;
        try
        {
            sidecar = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            if (sidecar["format"]?.GetValue<int>() is not FormatVersion)
                throw new InvalidDataException($"{path}: checkpoint format {sidecar["format"]}, this build reads format {FormatVersion}");
            state = sidecar.Deserialize<State>(Json)!;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new InvalidDataException($"{path}: not a readable checkpoint sidecar ({e.Message})", e);
        }
        var weights = Path.Combine(directory, sidecar["weights"]?.GetValue<string>()
            ?? throw new InvalidDataException($"{path}: names no weights file"));
        if (!File.Exists(weights)) throw new InvalidDataException($"{path}: its weights file {weights} is missing");
        Dictionary<string, Tensor> tensors;
        using var fence = NativeCallFence.Enter();
        try
        {
            tensors = Safetensors.LoadStateDict(weights);
        }
        catch (Exception e) when (e is JsonException or NotImplementedException or EndOfStreamException or ArgumentException or IOException)
        {
            throw new InvalidDataException($"{weights}: not a readable safetensors file ({e.Message})", e);
        }
        if (device is { } d && d.type != DeviceType.CPU)
            foreach (var key in tensors.Keys.ToList())
            {
                var cpu = tensors[key];
                tensors[key] = cpu.to(d);
                cpu.Dispose();
            }
        return (state, tensors);
    }

    /// <summary>
    /// Copies a checkpoint's model state into the model, after checking that it has exactly the model's keys, shapes
    /// and dtypes (TorchSharp's strict load only says that the dictionaries differ); errors name the sidecar.
    /// </summary>
    public static void LoadModel(string directory, nn.Module net, Dictionary<string, Tensor> saved)
    {
        var own = net.state_dict();
        var where = Path.Combine(directory, SidecarName);
        var missing = own.Keys.Where(k => !saved.ContainsKey(k)).ToList();
        var unexpected = saved.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new InvalidOperationException($"{where}: the checkpoint's model state does not fit the model (missing: {string.Join(", ", missing.DefaultIfEmpty("none"))}; unexpected: {string.Join(", ", unexpected.DefaultIfEmpty("none"))})");
        foreach (var (key, t) in own)
            if (!t.shape.SequenceEqual(saved[key].shape) || t.dtype != saved[key].dtype)
                throw new InvalidOperationException($"{where}: '{key}' is {saved[key].dtype} [{string.Join(", ", saved[key].shape)}] in the checkpoint, {t.dtype} [{string.Join(", ", t.shape)}] in the model");
        net.load_state_dict(saved, strict: true);
    }

    /// <summary>The tensors whose names start with <paramref name="prefix"/>, the prefix removed ("model.", "optimizer.").</summary>
    public static Dictionary<string, Tensor> Prefixed(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

}
