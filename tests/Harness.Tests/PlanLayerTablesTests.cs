using System.Text.Json.Nodes;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>
/// `ablate plan` on detector runs prints, after the runs table, one layer table per model structure (detector x
/// attention x placement, not per seed), read here as a user reads it: the base layers keep their indices and
/// modules, and the attention column is filled exactly on the layers the placement names.
/// </summary>
public sealed class PlanLayerTablesTests : IDisposable
{
    private readonly TestFiles _files = new();

    private const string Matrix = """
        name: layers
        dataset: { name: shapes, count: 8, val: 4, image: 64, classes: 3 }
        recipe: { preset: yolov5-small, epochs: 1, img_size: 64 }
        axes:
          backbone: [yolov5n]
          attention: [none, se]
          placement: [{after: [6, 4]}, head-in]
          seed: [0, 1]
        """;

    /// <summary>One printed table: its title line and, per row, the index, module and attention columns.</summary>
    private sealed record PrintedTable(string Title, List<(int Index, string Module, string Attention)> Rows, string Footer);

    /// <summary>Reads every table after the "layer tables:" line: a title line, a header with column names, rows, a footer.</summary>
    private static List<PrintedTable> Tables(string stdout)
    {
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int at = lines.FindIndex(l => l.StartsWith("layer tables: ", StringComparison.Ordinal));
        Assert.True(at >= 0, stdout);
        var tables = new List<PrintedTable>();
        for (int i = at + 1; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith("  #", StringComparison.Ordinal)) continue;
            var header = lines[i];
            int moduleCol = header.IndexOf("module", StringComparison.Ordinal), attnCol = header.IndexOf("attention", StringComparison.Ordinal);
            var rows = new List<(int, string, string)>();
            int j = i + 1;
            for (; j < lines.Count && lines[j].Length > 3 && char.IsDigit(lines[j][2]); j++)
            {
                var l = lines[j];
                rows.Add((int.Parse(l[..4].Trim()), l[moduleCol..].Split(' ')[0], l.Length > attnCol ? l[attnCol..].Trim() : ""));
            }
            tables.Add(new PrintedTable(lines[i - 1], rows, lines[j]));
            i = j;
        }
        return tables;
    }

    [Fact]
    public void One_table_per_structure_with_the_modules_where_the_placement_says()
    {
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(120), "plan", _files.Write("m.yaml", Matrix), "--results", _files.PathOf("results"));
        Assert.True(r.ExitCode == 0, r.ToString());
        // The runs table shows the canonical placement; the layer tables come after it, before the totals.
        Assert.Contains(" after:[4,6] ", r.Stdout);
        Assert.True(r.Stdout.IndexOf("layer tables: 3 detector model structures", StringComparison.Ordinal) > r.Stdout.IndexOf(" after:[4,6] ", StringComparison.Ordinal), r.Stdout);
        Assert.StartsWith("total: 6 runs", r.Stdout.Trim().Split('\n')[^1]);

        var tables = Tables(r.Stdout);
        Assert.Equal(3, tables.Count);   // none, se@after:[4,6], se@head-in; seeds share them
        Assert.Matches(@"^yolov5n, no attention: 2 runs \([0-9a-f]{8}, [0-9a-f]{8}\)$", tables[0].Title);
        Assert.Matches(@"^yolov5n \+ se @ after:\[4,6\]: 2 runs \([0-9a-f]{8}, [0-9a-f]{8}\)$", tables[1].Title);
        Assert.Matches(@"^yolov5n \+ se @ head-in: 2 runs ", tables[2].Title);

        var baseRows = tables[0].Rows;
        Assert.Equal(Enumerable.Range(0, 25), baseRows.Select(x => x.Index));
        Assert.Equal("Detect", baseRows[24].Module);
        Assert.All(baseRows, x => Assert.Equal("", x.Attention));
        foreach (var (table, attended) in new[] { (tables[1], new[] { 4, 6 }), (tables[2], new[] { 17, 20, 23 }) })
        {
            // Inserting attention renumbers nothing: the same indices hold the same modules as in the base yaml.
            Assert.Equal(baseRows.Select(x => (x.Index, x.Module)), table.Rows.Select(x => (x.Index, x.Module)));
            Assert.Equal(attended, table.Rows.Where(x => x.Attention != "").Select(x => x.Index));
            Assert.All(table.Rows.Where(x => x.Attention != ""), x => Assert.StartsWith("SqueezeExcite", x.Attention));
            Assert.Contains($"attention at {attended.Length} sites), 3 classes", table.Footer);
        }
    }

    [Fact]
    public void The_detection_quickstart_plans_its_8_runs_with_a_module_after_layer_8_in_each_attention_table()
    {
        var r = Ablate.Run(Cli.ModelCliProcess.RepoRoot, null, TimeSpan.FromSeconds(120), "plan", "experiments/quickstart-detection.yaml",
            "--results", _files.PathOf("results"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("quickstart-detection (experiments/quickstart-detection.yaml): 8 runs", r.Stdout);
        var tables = Tables(r.Stdout);
        Assert.Equal(["yolov5n, no attention", "yolov5n + cbam @ backbone-end", "yolov5n + ca @ backbone-end", "yolov5n + eca @ backbone-end"],
            tables.Select(t => t.Title.Split(':')[0]));
        Assert.All(tables, t => Assert.Contains(": 2 runs (", t.Title));
        Assert.DoesNotContain(tables[0].Rows, x => x.Attention != "");
        foreach (var (table, module) in tables.Skip(1).Zip(new[] { "Cbam", "CoordAttention", "Eca" }))
        {
            var attended = Assert.Single(table.Rows, x => x.Attention != "");
            Assert.Equal(8, attended.Index);
            Assert.StartsWith(module + " (", attended.Attention);
        }
        Assert.False(Directory.Exists(_files.PathOf("results")));
    }

    [Fact]
    public void No_layers_leaves_the_tables_out_and_json_stays_one_object()
    {
        var matrix = _files.Write("m.yaml", Matrix);
        var quiet = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(120), "plan", matrix, "--no-layers", "--results", _files.PathOf("results"));
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.DoesNotContain("layer tables", quiet.Stdout);
        Assert.DoesNotContain("Detect", quiet.Stdout);
        Assert.Contains(" after:[4,6] ", quiet.Stdout);

        var json = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(120), "plan", matrix, "--json", "--results", _files.PathOf("results"));
        Assert.True(json.ExitCode == 0, json.ToString());
        var runs = JsonNode.Parse(json.Stdout)!["runs"]!.AsArray();
        Assert.Equal(2, runs.Count(x => (string)x!["placement"]! == "after:[4,6]"));
    }

    [Fact]
    public void Backbone_runs_print_no_layer_table()
    {
        var matrix = _files.Write("c.yaml", """
            dataset: { name: synthetic, train: 64, test: 32, image: 16 }
            recipe: { preset: smoke }
            axes: { backbone: [resnet20], attention: [none, se] }
            """);
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(120), "plan", matrix, "--results", _files.PathOf("results"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain("layer tables", r.Stdout);
    }

    [Theory]
    [InlineData("{after: [4, x]}", "m.yaml:7:27: placement.after: 'x' is not a layer index")]
    [InlineData("{after: [4, 24]}", "m.yaml:7:15: placement: 'after:[4,24]' layer 24 is not in the YOLOv5 base yaml before Detect; allowed: layer indices 0 to 23")]
    public void A_bad_after_placement_is_one_line_exit_2_and_nothing_written(string placement, string expected)
    {
        var matrix = _files.Write("m.yaml", Matrix.Replace("{after: [6, 4]}", placement));
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(120), "plan", matrix, "--results", _files.PathOf("results"));
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(expected, lines[0].Replace(_files.Root + "/", ""));
        Assert.Equal("1 error(s); nothing was run", lines[1]);
        Assert.Equal("", r.Stdout.Trim());
        Assert.False(Directory.Exists(_files.PathOf("results")));
    }

    public void Dispose() => _files.Dispose();
}
