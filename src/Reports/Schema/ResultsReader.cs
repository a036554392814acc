using Microsoft.Data.Sqlite;

namespace Ablation.Reports.Schema;

/// <summary>
/// Opens a SQLite results store read-only and loads its runs and epochs, optionally for one experiment.
/// A store written by a newer schema version is refused with a clear message rather than misread.
/// </summary>
public sealed class ResultsReader : IDisposable
{
    private readonly SqliteConnection _connection;

    public string Path { get; }
    public int SchemaVersion { get; }

    private ResultsReader(string path, SqliteConnection connection, int version)
    {
        Path = path;
        _connection = connection;
        SchemaVersion = version;
    }

    /// <summary>Opens <paramref name="path"/> read-only. Throws <see cref="FileNotFoundException"/> or
    /// <see cref="InvalidDataException"/> (not a results store, or a newer schema) with a one-line message.</summary>
    public static ResultsReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no results store (SQLite file) here", path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('runs', 'epochs', 'schema_version');";
            if (Convert.ToInt64(cmd.ExecuteScalar()) != 3)
                throw new InvalidDataException($"{path}: not an Ablation results store (tables runs, epochs, schema_version missing)");
            cmd.CommandText = ResultsSchema.SelectVersionSql;
            int version = Convert.ToInt32(cmd.ExecuteScalar());
            if (version > ResultsSchema.CurrentVersion)
                throw new InvalidDataException(
                    $"{path}: results schema version {version} is newer than this ablate reads ({ResultsSchema.CurrentVersion}); update ablate");
            return new ResultsReader(path, connection, version);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new InvalidDataException($"{path}: cannot read as a results store: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>All runs (of <paramref name="experiment"/> when given), ordered by experiment, axes and seed.</summary>
    public IReadOnlyList<RunRecord> LoadRuns(string? experiment = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT * FROM runs" + (experiment is null ? "" : " WHERE experiment = @experiment") +
                          " ORDER BY experiment, backbone, dataset, attention, attention_options, placement, seed, run_id;";
        if (experiment is not null) cmd.Parameters.AddWithValue("@experiment", experiment);
        using var reader = cmd.ExecuteReader();
        var runs = new List<RunRecord>();
        while (reader.Read()) runs.Add(RecordSql.ReadRun(reader));
        return runs;
    }

    /// <summary>All epochs of the runs of <paramref name="experiment"/> (or of every run), ordered by run and epoch.</summary>
    public IReadOnlyList<EpochRecord> LoadEpochs(string? experiment = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = experiment is null
            ? "SELECT * FROM epochs ORDER BY run_id, epoch;"
            : "SELECT e.* FROM epochs e JOIN runs r ON r.run_id = e.run_id WHERE r.experiment = @experiment ORDER BY e.run_id, e.epoch;";
        if (experiment is not null) cmd.Parameters.AddWithValue("@experiment", experiment);
        using var reader = cmd.ExecuteReader();
        var epochs = new List<EpochRecord>();
        while (reader.Read()) epochs.Add(RecordSql.ReadEpoch(reader));
        return epochs;
    }

    /// <summary>The experiments the store holds.</summary>
    public IReadOnlyList<string> Experiments()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT experiment FROM runs ORDER BY experiment;";
        using var reader = cmd.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    public void Dispose() => _connection.Dispose();
}
