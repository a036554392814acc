using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>Ctrl+C asks workers to checkpoint and stop (runs interrupted); a second Ctrl+C stops at once; both resume.</summary>
public sealed class SweepInterruptTests
{
    private const int SigInt = 2;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Ctrl_c_interrupts_the_sweep_and_the_next_run_resumes(int presses)
    {
        const int epochs = 20;   // long enough that the Ctrl+C lands while both runs train
        using var s = new Sweeps(epochs: epochs);
        var metrics0 = Path.Combine(s.RunDir(0), "metrics.jsonl");
        using var sweep = Ablate.Start(s.Files.Root, null, "run", s.Matrix, "--results", s.Results, "--plain", "--jobs", "2", "--threads", "2");
        Sweeps.WaitFor(() => File.Exists(metrics0) || sweep.HasExited, TimeSpan.FromSeconds(120), "the first epoch");
        for (int i = 0; i < presses; i++)
        {
            Sweeps.Signal(sweep.Id, SigInt);
            Thread.Sleep(150);
        }
        Assert.True(sweep.WaitForExit(TimeSpan.FromSeconds(60)), "the sweep did not stop");
        var output = sweep.StandardOutput.ReadToEnd();
        Assert.True(sweep.ExitCode == 130, $"exit {sweep.ExitCode}\n{output}\n{sweep.StandardError.ReadToEnd()}");
        Assert.Contains("stopping", output);
        Sweeps.WaitFor(() => s.LiveWorkers().Count == 0, TimeSpan.FromSeconds(10), "workers to stop");
        var store = s.Store();
        Assert.DoesNotContain(store.Values, r => r.Status is "running" or "failed");
        Assert.Contains(store.Values, r => r.Status == "interrupted");
        Assert.Contains(store.Values, r => r.EpochsDone is > 0 and < epochs);   // stopped part-way, resumed below

        var r = s.Run(TimeSpan.FromSeconds(180), null, "--jobs", "2");
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var (_, row) in s.Store())
        {
            Assert.Equal("done", row.Status);
            Assert.Equal(Enumerable.Range(1, epochs).Select(e => (long)e), row.Epochs);
        }
    }
}
