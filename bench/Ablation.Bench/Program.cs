using Ablation.Bench;

// Benchmarks. Usage:
//   dotnet run -c Release --project bench/Ablation.Bench -- engine [--threads N] [--batch N] [--image N]
//        [--rounds N] [--steps N] [--memory-steps N] [--memory-warmup N] [--no-peer] [--no-memory]
// `engine`: per-op overhead and a small CNN's training step vs PyTorch eager, and memory flatness.
const string usage = "usage: Ablation.Bench engine [--threads N] [--batch N] [--image N] [--rounds N] [--steps N] " +
                     "[--memory-steps N] [--memory-warmup N] [--no-peer] [--no-memory]";
if (args.Length == 0 || args[0] != "engine")
{
    Console.Error.WriteLine(usage);
    return 2;
}
var o = new EngineBench.Options(Threads: Environment.ProcessorCount);
for (int i = 1; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    int Int(string name)
    {
        var v = Next();
        return int.TryParse(v, out var n) && n > 0 ? n : throw new ArgumentException($"{name}: '{v}' is not a positive integer");
    }
    try
    {
        o = args[i] switch
        {
            "--threads" => o with { Threads = Int("--threads") },
            "--batch" => o with { Batch = Int("--batch") },
            "--image" => o with { Image = Int("--image") },
            "--rounds" => o with { Rounds = Int("--rounds") },
            "--steps" => o with { Steps = Int("--steps") },
            "--memory-steps" => o with { MemorySteps = Int("--memory-steps") },
            "--memory-warmup" => o with { MemoryWarmup = Int("--memory-warmup") },
            "--no-peer" => o with { Peer = false },
            "--no-memory" => o with { Memory = false },
            _ => throw new ArgumentException($"unknown option {args[i]}\n{usage}"),
        };
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
}
return new EngineBench(o).Run();
