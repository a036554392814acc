using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Ablation.TorchSupport;

/// <summary>
/// State dicts in and out of modules and safetensors files, with the errors a user can act on. Files go through
/// TorchSharp.PyBridge's safetensors reader and writer (the format PyTorch's safetensors package writes, so weights
/// move to and from PyTorch unchanged). Loading into a module checks everything before copying anything and lists
/// every missing, unexpected and mis-shaped key in one error (TorchSharp's load_state_dict stops at the first).
/// </summary>
public static class StateDicts
{
    /// <summary>Reads every tensor of a safetensors file (on the CPU); a bad file is an error naming it.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such safetensors file", path);
        try
        {
            var tensors = Safetensors.LoadStateDict(path);
            foreach (var t in tensors.Values) t.DetachFromDisposeScope();
            return tensors;
        }
        catch (Exception e) when (e is not FileNotFoundException)
        {
            throw new InvalidDataException($"{path}: not a readable safetensors file: {e.Message.Split('\n')[0]}", e);
        }
    }

    /// <summary>Writes tensors to a safetensors file atomically (a temporary file, then a rename).</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var cpu = tensors.ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous());
        Safetensors.SaveStateDict(temp, cpu);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// The state dict in PyTorch's order: each module's parameters, then its persistent buffers, then its children
    /// in registration order (TorchSharp's state_dict lists every parameter before every buffer). The values are the
    /// module's live tensors: read or save them, do not dispose them.
    /// </summary>
    public static List<KeyValuePair<string, Tensor>> Ordered(TorchSharp.torch.nn.Module module)
    {
        var persistent = module.state_dict();
        var ordered = new List<KeyValuePair<string, Tensor>>(persistent.Count);
        void Visit(TorchSharp.torch.nn.Module m, string prefix)
        {
            foreach (var (name, p) in m.named_parameters(recurse: false)) ordered.Add(new(prefix + name, p));
            foreach (var (name, b) in m.named_buffers(recurse: false))
                if (persistent.ContainsKey(prefix + name)) ordered.Add(new(prefix + name, b));
            foreach (var (name, child) in m.named_children()) Visit(child, prefix + name + ".");
        }
        Visit(module, "");
        return ordered;
    }

    /// <summary>
    /// Copies <paramref name="state"/> into the module's parameters and buffers (converting dtype and device).
    /// Mis-shaped keys are always an error; with <paramref name="strict"/>, so are missing and unexpected keys.
    /// <paramref name="hint"/>, when given, is appended to a shape error (which option fixes it).
    /// </summary>
    public static StateDictLoadResult Load(TorchSharp.torch.nn.Module module, IReadOnlyDictionary<string, Tensor> state, bool strict = true, Func<string, string?>? hint = null)
    {
        var own = module.state_dict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var misShaped = own.Where(kv => state.TryGetValue(kv.Key, out var t) && !t.shape.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key}: checkpoint [{string.Join(", ", state[kv.Key].shape)}], model [{string.Join(", ", kv.Value.shape)}]")
            .ToList();
        var problems = new List<string>();
        if (misShaped.Count > 0)
        {
            var text = "mis-shaped keys: " + string.Join("; ", misShaped);
            var advice = misShaped.Select(m => hint?.Invoke(m.Split(':')[0])).FirstOrDefault(h => h is not null);
            problems.Add(advice is null ? text : $"{text} ({advice})");
        }
        if (strict && missing.Count > 0) problems.Add("missing keys: " + string.Join(", ", missing));
        if (strict && unexpected.Count > 0) problems.Add("unexpected keys: " + string.Join(", ", unexpected));
        if (problems.Count > 0) throw new ArgumentException("state dict does not fit the model: " + string.Join("; ", problems));
        using var _ = no_grad();
        foreach (var (key, target) in own)
            if (state.TryGetValue(key, out var source))
                target.copy_(source.to(target.dtype, target.device));
        return new StateDictLoadResult(missing, unexpected);
    }
}

/// <summary>The keys a non-strict load left alone: the module's keys the state lacked, and the state's keys the module lacks.</summary>
public sealed record StateDictLoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
