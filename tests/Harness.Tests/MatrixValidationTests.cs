using Ablation.Harness.Catalog;
using Ablation.Harness.Spec;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>
/// Every kind of matrix error is reported before anything runs, all at once, one line each with file, line and
/// column, field, value and what is allowed.
/// </summary>
public sealed class MatrixValidationTests : IDisposable
{
    private readonly TestFiles _files = new();
    private readonly IModelCatalog _catalog = new ExperimentsCatalog();

    private IReadOnlyList<string> Errors(string yaml, string name = "m.yaml") => MatrixErrors.Of(_files, _catalog, yaml, name);

    private const string Ok = "dataset: { name: synthetic, train: 64, test: 32, image: 16 }\nrecipe: { preset: smoke }\n";

    [Fact]
    public void Unknown_names_point_at_the_value_and_list_what_is_allowed()
    {
        var errors = Errors(Ok + """
            axes:
              backbone: [resnet20, resnet99]
              attention: [se, sse]
              placement: [block, sideways]
            """);
        Assert.Contains(errors, e => e.StartsWith("m.yaml:4:24: backbone: 'resnet99' is not a backbone; allowed: ") && e.Contains("resnet20"));
        Assert.Contains(errors, e => e.StartsWith("m.yaml:5:19: attention: 'sse' is not an attention module; allowed: ") && e.Contains("cbam"));
        Assert.Contains(errors, e => e.StartsWith("m.yaml:6:22: placement: 'sideways' is not a placement; allowed: ") && e.Contains("stage"));
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Bad_values_of_seed_recipe_and_options_are_each_reported()
    {
        var errors = Errors("""
            dataset: { name: synthetic, train: 64, test: 32, image: 16, colour: red }
            recipe: { preset: turbo, epochs: zero, batchsize: 3 }
            axes:
              backbone: [resnet20]
              attention: [{name: se, ratio: 4}]
              seed: [0, -1]
              lr: [0.1, -3]
            """);
        Assert.Contains(errors, e => e.StartsWith("m.yaml:1:10: dataset: 'synthetic(colour=red,") && e.Contains("allowed:"));
        Assert.Contains(errors, e => e.StartsWith("m.yaml:2:19: recipe.preset: 'turbo' is not a preset; allowed: ") && e.Contains("smoke"));
        Assert.Contains(errors, e => e.StartsWith("m.yaml:2:34: recipe.epochs: 'zero' is not allowed; allowed: an integer >= 1"));
        Assert.Contains(errors, e => e.StartsWith("m.yaml:2:40: recipe: 'batchsize' is not a recipe field; allowed: preset, epochs, batch"));
        Assert.Contains(errors, e => e.StartsWith("m.yaml:5:15: attention: 'se(ratio=4)' has a bad option: ") && e.Contains("ratio"));
        Assert.Contains(errors, e => e.StartsWith("m.yaml:6:13: seed: '-1' is not allowed; allowed: an integer >= 0"));
        Assert.Contains(errors, e => e.StartsWith("m.yaml:7:13: lr: '-3' is not allowed; allowed: "));
    }

    [Fact]
    public void Missing_dataset_files_are_found_before_training()
    {
        var errors = Errors("""
            dataset: { name: cifar10, root: /nonexistent/cifar }
            axes: { backbone: [resnet20], attention: [se] }
            """);
        var e = Assert.Single(errors);
        Assert.StartsWith("m.yaml:1:10: dataset.root: '/nonexistent/cifar' lacks the cifar10 files data_batch_1.bin", e);
    }

    [Fact]
    public void Structure_errors_zip_lengths_unknown_keys_baseline_and_empty_matrices()
    {
        var errors = Errors(Ok + """
            axes: { backbone: [resnet20], attention: [se, eca], colour: [red] }
            zip:
              lr: [0.1, 0.05]
              batch: [32]
            baseline: { attention: cbam }
            flavour: vanilla
            """);
        Assert.Contains(errors, e => e.StartsWith("m.yaml:3:53: axes: 'colour' is not an axis; allowed: "));
        Assert.Contains(errors, e => e.StartsWith("m.yaml:5:3: zip: 'lr: 2, batch: 1' lists differ in length"));
        Assert.Contains(errors, e => e.StartsWith("m.yaml:7:24: baseline.attention: 'cbam' is not a value any run has; allowed: se, eca"));
        Assert.Contains(errors, e => e.StartsWith("m.yaml:8:1: key: 'flavour' is not a matrix field; allowed: "));

        var empty = Errors(Ok + """
            axes: { backbone: [resnet20], attention: [se] }
            exclude: [ { attention: se } ]
            """, "empty.yaml");
        Assert.Contains(empty, e => e.StartsWith("empty.yaml:4:12: exclude: leaves no run"));
    }

    [Fact]
    public void Yaml_syntax_errors_and_missing_extends_have_positions()
    {
        var syntax = Errors("axes: { backbone: [resnet20, attention: [se] }\n", "syntax.yaml");
        Assert.Matches(@"^syntax\.yaml:\d+:\d+: yaml: is not valid YAML", Assert.Single(syntax));

        var extends = Errors("extends: nowhere.yaml\naxes: { backbone: [resnet20], attention: [se] }\n", "ext.yaml");
        Assert.StartsWith("ext.yaml:1:10: extends: 'nowhere.yaml' does not exist", Assert.Single(extends));
    }

    [Fact]
    public void Required_axes_are_named_when_missing()
    {
        var errors = Errors("recipe: { preset: smoke }\naxes: { seed: [0] }\n");
        Assert.Contains(errors, e => e == "m.yaml: backbone: is missing; give it at top level or under axes:");
        Assert.Contains(errors, e => e == "m.yaml: attention: is missing; give it at top level or under axes:");
        Assert.Contains(errors, e => e == "m.yaml: dataset: is missing; give it at top level or under axes:");
    }

    public void Dispose() => _files.Dispose();
}
