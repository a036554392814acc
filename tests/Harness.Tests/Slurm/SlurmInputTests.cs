using Xunit;

namespace Ablation.Harness.Tests.Slurm;

/// <summary>Bad input to the Slurm executor: exit 2, one line naming the option or file:line, nothing submitted.</summary>
public sealed class SlurmInputTests
{
    [Fact]
    public void A_sqlite_store_is_refused_with_exit_2_and_the_reason()
    {
        using var files = new TestFiles();
        var matrix = files.Write("m.yaml", """
            name: refused
            dataset: { name: synthetic, train: 32, test: 16, image: 8, classes: 4 }
            recipe: { preset: smoke, epochs: 1, batch: 16 }
            axes: { backbone: [resnet20], attention: [none] }
            """);
        var results = files.PathOf("results");
        var r = Ablate.Run(files.Root, null, TimeSpan.FromSeconds(60), "run", matrix, "--results", results, "--executor", "slurm");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("SQLite", r.Stderr);
        Assert.Contains("network file systems", r.Stderr);
        Assert.Contains("postgres://", r.Stderr);
        Assert.False(Directory.Exists(results), "nothing may be written");
    }

    [Fact]
    public void Executor_section_errors_name_file_line_and_field()
    {
        using var files = new TestFiles();
        var matrix = files.Write("m.yaml", """
            name: badexec
            dataset: { name: synthetic, train: 32, test: 16, image: 8, classes: 4 }
            recipe: { preset: smoke, epochs: 1, batch: 16 }
            axes: { backbone: [resnet20], attention: [none] }
            executor:
              type: slurm
              gpus_per_run: two
              mem_per_run: 16 gigabytes
              time: "soon"
              walltime: 3
              sbatch_args: [--array=0-3]
            """);
        var r = Ablate.Run(files.Root, null, TimeSpan.FromSeconds(60), "plan", matrix);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("m.yaml:7:17: executor.gpus_per_run: 'two' is not allowed; allowed: an integer from 0 up", r.Stderr);
        Assert.Contains("m.yaml:8:16: executor.mem_per_run: '16 gigabytes' is not a memory size", r.Stderr);
        Assert.Contains("m.yaml:9:9: executor.time: 'soon' is not a time limit", r.Stderr);
        Assert.Contains("m.yaml:10:13: executor: 'walltime' is not an executor field; allowed: type, partition,", r.Stderr);
        Assert.Contains("m.yaml:11:16: executor.sbatch_args: '--array=0-3' is set by the executor", r.Stderr);
    }

    [Fact]
    public void Slurm_options_without_the_slurm_executor_are_bad_input()
    {
        using var files = new TestFiles();
        var matrix = files.Write("m.yaml", """
            name: localonly
            dataset: { name: synthetic, train: 32, test: 16, image: 8, classes: 4 }
            recipe: { preset: smoke, epochs: 1, batch: 16 }
            axes: { backbone: [resnet20], attention: [none] }
            """);
        var r = Ablate.Run(files.Root, null, TimeSpan.FromSeconds(60), "run", matrix, "--results", files.PathOf("results"), "--partition", "gpu");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--partition: applies to the Slurm executor only", r.Stderr);
        var bad = Ablate.Run(files.Root, null, TimeSpan.FromSeconds(60), "run", matrix, "--executor", "pbs");
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("--executor: 'pbs' is not an executor; allowed: local, slurm", bad.Stderr);
    }
}
