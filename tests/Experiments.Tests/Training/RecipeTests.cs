using Ablation.Experiments.Training;
using Xunit;

namespace Ablation.Experiments.Tests.Training;

public class RecipeTests
{
    [Fact]
    public void Fields_set_from_text_and_round_trip_through_canonical_json()
    {
        var r = Recipe.Preset("smoke").Set("epochs", "3").Set("optimizer", "adamw").Set("lr", "3e-4")
            .Set("milestones", "[2, 4]").Set("augment", "[random-crop-4, hflip, cutout-8]").Set("no_bn_bias_decay", "true");
        Assert.Equal(3, r.Epochs);
        Assert.Equal("adamw", r.Optimizer);
        Assert.Equal(3e-4, r.Lr);
        Assert.Equal(new[] { 2, 4 }, r.Milestones);
        Assert.True(r.NoBnBiasDecay);
        Assert.Equal(new Ablation.Experiments.Data.Augmentation(4, true, 8), r.Augmentation);

        var json = r.ToJson();
        var back = Recipe.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.StartsWith("{\"epochs\":3,\"batch\":32,\"optimizer\":\"adamw\"", json);
        Assert.Equal(Recipe.FieldNames, r.ToJsonObject().Select(kv => kv.Key));
    }

    [Fact]
    public void A_partial_json_object_overrides_a_baseline()
    {
        var r = Recipe.FromJson("""{"epochs": 5, "schedule": "step", "nesterov": false}""", Recipe.Preset("cifar"));
        Assert.Equal((5, "step", false, 0.1), (r.Epochs, r.Schedule, r.Nesterov, r.Lr));
    }

    [Theory]
    [InlineData("optimizer", "adam", "recipe: field 'optimizer' is 'adam', allowed: sgd, adamw")]
    [InlineData("schedule", "poly", "allowed: constant, step, multistep, cosine")]
    [InlineData("epochs", "0", "recipe: field 'epochs' is '0', allowed: an integer >= 1")]
    [InlineData("label_smoothing", "1.5", "allowed: a number in [0, 1]")]
    [InlineData("augment", "rotate", "augment: unknown item 'rotate'")]
    [InlineData("learning_rate", "0.1", "recipe: unknown field 'learning_rate', allowed: epochs, batch")]
    public void Bad_fields_are_one_line_errors_naming_what_is_allowed(string field, string value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new Recipe().Set(field, value));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Presets_exist_and_evaluation_includes_the_last_epoch()
    {
        Assert.Equal(1, Recipe.Preset("smoke").Epochs);
        Assert.Equal(200, Recipe.Preset("cifar").Epochs);
        Assert.Throws<ArgumentException>(() => Recipe.Preset("imagenet"));
        var r = new Recipe { Epochs = 5, EvalInterval = 2 };
        Assert.Equal(new[] { false, true, false, true, true }, Enumerable.Range(1, 5).Select(r.EvaluatesAfter));
    }
}
