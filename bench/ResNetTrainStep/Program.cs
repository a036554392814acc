using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ablation.Bench.ResNetTrainStep;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;

// A full SGD training step (forward, cross entropy, backward, SGD with Nesterov momentum and weight decay,
// loss.item()) of a CIFAR ResNet-18, batch 32 of 32x32x3, 10 classes, in C# and in PyTorch eager
// (bench/peers/resnet18_train_step_torch.py, Debian's python3-torch, PyTorch 1.13; ours is TorchSharp on libtorch 2.10), with the same
// thread count, in one run. Both warm up, then rounds alternate C#, PyTorch, C#, ... (the peer process stays
// alive between rounds) so machine load hits both alike; the figure is the median over rounds of each
// round's mean step time.
//   dotnet run -c Release --project bench/ResNetTrainStep -- [--threads 2] [--rounds 5] [--steps 10] [--warmup 5] [--batch 32]
var options = new Dictionary<string, int> { ["threads"] = Environment.ProcessorCount, ["rounds"] = 5, ["steps"] = 10, ["warmup"] = 5, ["batch"] = 32 };
for (int i = 0; i < args.Length; i++)
{
    var key = args[i].TrimStart('-');
    if (!options.ContainsKey(key) || i + 1 >= args.Length || !int.TryParse(args[i + 1], out var value) || value <= 0)
    {
        Console.Error.WriteLine($"resnet-train-step: bad argument '{args[i]}': allowed are --threads N, --rounds N, --steps N, --warmup N, --batch N (positive integers)");
        return 2;
    }
    options[key] = value;
    i++;
}
int threads = options["threads"], rounds = options["rounds"], steps = options["steps"], warmup = options["warmup"], batch = options["batch"];

TorchRuntime.ConfigureThreads(threads);
torch.manual_seed(0);
using var model = new CifarResNet18();
model.train();
using var opt = torch.optim.SGD(model.parameters(), 0.1, momentum: 0.9, nesterov: true, weight_decay: 5e-4);
var x = torch.randn(batch, 3, 32, 32);
var y = torch.randint(0, 10, new long[] { batch });

void Step()
{
    using var scope = torch.NewDisposeScope();
    var loss = nn.functional.cross_entropy(model.call(x), y);
    opt.zero_grad();
    loss.backward();
    opt.step();
    loss.item<float>();
}

// Wall time and CPU time of the process (all threads) per step: on a loaded machine the CPU time is the
// fairer measure of the work each side does.
(double Wall, double Cpu) CSharpRound()
{
    using var self = Process.GetCurrentProcess();
    var cpu0 = self.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < steps; i++) Step();
    var wall = sw.Elapsed.TotalMilliseconds / steps;
    self.Refresh();
    return (wall, (self.TotalProcessorTime - cpu0).TotalMilliseconds / steps);
}

// The peer stays alive and warm: one line on its stdin times one round there.
string peer = Path.Combine(FindRepo(), "bench", "peers", "resnet18_train_step_torch.py");
var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false };
foreach (var a in new[] { peer, "--threads", $"{threads}", "--steps", $"{steps}", "--warmup", $"{warmup}", "--batch", $"{batch}", "--serve" })
    psi.ArgumentList.Add(a);
using var python = Process.Start(psi)!;
string ReadPeer() => python.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"{peer} exited early (code {(python.WaitForExit(1000) ? python.ExitCode : -1)})");
ReadPeer(); // ready: warmed up
(double Wall, double Cpu) PythonRound()
{
    python.StandardInput.WriteLine("round");
    python.StandardInput.Flush();
    using var doc = JsonDocument.Parse(ReadPeer());
    return (doc.RootElement.GetProperty("train_ms_per_step").GetDouble(), doc.RootElement.GetProperty("train_cpu_ms_per_step").GetDouble());
}
for (int i = 0; i < warmup; i++) Step();

var csharp = new List<(double Wall, double Cpu)>();
var pytorch = new List<(double Wall, double Cpu)>();
for (int r = 0; r < rounds; r++)
{
    csharp.Add(CSharpRound());
    pytorch.Add(PythonRound());
    Console.Error.WriteLine($"round {r + 1}/{rounds}: C# {csharp[^1].Wall:F1} ms/step ({csharp[^1].Cpu:F1} ms CPU), " +
        $"PyTorch {pytorch[^1].Wall:F1} ms/step ({pytorch[^1].Cpu:F1} ms CPU)");
}
python.StandardInput.Close();
python.WaitForExit();
double Median(IEnumerable<double> v) { var s = v.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2; }
double cs = Median(csharp.Select(c => c.Wall)), py = Median(pytorch.Select(c => c.Wall));
double csCpu = Median(csharp.Select(c => c.Cpu)), pyCpu = Median(pytorch.Select(c => c.Cpu));
var mem = MemoryMeter.Peak();
Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["benchmark"] = "cifar-resnet18-sgd-train-step",
    ["batch"] = batch, ["input"] = 32, ["classes"] = 10, ["threads"] = threads, ["rounds"] = rounds, ["steps"] = steps, ["warmup"] = warmup,
    ["libtorch"] = TorchRuntime.LibTorchVersion, ["torchsharp"] = TorchRuntime.TorchSharpVersion,
    ["csharp_ms_per_step"] = Math.Round(cs, 2), ["pytorch_ms_per_step"] = Math.Round(py, 2),
    ["ratio_csharp_over_pytorch"] = Math.Round(cs / py, 3),
    ["csharp_cpu_ms_per_step"] = Math.Round(csCpu, 2), ["pytorch_cpu_ms_per_step"] = Math.Round(pyCpu, 2),
    ["cpu_ratio_csharp_over_pytorch"] = Math.Round(csCpu / pyCpu, 3),
    ["csharp_rounds_ms"] = csharp.Select(v => Math.Round(v.Wall, 2)).ToArray(), ["pytorch_rounds_ms"] = pytorch.Select(v => Math.Round(v.Wall, 2)).ToArray(),
    ["csharp_peak_mem_bytes"] = mem.Bytes, ["csharp_peak_mem_source"] = mem.Source,
}, new JsonSerializerOptions { WriteIndented = true }));
return 0;

static string FindRepo()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "bench", "peers", "resnet18_train_step_torch.py"))) return d.FullName;
    throw new DirectoryNotFoundException("bench/peers/resnet18_train_step_torch.py not found above " + AppContext.BaseDirectory);
}
