using System.Text.Json.Nodes;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>`ablate plan` as a user runs it: the runs with params, MACs and state; bad input as one line per error, exit 2.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private readonly TestFiles _files = new();

    [Fact]
    public void Plan_json_lists_each_run_with_its_cost_and_state_and_totals()
    {
        var matrix = _files.Write("m.yaml", """
            name: planned
            dataset: { name: synthetic, train: 64, test: 32, image: 16 }
            recipe: { preset: smoke }
            axes: { backbone: [resnet20], attention: [none, se, eca], placement: [block, post], seed: [0, 1] }
            """);
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(60), "plan", matrix, "--json", "--results", _files.PathOf("results"));
        Assert.True(r.ExitCode == 0, r.ToString());
        var o = JsonNode.Parse(r.Stdout)!.AsObject();
        var runs = o["runs"]!.AsArray();
        Assert.Equal(2 + 2 * 2 * 2, runs.Count);   // none: one per seed; se, eca: 2 placements x 2 seeds
        Assert.All(runs, run =>
        {
            Assert.Matches("^[0-9a-f]{8}$", (string)run!["short_id"]!);
            Assert.True((long)run["params"]! > 0);
            Assert.True((long)run["macs"]! > 0);
            Assert.Equal("new", (string)run["state"]!);
        });
        // Params come from the model: SE adds parameters to the baseline, ECA only a few.
        long P(string attention) => runs.Where(x => (string)x!["attention"]! == attention).Select(x => (long)x!["params"]!).First();
        Assert.True(P("se") > P("eca") && P("eca") > P("none"));
        Assert.Equal(10, (int)o["totals"]!["runs"]!);
        Assert.Equal(10, (int)o["totals"]!["new"]!);
    }

    [Fact]
    public void Plan_takes_threads_like_every_command_that_builds_models()
    {
        var matrix = _files.Write("t.yaml", """
            name: threaded
            dataset: { name: synthetic, train: 64, test: 32, image: 16 }
            recipe: { preset: smoke }
            axes: { backbone: [resnet20], attention: [none, se] }
            """);
        var ok = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(60), "plan", matrix, "--threads", "1", "--json", "--results", _files.PathOf("results"));
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal(2, JsonNode.Parse(ok.Stdout)!["runs"]!.AsArray().Count);
        var bad = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(60), "plan", matrix, "--threads", "0");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("--threads: must be at least 1 (got 0)", bad.Stderr.Trim());
        Assert.Equal("", bad.Stdout.Trim());
    }

    [Fact]
    public void Version_prints_the_threads_commands_use()
    {
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(60), "--version");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"({Environment.ProcessorCount} CPU cores; commands use {Environment.ProcessorCount} threads unless --threads says otherwise)", r.Stdout);
    }

    [Fact]
    public void Version_says_how_openmp_threads_wait_and_a_users_setting_wins()
    {
        var chosen = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(60), "--version");
        Assert.Matches(@"\nOpenMP wait: (spin 10000 \(0|passive \(\d+) other runnable, \d+ CPUs\)", chosen.Stdout);
        var user = Ablate.Run(_files.Root, new Dictionary<string, string> { ["GOMP_SPINCOUNT"] = "777" }, TimeSpan.FromSeconds(60), "--version");
        Assert.Contains("\nOpenMP wait: user: GOMP_SPINCOUNT=777", user.Stdout);
    }

    [Fact]
    public void Bad_matrices_print_every_error_on_its_own_line_and_exit_2()
    {
        var matrix = _files.Write("bad.yaml", """
            dataset: { name: synthetic, train: 64, test: 32, image: 16 }
            axes: { backbone: [resnet99], attention: [se, sse], seed: [x] }
            """);
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(60), "plan", matrix);
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.EndsWith("bad.yaml:2:20: backbone: 'resnet99' is not a backbone; allowed: " + l.Split("allowed: ")[1]));
        Assert.Contains(lines, l => l.Contains("bad.yaml:2:47: attention: 'sse' is not an attention module"));
        Assert.Contains(lines, l => l.Contains("bad.yaml:2:60: seed: 'x' is not allowed; allowed: an integer >= 0"));
        Assert.Contains("3 error(s); nothing was run", r.Stderr);
        Assert.Equal("", r.Stdout.Trim());
        Assert.False(Directory.Exists(_files.PathOf("results")));
    }

    public void Dispose() => _files.Dispose();
}
