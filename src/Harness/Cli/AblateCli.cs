using System.CommandLine;
using System.CommandLine.Builder;
using System.CommandLine.Parsing;

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
        foreach (var command in Commands()) root.AddCommand(command);
        var parser = new CommandLineBuilder(root)
            .UseHelp()
            .UseParseErrorReporting(BadInput)
            .CancelOnProcessTermination()
            .Build();
        return parser.Invoke(args);
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
        yield return EvaluateCommand.Create();
    }
}
