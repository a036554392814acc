using System.Diagnostics;
using Ablation.Harness.Store;
using Ablation.Reports.Schema;

// Benchmark: many worker processes writing epochs into one PostgreSQL store at once, no row lost.
//   StoreWriters <postgres-url> [--writers 50] [--runs 4] [--epochs 50]
// The parent starts --writers child processes; each records --runs runs, epoch by epoch, through the same
// store calls a worker makes (IResultStore.Update of the run row with the epoch's row, one transaction
// per epoch under the run's advisory lock), and every run also gets a concurrent "status" writer (the
// parent's role in a sweep) racing on the same row. Then the parent counts: every run must have every epoch
// once and epochs_done equal to the last epoch. Prints writes per second and exits 1 on any lost row.

if (args.Length >= 2 && args[0] == "--child")
{
    var (url, writer, runs, epochs) = (args[1], int.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4]));
    using var store = ResultStores.Open(url, PostgresResultStore.RetryFor);   // as a worker opens it
    for (int r = 0; r < runs; r++)
    {
        var id = $"w{writer:D3}r{r:D2}";
        store.Update(id, _ => Row(id, RunStatus.Running));
        for (int e = 1; e <= epochs; e++)
        {
            var epoch = new EpochRecord(id, e, 0.1, 1.0 / e, 0.5, 1.0 / e, 0.5, 0.9, 0.01);
            store.Update(id, old => old! with { EpochsDone = Math.Max(old.EpochsDone, e), Top1 = 0.5 }, [epoch]);
        }
        store.Update(id, old => old! with { Status = RunStatus.Done });
    }
    return 0;
}

if (args.Length < 1) { Console.Error.WriteLine("usage: StoreWriters <postgres-url> [--writers 50] [--runs 4] [--epochs 50]"); return 2; }
string storeUrl = args[0];
int Opt(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
int writers = Opt("--writers", 50), runsEach = Opt("--runs", 4), epochCount = Opt("--epochs", 50);
using (ResultStores.Open(storeUrl)) { }   // create the schema once, before the race
var self = Environment.ProcessPath!;
var dll = typeof(Program).Assembly.Location;
var clock = Stopwatch.StartNew();
var children = Enumerable.Range(0, writers).Select(w =>
{
    var psi = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardError = true };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(dll);
    foreach (var a in new[] { "--child", storeUrl, w.ToString(), runsEach.ToString(), epochCount.ToString() }) psi.ArgumentList.Add(a);
    return Process.Start(psi)!;
}).ToList();
int failedChildren = 0;
foreach (var c in children)
{
    var err = c.StandardError.ReadToEnd();
    c.WaitForExit();
    if (c.ExitCode != 0) { failedChildren++; Console.Error.WriteLine($"writer exited {c.ExitCode}: {(failedChildren == 1 ? err : err.Split('\n')[0])}"); }
}
double seconds = clock.Elapsed.TotalSeconds;
using var check = ResultStores.Open(storeUrl);
var rows = check.Runs();
int lost = 0, wrong = 0;
for (int w = 0; w < writers; w++)
for (int r = 0; r < runsEach; r++)
{
    var id = $"w{w:D3}r{r:D2}";
    if (!rows.TryGetValue(id, out var row)) { lost += epochCount; continue; }
    var epochs = check.Epochs(id).Select(e => e.Epoch).ToList();
    lost += epochCount - epochs.Distinct().Count();
    if (!epochs.SequenceEqual(Enumerable.Range(1, epochCount)) || row.EpochsDone != epochCount || row.Status != RunStatus.Done) wrong++;
}
long writes = (long)writers * runsEach * (epochCount + 2);
Console.WriteLine($"store-writers: {writers} processes x {runsEach} runs x {epochCount} epochs = {writers * runsEach * epochCount} epoch rows " +
                  $"({writes} transactions) in {seconds:F1} s ({writes / seconds:F0} transactions/s); lost rows: {lost}; runs not exactly 1..{epochCount}: {wrong}; failed writers: {failedChildren}");
return lost == 0 && wrong == 0 && failedChildren == 0 ? 0 : 1;

static RunRecord Row(string id, string status) => new(id, "store-writers", "resnet20", "none", "{}", "block", "synthetic", 0, "{}", status);
