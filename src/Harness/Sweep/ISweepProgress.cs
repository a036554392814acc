using System.Text.Json.Nodes;

namespace Ablation.Harness.Sweep;

/// <summary>What a sweep shows while it runs: a live Spectre.Console view on a terminal, plain lines otherwise.</summary>
public interface ISweepProgress
{
    void Started(int toRun, int alreadyDone, int total);
    void RunStarted(PlannedWork work, string device, int attempt);
    void RunEvent(PlannedWork work, JsonObject message);
    void RunFinished(PlannedWork work, string status, string? reason, bool willRetry);
    void Message(string text);
}
