using System.CommandLine;
using System.Globalization;
using Ablation.Harness.Spec;
using Ablation.Harness.Store;

namespace Ablation.Harness.Cli;

/// <summary>Options the harness commands share (DESIGN.md section 5), and how their errors become exit codes.</summary>
internal static class HarnessOptions
{
    public static Option<string> Results() => new("--results") { Description = "results folder: the store is DIR/ablation.db, run files DIR/<experiment>/<run-id>/", DefaultValueFactory = _ => "results" };

    public static Option<string?> Store() => new("--store") { Description = "the results store: a SQLite file or postgres://user:password@host:port/db (default: DIR/ablation.db)" };

    public static Option<bool> Json() => new("--json") { Description = "print one JSON object on stdout and nothing else" };

    public static Argument<string> Matrix() => new("matrix") { Description = "the experiment matrix (YAML)" };

    /// <summary>Runs a command body, turning bad input into one line per problem and exit code 2.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (SpecException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine(error);
            Console.Error.WriteLine($"{e.Errors.Count} error(s); nothing was run");
            return AblateCli.BadInput;
        }
        catch (StoreVersionException e)
        {
            Console.Error.WriteLine(e.Message);
            return AblateCli.BadInput;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return AblateCli.BadInput;
        }
    }

    /// <summary>A duration: <c>90s</c>, <c>30m</c>, <c>2h</c>, a number of seconds, or hh:mm:ss.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        text = text.Trim();
        double Number(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v : throw new ArgumentException($"--timeout: '{text}' is not a duration; allowed: 90s, 30m, 2h, seconds, or hh:mm:ss");
        if (text.EndsWith('s')) return TimeSpan.FromSeconds(Number(text[..^1]));
        if (text.EndsWith('m')) return TimeSpan.FromMinutes(Number(text[..^1]));
        if (text.EndsWith('h')) return TimeSpan.FromHours(Number(text[..^1]));
        if (text.Contains(':') && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero) return span;
        return TimeSpan.FromSeconds(Number(text));
    }
}
