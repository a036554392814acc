using System.Text.Json.Nodes;

namespace Ablation.Harness.Worker;

/// <summary>
/// How a worker tells its scheduler what it is doing: lines on stdout starting with <c>@ablate </c> followed by
/// one JSON object (<c>event</c>: start, step, epoch, end). Every other line is log text. Progress only: the
/// store and the run folder, not this stream, are what the outcome is read from.
/// </summary>
public static class WorkerProtocol
{
    public const string Prefix = "@ablate ";

    /// <summary>Off when no scheduler reads our stdout (a Slurm task: its output file is a log for people).</summary>
    public static bool Enabled { get; set; } = true;

    public static void Emit(JsonObject message)
    {
        if (!Enabled) return;
        try
        {
            Console.Out.WriteLine(Prefix + message.ToJsonString());
            Console.Out.Flush();
        }
        catch (IOException) { /* the scheduler is gone; the worker still records its run */ }
    }

    public static JsonObject? Parse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        try { return JsonNode.Parse(line[Prefix.Length..]) as JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
