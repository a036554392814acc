using Ablation.Harness.Slurm;
using Ablation.Harness.Store;
using Xunit;

namespace Ablation.Harness.Tests.Slurm;

/// <summary>The executor's pieces that need no cluster: squeue lines, the sbatch options and script, lost-connection errors.</summary>
public sealed class SlurmPartsTests
{
    [Theory]
    [InlineData("4711_3|RUNNING|gpu-node-03|None", "4711_3", "RUNNING", "gpu-node-03", true)]
    [InlineData("4711_4|PENDING||JobArrayTaskLimit", "4711_4", "PENDING", null, true)]
    [InlineData("4711_5|COMPLETING|n1|None", "4711_5", "COMPLETING", "n1", true)]
    [InlineData("4711_6|CANCELLED|n1|None", "4711_6", "CANCELLED", "n1", false)]
    [InlineData("4711_7|NODE_FAIL|n2|None", "4711_7", "NODE_FAIL", "n2", false)]
    public void Squeue_lines_parse_and_only_unfinished_states_are_live(string line, string id, string state, string? node, bool live)
    {
        var task = SlurmTaskState.Parse(line)!;
        Assert.Equal((id, state, node, live), (task.JobId, task.State, task.Node, task.IsLive));
    }

    [Fact]
    public void The_array_asks_for_the_resources_the_usr2_signal_and_requeue()
    {
        var r = new SlurmResources { Partition = "gpu", GpusPerRun = 2, CpusPerRun = 8, MemPerRun = "32G", Time = "1-00:00:00", ArrayParallelism = 4,
            SbatchArgs = ["--qos=high"], SignalSeconds = 300 };
        var args = SlurmJobScript.Arguments("exp", 10, "/shared/r/exp/.slurm", r);
        Assert.Contains("--array=0-9%4", args);
        Assert.Contains("--signal=B:USR2@300", args);
        Assert.Contains("--requeue", args);
        Assert.Contains("--gres=gpu:2", args);
        Assert.Contains("--cpus-per-task=8", args);
        Assert.Contains("--mem=32G", args);
        Assert.Contains("--time=1-00:00:00", args);
        Assert.Contains("--partition=gpu", args);
        Assert.Equal("--qos=high", args[^1]);
        var script = SlurmJobScript.Script("exp", "/shared/r/exp/.slurm/a.runs", r);
        Assert.StartsWith("#!/bin/bash", script);
        Assert.Contains("exec ", script);
        Assert.Contains("'worker' '--manifest' '/shared/r/exp/.slurm/a.runs' '--device' 'cuda:0'", script);
        Assert.Contains("'--device' 'cpu'", SlurmJobScript.Script("exp", "m", r with { GpusPerRun = 0 }));
    }

    [Theory]
    [InlineData("--mem-per-run", "16 GB")]
    [InlineData("--time", "tomorrow")]
    [InlineData("--partition", "gpu queue")]
    [InlineData("--sbatch-arg", "--array=1-3")]
    public void Bad_resource_options_name_the_option(string option, string value)
    {
        var r = option switch
        {
            "--mem-per-run" => new SlurmResources { MemPerRun = value },
            "--time" => new SlurmResources { Time = value },
            "--partition" => new SlurmResources { Partition = value },
            _ => new SlurmResources { SbatchArgs = [value] },
        };
        var e = Assert.Throws<ArgumentException>(() => r.Validated());
        Assert.StartsWith($"{option}: '{value}'", e.Message);
    }

    [Fact]
    public void Lost_connections_are_retried_and_statement_errors_are_not()
    {
        Assert.True(PostgresResultStore.IsConnectionLoss(new Npgsql.PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        Assert.True(PostgresResultStore.IsConnectionLoss(new Npgsql.NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
        Assert.False(PostgresResultStore.IsConnectionLoss(new Npgsql.PostgresException("syntax error", "ERROR", "ERROR", "42601")));
        Assert.False(PostgresResultStore.IsConnectionLoss(new InvalidDataException("bad row")));
    }
}
