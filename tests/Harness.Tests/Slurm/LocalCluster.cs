using System.Diagnostics;
using Npgsql;
using Xunit;

namespace Ablation.Harness.Tests.Slurm;

/// <summary>
/// A real single-node Slurm cluster (slurmctld, slurmd, munge) and a real PostgreSQL server, each private to
/// a temp folder, started by scripts/local-slurm.sh and scripts/local-postgres.sh (the same scripts the
/// benchmarks and docs/CLUSTER.md use) and shared by the tests of <see cref="SlurmCollection"/>. MaxArraySize
/// is 5, so a 6-run matrix already needs two arrays. Needs Debian's slurmctld, slurmd, slurm-client, munge
/// and postgresql (scripts/setup.sh all); without them the tests fail, they do not skip.
/// </summary>
public sealed class LocalCluster : IDisposable
{
    public const int MaxArraySize = 5;

    private readonly string _dir = Directory.CreateTempSubdirectory("ablate-cluster-").FullName;
    public string SlurmConf { get; }
    public string PostgresUrl { get; }
    public string PostgresDir => Path.Combine(_dir, "pg");

    public LocalCluster()
    {
        // The PostgreSQL server runs as the postgres user (we are root): it must be able to enter the folder.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                       UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        try
        {
            var slurm = Script("local-slurm.sh", "start", Path.Combine(_dir, "slurm"), MaxArraySize.ToString());
            SlurmConf = slurm.Trim().Split('=', 2)[1];
            PostgresUrl = Script("local-postgres.sh", "start", PostgresDir).Trim();
        }
        catch
        {
            Dispose();   // xunit does not dispose a fixture whose constructor threw: stop what did start
            throw;
        }
    }

    /// <summary>The environment an `ablate` child needs: the cluster, and squeue polled every 2 s instead of 30.</summary>
    public Dictionary<string, string> Env(IDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>
        {
            ["SLURM_CONF"] = SlurmConf, ["ABLATE_SLURM_POLL_SECONDS"] = "2", ["ABLATE_STORE_RETRY_SECONDS"] = "120",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) env[k] = v;
        return env;
    }

    /// <summary>A fresh database on the shared server, so tests never see each other's runs.</summary>
    public string NewStore()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        var builder = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = new Uri(PostgresUrl).Port, Username = "ablate", Database = "postgres", Pooling = false };
        using var c = new NpgsqlConnection(builder.ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"CREATE DATABASE {name};";
        cmd.ExecuteNonQuery();
        return PostgresUrl[..PostgresUrl.LastIndexOf('/')] + "/" + name;
    }

    public void StopPostgres() => Script("local-postgres.sh", "stop", PostgresDir);

    public void StartPostgres() => Script("local-postgres.sh", "start", PostgresDir);

    /// <summary>Runs a Slurm client command against this cluster; returns its stdout.</summary>
    public string Slurm(string command, params string[] args)
    {
        var (code, stdout, stderr) = Sh(command, args, new Dictionary<string, string> { ["SLURM_CONF"] = SlurmConf });
        Assert.True(code == 0, $"{command} {string.Join(" ", args)}: exit {code}: {stderr}");
        return stdout;
    }

    /// <summary>squeue's lines (<c>id|state</c>) for the given jobs; empty once Slurm has forgotten them.</summary>
    public List<string> Queue(params string[] jobIds)
    {
        var (_, stdout, _) = Sh("squeue", ["-h", "-r", "-o", "%i|%T", "-j", string.Join(",", jobIds)], new Dictionary<string, string> { ["SLURM_CONF"] = SlurmConf });
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "scripts", "local-slurm.sh"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("scripts/local-slurm.sh not found above " + AppContext.BaseDirectory);
        }
    }

    private static string Script(string name, params string[] args)
    {
        var (code, stdout, stderr) = Sh(Path.Combine(RepoRoot, "scripts", name), args, null);
        if (code != 0) throw new InvalidOperationException($"{name} {string.Join(" ", args)}: exit {code}: {stderr}{stdout}");
        return stdout;
    }

    private static (int, string, string) Sh(string file, IEnumerable<string> args, IDictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    public void Dispose()
    {
        try { Script("local-slurm.sh", "stop", Path.Combine(_dir, "slurm")); } catch (InvalidOperationException) { }
        try { StopPostgres(); } catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The Slurm tests share one cluster and run one after another (2 CPUs: one sweep at a time).</summary>
[CollectionDefinition(Name)]
public sealed class SlurmCollection : ICollectionFixture<LocalCluster>
{
    public const string Name = "slurm";
}
