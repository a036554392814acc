using System.CommandLine;
using Ablation.Reports.Compare;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate compare &lt;current&gt; --baseline &lt;baseline&gt; [--tolerance name=value ...]`: the nightly regression gate
/// (docs/NIGHTLY.md). Each side is a results directory, an ablation.db or a summary.csv. Prints the
/// regressions and improvements; exit 1 on a regression, 0 otherwise, 2 on bad input.
/// </summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var current = new Argument<string>("current") { Description = "current results: a results directory, an ablation.db or a summary.csv", DefaultValueFactory = _ => "results" };
        var baseline = new Option<string>("--baseline") { Description = "baseline results: a results directory, an ablation.db or a summary.csv", Required = true };
        var tolerance = new Option<string[]>("--tolerance")
        {
            Description = "name=value, repeatable or comma separated: accuracy=1.0 (pp), spread=2 (standard errors of the seeds), params=0, macs=0, throughput=10%, memory=10%",
            AllowMultipleArgumentsPerToken = true,
        };
        var experiment = new Option<string?>("--experiment") { Description = "compare only this experiment" };
        var command = new Command("compare", "Nightly regression gate: current results against a baseline, configuration by configuration")
            { current, baseline, tolerance, experiment };
        command.SetAction(p =>
        {
            return Run(p.GetValue(current), p.GetValue(baseline)!, p.GetValue(tolerance) ?? [],
                p.GetValue(experiment), Console.Out, Console.Error);
        });
        return command;
    }

    public static int Run(string current, string baseline, string[] tolerance, string? experiment, TextWriter stdout, TextWriter stderr)
    {
        CompareTolerance tol;
        IReadOnlyList<ConfigurationMeasures> cur, bas;
        try
        {
            tol = CompareTolerance.Default.With(tolerance);
            var defaults = ReportCommand.RegistryDefaults();
            cur = MeasuresSource.Load(current, experiment, defaults);
            bas = MeasuresSource.Load(baseline, experiment, defaults);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine(e.Message);
            return AblateCli.BadInput;
        }
        if (bas.Count == 0)
        {
            stderr.WriteLine($"{baseline}: no configurations to compare against" + (experiment is null ? "" : $" (experiment {experiment})"));
            return AblateCli.BadInput;
        }
        var result = RegressionCheck.Compare(cur, bas, tol);
        stdout.WriteLine(result.ToText());
        return result.HasRegression ? AblateCli.Failed : AblateCli.Ok;
    }
}
