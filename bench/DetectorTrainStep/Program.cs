using Ablation.TorchSupport;
using System.Diagnostics;
using System.Text.Json;
using Ablation.Experiments.Detectors;
using Ablation.Experiments.Detectors.YoloV5;
using TorchSharp;
using static TorchSharp.torch;

// One YOLOv5 training step as train.py runs it (without EMA, AMP or the data loader): forward to the raw maps,
// ComputeLoss with build_targets on fixed targets, zero_grad, backward, SGD (lr 0.01, Nesterov momentum 0.937,
// weight decay 5e-4), loss.item(). Same batch every step; prints one JSON object.
// usage: dotnet run -c Release --project bench/DetectorTrainStep -- [--model yolov5s] [--img 320] [--batch 8]
//        [--threads 2] [--steps 10] [--warmup 3]
var opts = new Dictionary<string, string> { ["model"] = "yolov5s", ["img"] = "320", ["batch"] = "8", ["threads"] = "2", ["steps"] = "10", ["warmup"] = "3" };
for (int i = 0; i + 1 < args.Length; i += 2) opts[args[i].TrimStart('-')] = args[i + 1];
int img = int.Parse(opts["img"]), batch = int.Parse(opts["batch"]), steps = int.Parse(opts["steps"]), warmup = int.Parse(opts["warmup"]);
torch.set_num_threads(int.Parse(opts["threads"]));
torch.manual_seed(0);
const int nc = 80;
var detector = (YoloV5Model)DetectorRegistry.Create(opts["model"], nc);
var model = (nn.Module<Tensor, Tensor>)detector;
model.train();
var loss = new YoloV5Loss(detector.detect, new YoloV5Hyp().ScaledFor(nc, img));
var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.937, nesterov: true, weight_decay: 5e-4);
var x = MemoryLayout.ChannelsLast(rand(batch, 3, img, img)); // as the detection trainer feeds its model
// 3 objects per image, the same layout as the peer: class i % 80, centres and sizes on a fixed grid.
var rows = new List<float>();
for (int b = 0; b < batch; b++)
    for (int k = 0; k < 3; k++)
        rows.AddRange(new[] { b, (b * 3 + k) % nc, 0.2f + 0.3f * k, 0.3f + 0.05f * (b % 8), 0.1f + 0.1f * k, 0.15f + 0.05f * k });
var targets = tensor(rows.ToArray(), new long[] { batch * 3, 6 });

// Milliseconds per phase, summed over the timed steps (CPU ops are synchronous, so a stopwatch lap is the phase).
var phases = new double[4];
bool timing = false;
var lap = new Stopwatch();
void Lap(int phase)
{
    if (timing) phases[phase] += lap.Elapsed.TotalMilliseconds;
    lap.Restart();
}

double Step()
{
    using var fence = NativeCallFence.Enter(); // as the detection trainer steps
    using var scope = NewDisposeScope();
    lap.Restart();
    var heads = detector.forward_heads(x);
    Lap(0);
    var (l, _) = loss.Compute(heads, targets);
    Lap(1);
    optimizer.zero_grad();
    l.backward();
    Lap(2);
    optimizer.step();
    var value = l.item<float>();
    Lap(3);
    return value;
}

for (int i = 0; i < warmup; i++) Step();
var proc = Process.GetCurrentProcess();
var cpu0 = proc.TotalProcessorTime;
timing = true;
var sw = Stopwatch.StartNew();
double last = 0;
for (int i = 0; i < steps; i++) last = Step();
sw.Stop();
proc.Refresh();
Console.WriteLine(JsonSerializer.Serialize(new
{
    peer = "csharp-torchsharp", model = opts["model"], img, batch, threads = int.Parse(opts["threads"]), steps,
    ms_per_step = sw.Elapsed.TotalMilliseconds / steps, cpu_ms_per_step = (proc.TotalProcessorTime - cpu0).TotalMilliseconds / steps,
    forward_ms = phases[0] / steps, loss_ms = phases[1] / steps, backward_ms = phases[2] / steps, optimizer_ms = phases[3] / steps,
    loss = last, libtorch = "2.10 (TorchSharp 0.107)", omp_wait = OpenMpWaitPolicy.Description, layout = MemoryLayout.Describe(CPU),
}));
