namespace Ablation.Reports.Schema;

/// <summary>
/// The results store's tables (DESIGN.md section 6), defined once. The harness creates its store with
/// <see cref="Ddl"/> and writes rows with <see cref="RecordSql"/>; reports read them with
/// <see cref="ResultsReader"/>. Column names are the design's names, one to one.
/// </summary>
/// <remarks>
/// Units: accuracies (top1, top5, best_top1, train_top1, test_top1, test_top5) are fractions in [0, 1];
/// params is the parameter count; macs is multiply-accumulates for one image at the input size
/// (DESIGN.md section 7); peak_mem_bytes in bytes; train_img_s / infer_img_s in images per second;
/// wall_s and seconds in seconds; map, map50 and map75 (runs and, from version 4, epochs) are fractions; started_at / finished_at are ISO 8601 UTC text;
/// attention_options and recipe are JSON objects as text.
/// Throughput (version 2): <c>throughput_method</c> says how train_img_s / infer_img_s were measured
/// (<see cref="ThroughputMethods"/>: <c>bench</c>, a short warm fixed-batch benchmark at the end of the run,
/// median of the timed steps; <c>wall</c>, training images over training wall time; null in rows written
/// before version 2, which are <c>wall</c>); <c>load_avg</c> is the 1-minute load average of the machine
/// (/proc/loadavg) when it was measured, so a reader can see a busy machine; <c>bench_batch</c>,
/// <c>bench_steps</c> and <c>bench_threads</c> are the benchmark's fixed batch size, its timed steps and
/// the CPU threads libtorch used (null for <c>wall</c>).
/// </remarks>
public static class ResultsSchema
{
    /// <summary>The schema version this code reads and writes. Bump it (and add a migration) on any change.</summary>
    public const int CurrentVersion = 4;

    /// <summary>
    /// The DDL of the current version. Idempotent (IF NOT EXISTS); it does not insert the version row:
    /// <see cref="InitializeSql"/> does both.
    /// </summary>
    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS runs (
            run_id            TEXT PRIMARY KEY,
            experiment        TEXT NOT NULL,
            backbone          TEXT NOT NULL,
            attention         TEXT NOT NULL,
            attention_options TEXT NOT NULL DEFAULT '{}',
            placement         TEXT NOT NULL,
            dataset           TEXT NOT NULL,
            seed              INTEGER NOT NULL,
            recipe            TEXT NOT NULL DEFAULT '{}',
            status            TEXT NOT NULL CHECK (status IN ('pending','running','done','failed','interrupted')),
            device            TEXT,
            started_at        TEXT,
            finished_at       TEXT,
            error             TEXT,
            params            INTEGER,
            macs              INTEGER,
            peak_mem_bytes    INTEGER,
            train_img_s       REAL,
            infer_img_s       REAL,
            top1              REAL,
            top5              REAL,
            best_top1         REAL,
            epochs_done       INTEGER NOT NULL DEFAULT 0,
            wall_s            REAL,
            engine            TEXT,
            code_version      TEXT,
            load_avg          REAL,
            throughput_method TEXT,
            bench_batch       INTEGER,
            bench_steps       INTEGER,
            bench_threads     INTEGER,
            task              TEXT,
            map               REAL,
            map50             REAL,
            map75             REAL,
            per_class_ap      TEXT
        );
        CREATE INDEX IF NOT EXISTS runs_experiment ON runs (experiment);
        CREATE TABLE IF NOT EXISTS epochs (
            run_id     TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
            epoch      INTEGER NOT NULL,
            lr         REAL,
            train_loss REAL,
            train_top1 REAL,
            test_loss  REAL,
            test_top1  REAL,
            test_top5  REAL,
            seconds    REAL,
            map        REAL,
            map50      REAL,
            map75      REAL,
            PRIMARY KEY (run_id, epoch)
        );
        """;

    /// <summary>Creates the tables and records <see cref="CurrentVersion"/> if no version row exists yet.</summary>
    public static readonly string InitializeSql = Ddl + $"""

        INSERT INTO schema_version (version)
            SELECT {CurrentVersion} WHERE NOT EXISTS (SELECT 1 FROM schema_version);
        """;

    /// <summary>Reads the store's version (a single row); 0 when the table is empty.</summary>
    public const string SelectVersionSql = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";

    /// <summary>The columns of <c>runs</c>, in DDL order (the order of <see cref="RunRecord"/>'s properties).</summary>
    public static readonly IReadOnlyList<string> RunColumns =
    [
        "run_id", "experiment", "backbone", "attention", "attention_options", "placement", "dataset", "seed",
        "recipe", "status", "device", "started_at", "finished_at", "error", "params", "macs", "peak_mem_bytes",
        "train_img_s", "infer_img_s", "top1", "top5", "best_top1", "epochs_done", "wall_s", "engine", "code_version",
        "load_avg", "throughput_method", "bench_batch", "bench_steps", "bench_threads",
        "task", "map", "map50", "map75", "per_class_ap",
    ];

    /// <summary>
    /// Version 1 to 2: the throughput's method and the load beside it. Columns are appended, as the DDL
    /// lists them; old rows keep nulls (their throughput is from wall time).
    /// </summary>
    public const string MigrateV1ToV2 = """
        ALTER TABLE runs ADD COLUMN load_avg REAL;
        ALTER TABLE runs ADD COLUMN throughput_method TEXT;
        ALTER TABLE runs ADD COLUMN bench_batch INTEGER;
        ALTER TABLE runs ADD COLUMN bench_steps INTEGER;
        ALTER TABLE runs ADD COLUMN bench_threads INTEGER;
        """;

    /// <summary>
    /// Version 2 to 3: detection runs. <c>task</c> is <c>classification</c> or <c>detection</c> (null in older
    /// rows: classification); a detector's COCO bbox mAP on its validation split at IoU 0.50:0.95, 0.50 and 0.75
    /// (fractions), and <c>per_class_ap</c>, a JSON list of <c>{id, name, ap, ap50}</c>. The primary metric of a
    /// run is top1 for classification and map for detection (<see cref="RunRecord.Primary"/>).
    /// </summary>
    public const string MigrateV2ToV3 = """
        ALTER TABLE runs ADD COLUMN task TEXT;
        ALTER TABLE runs ADD COLUMN map REAL;
        ALTER TABLE runs ADD COLUMN map50 REAL;
        ALTER TABLE runs ADD COLUMN map75 REAL;
        ALTER TABLE runs ADD COLUMN per_class_ap TEXT;
        """;

    /// <summary>The columns of <c>epochs</c>, in DDL order (the order of <see cref="EpochRecord"/>'s properties).</summary>
    public static readonly IReadOnlyList<string> EpochColumns =
    [
        "run_id", "epoch", "lr", "train_loss", "train_top1", "test_loss", "test_top1", "test_top5", "seconds",
        "map", "map50", "map75",
    ];

    /// <summary>
    /// Version 3 to 4: a detector's validation mAP per epoch (0.50:0.95, 0.50, 0.75; fractions, null at an epoch that
    /// did not evaluate and in classification rows), so reports draw mAP curves and take the best epoch's mAP.
    /// </summary>
    public const string MigrateV3ToV4 = """
        ALTER TABLE epochs ADD COLUMN map REAL;
        ALTER TABLE epochs ADD COLUMN map50 REAL;
        ALTER TABLE epochs ADD COLUMN map75 REAL;
        """;
}
