using System.CommandLine;
using System.CommandLine.Invocation;

namespace Ablation.Harness.Cli;

/// <summary>
/// The `ablate` command line. Each command lives in its own file (XxxCommand.cs) and is added here.
/// Exit codes (DESIGN.md section 5): 0 ok, 1 failed or regressed, 2 bad input.
/// </summary>
public static class AblateCli
{
    public const int Ok = 0, Failed = 1, BadInput = 2;

    public static int Run(string[] args)
    {
        if (args is ["--version"])
        {
            Console.WriteLine(VersionInfo.Describe());
            return Ok;
        }
        var root = new RootCommand("Ablation: ablation studies of attention modules in CNNs, on libtorch.");
        foreach (var command in Commands()) root.Subcommands.Add(command);
        var parsed = root.Parse(args);
        // A parse error (unknown option, missing or mistyped value) is bad input: System.CommandLine prints
        // the error and the command's help, and its exit code 1 becomes 2.
        if (parsed.Action is ParseErrorAction)
        {
            parsed.Invoke();
            return BadInput;
        }
        // Signals stay with the commands (train, run and worker stop after a checkpoint on the first SIGINT or
        // SIGTERM, at once on the second): System.CommandLine's own termination handler is off.
        return parsed.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static IEnumerable<Command> Commands()
    {
        yield return PlanCommand.Create();
        yield return RunCommand.Create();
        yield return StatusCommand.Create();
        yield return StoreCommand.Create();
        yield return WorkerCommand.Create();
        yield return ReportCommand.Create();
        yield return CompareCommand.Create();
        yield return ProfileCommand.Create();
        yield return ListCommand.Create();
        yield return InferCommand.Create();
        yield return TrainCommand.Create();
        yield return BenchCommand.Create();
    }
}
