using System.Diagnostics;
using Ablation.Harness.Store;
using Ablation.Reports.Schema;
using Npgsql;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>
/// The PostgreSQL store against a throwaway local server (initdb in a temp folder, listening on 127.0.0.1 only),
/// written by several processes at once. Needs Debian's postgresql package, which `scripts/setup.sh all`
/// (run by ./test.sh) installs; without it the test fails rather than pass untested.
/// </summary>
public sealed class PostgresStoreTests : IDisposable
{
    private readonly TestFiles _files = new();
    private string? _data;

    private static string? Bin() => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
        : null;

    private static int Sh(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }

    /// <summary>Starts a private server; null when PostgreSQL is not installed.</summary>
    private string? StartServer()
    {
        var bin = Bin();
        if (bin is null) return null;
        var dir = Directory.CreateTempSubdirectory("ablate-pg-").FullName;
        Sh("chmod", "777", dir);
        _data = Path.Combine(dir, "data");
        bool root = Environment.UserName == "root";
        string[] As(params string[] a) => root ? ["-u", "postgres", "--", .. a] : a;
        int port = 20000 + Random.Shared.Next(20000);
        Assert.Equal(0, Sh(root ? "runuser" : Path.Combine(bin, "initdb"), root ? As(Path.Combine(bin, "initdb"), "-D", _data, "-A", "trust", "-U", "ablate") : ["-D", _data, "-A", "trust", "-U", "ablate"]));
        var ctl = Path.Combine(bin, "pg_ctl");
        string[] start = [ctl, "-D", _data, "-w", "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1", "-l", Path.Combine(dir, "log"), "start"];
        Assert.Equal(0, root ? Sh("runuser", As(start)) : Sh(start[0], start[1..]));
        using (var c = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=ablate;Database=postgres;Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE DATABASE ablation;";
            cmd.ExecuteNonQuery();
        }
        _stop = () =>
        {
            string[] stop = [ctl, "-D", _data!, "-m", "immediate", "stop"];
            if (root) Sh("runuser", As(stop)); else Sh(stop[0], stop[1..]);
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return $"postgres://ablate@127.0.0.1:{port}/ablation";
    }

    private Action? _stop;

    [Fact]
    public void Several_processes_write_one_postgres_store_without_losing_rows()
    {
        var url = StartServer()
            ?? throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb): run scripts/setup.sh all");
        const int processes = 3, runsEach = 10, epochs = 3;
        for (int p = 0; p < processes; p++)
            for (int i = 0; i < runsEach; i++)
                ResultStoreTests.WriteRunFolder(_files.PathOf($"results{p}"), ResultStoreTests.Spec($"exp{p}", i), epochs, finished: true);
        var children = Enumerable.Range(0, processes)
            .Select(p => Ablate.Start(_files.Root, null, "store", "rebuild", "--results", _files.PathOf($"results{p}"), "--store", url))
            .ToList();
        foreach (var c in children)
        {
            Assert.True(c.WaitForExit(TimeSpan.FromSeconds(90)), "a writer hung");
            Assert.True(c.ExitCode == 0, c.StandardError.ReadToEnd());
        }
        using var store = ResultStores.Open(url);
        var runs = store.Runs();
        Assert.Equal(processes * runsEach, runs.Count);
        Assert.All(runs.Values, r => Assert.Equal(RunStatus.Done, r.Status));
        Assert.All(runs.Keys, id => Assert.Equal(epochs, store.Epochs(id).Count));
        Assert.Equal(5678, runs.Values.First().Macs);
    }

    public void Dispose()
    {
        _stop?.Invoke();
        _files.Dispose();
    }
}
