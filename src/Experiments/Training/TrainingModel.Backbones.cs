using Ablation.Experiments.Backbones;
using Ablation.Experiments.Data;

namespace Ablation.Experiments.Training;

/// <summary>Training models from the model zoo's specs, with inputs adapted to the data set.</summary>
public sealed partial record TrainingModel
{
    /// <summary>The model of <paramref name="spec"/>, with its MACs profiled on the meta device.</summary>
    public static TrainingModel FromSpec(ModelSpec spec)
    {
        ModelFactory.Validate(spec);
        var (_, macs, _) = ModelFactory.Profile(spec);
        return new TrainingModel(Describe(spec), d => ModelFactory.Create(spec, d), macs);
    }

    /// <summary>
    /// The spec with its inputs adapted to the data set: input channels, image size and classes are the data
    /// set's (the stem, unless set, then follows from the image size).
    /// </summary>
    public static ModelSpec AdaptTo(ModelSpec spec, DatasetSpec dataset)
    {
        var (channels, image, classes) = DatasetCatalog.Shape(dataset);
        return spec with { InChannels = channels, ImageSize = image, Classes = classes };
    }

    /// <summary>Everything that makes the model what it is, for the checkpoint's identity check.</summary>
    public static string Describe(ModelSpec spec) =>
        $"{spec.Backbone}|{spec.Attention.Name}({string.Join(",", spec.Attention.Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"))})" +
        $"|{spec.Placement}|stages={(spec.Stages is null ? "all" : string.Join(",", spec.Stages))}|classes={spec.Classes}|in={spec.InChannels}" +
        $"|image={spec.ImageSize}|stem={spec.ResolvedStem}|width={spec.Width}";
}
