using Ablation.Harness.Catalog;
using Ablation.Harness.Runs;
using Ablation.Harness.Spec;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>A run's id is the hash of its resolved spec: stable, blind to how the matrix was written, not to what it computes.</summary>
public sealed class RunIdentityTests : IDisposable
{
    private readonly TestFiles _files = new();
    private readonly IModelCatalog _catalog = new ExperimentsCatalog();

    private IReadOnlyList<PlannedRun> Runs(string name, string yaml) => MatrixPlan.Load(_files.Write(name, yaml), _catalog).Runs;

    [Fact]
    public void The_same_run_written_differently_has_the_same_id()
    {
        var a = Runs("a.yaml", """
            name: exp
            dataset: { name: synthetic, train: 64, test: 32, image: 16 }
            recipe: { preset: smoke, lr: 0.1 }
            axes: { backbone: [resnet20], attention: [se], seed: [3] }
            """);
        var b = Runs("b.yaml", """
            name: exp
            axes:
              seed: [3]
              attention: [{name: se, reduction: 16}]
              backbone: [resnet20]
            recipe: { lr: 1e-1, preset: smoke }
            dataset: { image: 16, test: 32, train: 64, name: synthetic }
            """);
        Assert.Equal(Assert.Single(a).Spec.RunId, Assert.Single(b).Spec.RunId);
        Assert.Equal(a[0].Spec.CanonicalJson(), b[0].Spec.CanonicalJson());
        Assert.Matches("^[0-9a-f]{16}$", a[0].Spec.RunId);
        Assert.Equal(a[0].Spec.RunId[..8], a[0].Spec.ShortId);
    }

    [Fact]
    public void Adding_a_seed_keeps_the_existing_ids_and_any_change_makes_a_new_one()
    {
        const string head = "name: exp\ndataset: { name: synthetic, train: 64, test: 32, image: 16 }\nrecipe: { preset: smoke }\n";
        var one = Runs("one.yaml", head + "axes: { backbone: [resnet20], attention: [se], seed: [0] }\n");
        var two = Runs("two.yaml", head + "axes: { backbone: [resnet20], attention: [se], seed: [0, 1] }\n");
        Assert.Contains(one[0].Spec.RunId, two.Select(r => r.Spec.RunId));
        Assert.Equal(2, two.Select(r => r.Spec.RunId).Distinct().Count());

        var lr = Runs("lr.yaml", head.Replace("preset: smoke", "preset: smoke, lr: 0.01") + "axes: { backbone: [resnet20], attention: [se], seed: [0] }\n");
        var data = Runs("data.yaml", head.Replace("train: 64", "train: 96") + "axes: { backbone: [resnet20], attention: [se], seed: [0] }\n");
        var option = Runs("opt.yaml", head + "axes: { backbone: [resnet20], attention: [{name: se, reduction: 8}], seed: [0] }\n");
        var ids = new[] { one[0], lr[0], data[0], option[0] }.Select(r => r.Spec.RunId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void The_code_version_is_not_part_of_the_id_and_the_spec_round_trips()
    {
        var run = Runs("a.yaml", """
            name: exp
            dataset: { name: synthetic, train: 64, test: 32, image: 16 }
            recipe: { preset: smoke }
            axes: { backbone: [resnet20], attention: [cbam], placement: [post], stages: [[2, 3]], seed: [7] }
            """)[0].Spec;
        Assert.DoesNotContain("code", run.CanonicalJson());
        var back = RunSpec.FromJson(run.ToJson().ToJsonString());
        Assert.Equal(run.CanonicalJson(), back.CanonicalJson());
        Assert.Equal(run.RunId, back.RunId);
        Assert.Equal([2, 3], back.Stages);
        // Canonical: keys sorted at every level, no whitespace.
        Assert.StartsWith("{\"attention\":\"cbam\",\"attention_options\":{", run.CanonicalJson());
        Assert.DoesNotContain(" ", run.CanonicalJson());
    }

    public void Dispose() => _files.Dispose();
}
