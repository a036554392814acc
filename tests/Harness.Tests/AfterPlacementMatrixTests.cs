using Ablation.Harness.Catalog;
using Ablation.Harness.Runs;
using Ablation.Harness.Spec;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>
/// A detector placement written <c>{after: [i, ...]}</c> in a matrix: read as an axis value (and in include,
/// exclude and zip rows), carried into the run spec in its canonical form <c>after:[4,6]</c> (indices sorted, so
/// <c>[6, 4]</c> is the same run), and every bad value one error line with file, line, column and what is allowed.
/// </summary>
public sealed class AfterPlacementMatrixTests : IDisposable
{
    private readonly TestFiles _files = new();
    private readonly IModelCatalog _catalog = new ExperimentsCatalog();

    private const string Shapes = "dataset: { name: shapes, count: 8, val: 4, image: 64, classes: 3 }\nrecipe: { preset: yolov5-small, epochs: 1, img_size: 64 }\n";
    private const string Synthetic = "dataset: { name: synthetic, train: 64, test: 32, image: 16 }\nrecipe: { preset: smoke }\n";

    private IReadOnlyList<PlannedRun> Runs(string yaml, string file = "m.yaml") => MatrixPlan.Load(_files.Write(file, yaml), _catalog).Runs;

    private IReadOnlyList<string> Errors(string yaml) => MatrixErrors.Of(_files, _catalog, yaml);

    [Fact]
    public void The_map_form_is_an_axis_value_beside_named_placements()
    {
        var runs = Runs(Shapes + """
            axes:
              backbone: [yolov5n]
              attention: [se]
              placement: [backbone-end, {after: [6, 4]}, head-in]
            """);
        Assert.Equal(["backbone-end", "after:[4,6]", "head-in"], runs.Select(r => r.Spec.Placement));
        Assert.Equal("after:[4,6]", runs[1].Cell[AxisNames.Placement].Key);
    }

    [Fact]
    public void A_fixed_placement_may_be_the_map_or_the_cli_text()
    {
        var map = Runs("name: fixed\n" + Shapes + "backbone: yolov5n\nattention: eca\nplacement: {after: [8]}\n", "a.yaml");
        var text = Runs("name: fixed\n" + Shapes + "backbone: yolov5n\nattention: eca\nplacement: \"after:8\"\n", "b.yaml");
        Assert.Equal("after:[8]", Assert.Single(map).Spec.Placement);
        Assert.Equal(map[0].Spec.RunId, Assert.Single(text).Spec.RunId);
    }

    [Fact]
    public void Indices_in_another_order_are_the_same_run()
    {
        string Matrix(string placement) => "name: same\n" + Shapes + $"backbone: yolov5n\nattention: se\nplacement: {placement}\n";
        var a = Assert.Single(Runs(Matrix("{after: [6, 4, 17]}"), "a.yaml")).Spec;
        var b = Assert.Single(Runs(Matrix("{after: [4, 17, 6]}"), "b.yaml")).Spec;
        var c = Assert.Single(Runs(Matrix("{after: [4, 6]}"), "c.yaml")).Spec;
        Assert.Equal("after:[4,6,17]", a.Placement);
        Assert.Equal(a.RunId, b.RunId);
        Assert.NotEqual(a.RunId, c.RunId);
        Assert.Contains("\"placement\":\"after:[4,6,17]\"", a.CanonicalJson());
        Assert.Equal(a.RunId, RunSpec.FromJson(a.CanonicalJson()).RunId);
    }

    [Fact]
    public void Exclude_include_and_zip_rows_take_the_map_form_in_any_order()
    {
        var runs = Runs(Shapes + """
            axes:
              backbone: [yolov5n]
              attention: [se, eca]
              placement: [head-in, {after: [4, 6]}]
            exclude:
              - { attention: eca, placement: {after: [6, 4]} }
            include:
              - { attention: cbam, placement: {after: [17]} }
            """);
        Assert.Equal(["se@head-in", "se@after:[4,6]", "eca@head-in", "cbam@after:[17]"],
            runs.Select(r => $"{r.Spec.Attention}@{r.Spec.Placement}"));

        var zipped = Runs(Shapes + """
            backbone: yolov5n
            zip:
              attention: [se, eca]
              placement: [{after: [9]}, neck-in]
            """, "z.yaml");
        Assert.Equal(["se@after:[9]", "eca@neck-in"], zipped.Select(r => $"{r.Spec.Attention}@{r.Spec.Placement}"));
    }

    [Fact]
    public void Run_labels_read_the_canonical_form_and_tensorboard_folders_a_file_safe_one()
    {
        var run = Assert.Single(Runs(Shapes + "backbone: yolov5n\nattention: se\nplacement: {after: [6, 4]}\n"));
        Assert.Equal("yolov5n se@after:[4,6] shapes seed 0", run.Label);
        var folder = TensorBoardRunName.Of(run.Spec);
        Assert.StartsWith("yolov5n_se(", folder);
        Assert.Contains(")@after(4,6)_shapes_s0__" + run.Spec.ShortId, folder);
    }

    [Fact]
    public void The_same_indices_twice_in_one_axis_are_one_value_listed_twice()
    {
        var errors = Errors(Shapes + "backbone: yolov5n\nattention: se\nplacement: [{after: [4, 6]}, {after: [6, 4]}]\n");
        Assert.Equal("m.yaml:5:30: placement: 'after:[4,6]' is listed twice; allowed: each value once", Assert.Single(errors));
    }

    public static TheoryData<string, string, string, string> BadPlacements() => new()
    {
        // backbone, placement as written, the text the error points at, the error after its mark
        { "yolov5n", "{after: [4, x]}", "x", "placement.after: 'x' is not a layer index; allowed: integers, the YOLOv5 base yaml's layer indices (0 to 23)" },
        { "yolov5n", "{after: [4, 1.5]}", "1.5", "placement.after: '1.5' is not a layer index; allowed: integers, the YOLOv5 base yaml's layer indices (0 to 23)" },
        { "yolov5n", "{after: [[4]]}", "[4]]", "placement.after: '[4]' is not a layer index; allowed: integers, the YOLOv5 base yaml's layer indices (0 to 23)" },
        { "yolov5n", "{after: 8}", "8", "placement.after: '8' must be a list of layer indices; allowed: [i, ...] as in {after: [8]}" },
        { "yolov5n", "{after: []}", "[]", "placement.after: '[]' is empty; allowed: one or more YOLOv5 layer indices, as in {after: [4, 6]}" },
        { "yolov5n", "{after: [2, 6, 2]}", "2]", "placement.after: '2' is listed twice; allowed: each layer index once" },
        { "yolov5n", "{at: [4]}", "at", "placement: 'at' is not a placement field; allowed: after (as in {after: [4, 6]})" },
        { "yolov5n", "\"after:4,q\"", "\"after", "placement: 'after:4,q' is not allowed; allowed: after:i,j,... or {after: [i, j, ...]} with YOLOv5 layer indices, each once" },
        { "yolov5n", "{after: [4, 24]}", "{after", "placement: 'after:[4,24]' layer 24 is not in the YOLOv5 base yaml before Detect; allowed: layer indices 0 to 23 (24 is Detect)" },
        { "yolov5s", "{after: [-1, 30]}", "{after", "placement: 'after:[-1,30]' layers -1, 30 are not in the YOLOv5 base yaml before Detect; allowed: layer indices 0 to 23 (24 is Detect)" },
        { "yolox-s", "{after: [4]}", "{after", "placement: 'after:[4]' names YOLOv5 layer indices, which yolox-s does not have; allowed on yolox-s: block, stage, backbone-end, neck-in, head-in" },
        { "resnet20", "{after: [4]}", "{after", "placement: 'after:[4]' is a YOLOv5 detector placement (layer indices of its base yaml); allowed on the backbone resnet20: block, post, stage, final" },
    };

    [Theory]
    [MemberData(nameof(BadPlacements))]
    public void Each_bad_after_placement_is_one_line_at_its_mark(string backbone, string placement, string at, string expected)
    {
        var line = $"placement: [block, {placement}]";
        if (backbone.StartsWith("yolo", StringComparison.Ordinal)) line = line.Replace("block, ", "backbone-end, ");
        var errors = Errors((backbone.StartsWith("yolo", StringComparison.Ordinal) ? Shapes : Synthetic) + $"backbone: {backbone}\nattention: se\n{line}\n");
        int column = line.IndexOf(at, line.IndexOf(", ", StringComparison.Ordinal), StringComparison.Ordinal) + 1;
        Assert.Equal($"m.yaml:5:{column}: {expected}", Assert.Single(errors));
    }

    [Fact]
    public void A_detector_matrix_without_placement_places_at_backbone_end_as_the_cli_does()
    {
        var detector = Runs(Shapes + "backbone: yolov5n\nattention: se\n", "d.yaml");
        Assert.Equal("backbone-end", Assert.Single(detector).Spec.Placement);
        var backbone = Runs(Synthetic + "backbone: resnet20\nattention: se\n", "c.yaml");
        Assert.Equal("block", Assert.Single(backbone).Spec.Placement);
    }

    [Fact]
    public void Excluding_the_backbones_that_cannot_take_it_leaves_no_error()
    {
        var runs = Runs(Shapes + """
            axes:
              backbone: [yolov5n, yolox-s]
              attention: [se]
              placement: [head-in, {after: [4]}]
            exclude:
              - { backbone: yolox-s, placement: {after: [4]} }
            """);
        Assert.Equal(["yolov5n@head-in", "yolov5n@after:[4]", "yolox-s@head-in"], runs.Select(r => $"{r.Spec.Backbone}@{r.Spec.Placement}"));
    }

    [Fact]
    public void A_name_that_is_no_placement_lists_the_after_form_among_the_allowed()
    {
        var errors = Errors(Shapes + "backbone: yolov5n\nattention: se\nplacement: [4]\n");
        Assert.Equal("m.yaml:5:13: placement: '4' is not a placement; allowed: block, post, stage, final, backbone-end, neck-in, head-in, {after: [i, ...]} (YOLOv5 layer indices)",
            Assert.Single(errors));
    }

    public void Dispose() => _files.Dispose();
}
