using Ablation.Harness.Catalog;
using Ablation.Harness.Spec;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>How a matrix expands: product, zip, include/exclude, extends, and the collapse of redundant cells.</summary>
public sealed class MatrixExpansionTests : IDisposable
{
    private readonly TestFiles _files = new();
    private readonly IModelCatalog _catalog = new ExperimentsCatalog();

    private const string Synthetic = "dataset: { name: synthetic, train: 64, test: 32, image: 16 }\nrecipe: { preset: smoke }\n";

    private IReadOnlyList<PlannedRun> Expand(string yaml) =>
        MatrixPlan.Load(_files.Write("m.yaml", Synthetic + yaml), _catalog).Runs;

    [Fact]
    public void Product_of_axes_in_written_order()
    {
        var runs = Expand("""
            axes:
              backbone: [resnet20, resnet32]
              attention: [se, eca]
              seed: [0, 1, 2]
            """);
        Assert.Equal(2 * 2 * 3, runs.Count);
        Assert.Equal(runs.Count, runs.Select(r => r.Spec.RunId).Distinct().Count());
        Assert.Equal(["resnet20", "se", "0"], [runs[0].Spec.Backbone, runs[0].Spec.Attention, runs[0].Spec.Seed.ToString()]);
        Assert.Equal(12, runs.Count(r => r.Spec.Placement == "block"));
    }

    [Fact]
    public void Baseline_none_does_not_multiply_over_placements()
    {
        var runs = Expand("""
            axes:
              backbone: [resnet20]
              attention: [none, se]
              placement: [block, post]
              seed: [0, 1]
            """);
        // se: 2 placements x 2 seeds; none: one run per seed, whatever the placement.
        Assert.Equal(4, runs.Count(r => r.Spec.Attention == "se"));
        var baseline = runs.Where(r => r.Spec.Attention == "none").ToList();
        Assert.Equal(2, baseline.Count);
        Assert.All(baseline, r => Assert.Equal("none", r.Spec.Placement));
        Assert.All(baseline, r => Assert.Equal(2, r.Cells));
    }

    [Fact]
    public void Cells_with_the_same_resolved_spec_are_one_run()
    {
        // se at its default reduction written out, and lr written two ways, resolve to the same spec.
        var runs = Expand("""
            axes:
              backbone: [resnet20]
              attention: [se, {name: se, reduction: 16}]
              lr: [0.1, 1e-1]
            """);
        var run = Assert.Single(runs);
        Assert.Equal(4, run.Cells);
        Assert.Equal("16", run.Spec.AttentionOptions["reduction"]);
    }

    [Fact]
    public void Zip_pairs_values_instead_of_multiplying()
    {
        var runs = Expand("""
            axes:
              backbone: [resnet20]
              attention: [se]
              seed: [0, 1]
            zip:
              lr: [0.1, 0.05, 0.01]
              batch: [128, 64, 32]
            """);
        Assert.Equal(2 * 3, runs.Count);
        var pairs = runs.Select(r => (r.Spec.RecipeText("lr"), r.Spec.RecipeText("batch"))).Distinct().OrderBy(p => p).ToList();
        Assert.Equal([("0.01", "32"), ("0.05", "64"), ("0.1", "128")], pairs);
    }

    [Fact]
    public void Exclude_removes_and_include_adds_cells()
    {
        var runs = Expand("""
            axes:
              backbone: [resnet20, resnet32]
              attention: [se, cbam]
              placement: [block, post]
            exclude:
              - { attention: cbam, placement: post }
              - { backbone: resnet32, attention: se }
            include:
              - { attention: bam, placement: stage }
            """);
        Assert.DoesNotContain(runs, r => r.Spec.Attention == "cbam" && r.Spec.Placement == "post");
        Assert.DoesNotContain(runs, r => r.Spec.Backbone == "resnet32" && r.Spec.Attention == "se");
        // include spans the axes it does not name: bam@stage for both backbones.
        Assert.Equal(["resnet20", "resnet32"], runs.Where(r => r.Spec.Attention == "bam").Select(r => r.Spec.Backbone).Order().ToList());
        Assert.All(runs.Where(r => r.Spec.Attention == "bam"), r => Assert.Equal("stage", r.Spec.Placement));
        // 8 cells - 2 (cbam@post) - 2 (resnet32 se) + 2 (bam) = 6
        Assert.Equal(6, runs.Count);
    }

    [Fact]
    public void Extends_shares_a_recipe_and_the_derived_file_overrides_it()
    {
        _files.Write("base.yaml", """
            dataset: { name: synthetic, train: 64, test: 32, image: 16 }
            recipe: { preset: smoke, lr: 0.2, batch: 16 }
            axes: { backbone: [resnet20], attention: [se] }
            """);
        var path = _files.Write("derived.yaml", """
            name: derived
            extends: base.yaml
            recipe: { lr: 0.3 }
            axes: { seed: [4, 5] }
            """);
        var runs = MatrixPlan.Load(path, _catalog).Runs;
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal("0.3", r.Spec.RecipeText("lr")));
        Assert.All(runs, r => Assert.Equal("16", r.Spec.RecipeText("batch")));
        Assert.All(runs, r => Assert.Equal("1", r.Spec.RecipeText("epochs")));   // from the smoke preset
        Assert.All(runs, r => Assert.Equal("derived", r.Spec.Experiment));
    }

    public void Dispose() => _files.Dispose();
}
