using Ablation.Experiments.Data;
using Ablation.Experiments.Data.Detection;
using Ablation.Harness.Catalog;
using Ablation.Harness.Spec;

namespace Ablation.Harness.Validation;

/// <summary>
/// Data set names, their options (the Data layer's catalog), and the files that must be on disk. A detection
/// data set (yolo) is checked whole: data.yaml, its folders, every label line and every image's header, the
/// first problem reported with its file and line.
/// </summary>
public sealed class DatasetValidator : IValidator
{
    /// <summary>The identity of a data set choice with its resolved options (as runs record them).</summary>
    public static string Key(string dataset, IReadOnlyDictionary<string, string> resolvedOptions) =>
        DatasetFiles.ToSpec(dataset, resolvedOptions).ToString();

    public IEnumerable<SpecError> Validate(ValidationContext context)
    {
        foreach (var value in context.Spec.AllValues().Where(v => v.Axis == AxisNames.Dataset))
        {
            var choice = (DatasetChoice)value.Value;
            var options = DatasetFiles.Resolve(choice.Name, choice.Options);
            var error = Check(value.Mark, choice, options);
            if (error is null) continue;
            context.UnusableDatasets.Add(Key(choice.Name, options));
            yield return error;
        }
    }

    private static SpecError? Check(SourceMark mark, DatasetChoice choice, SortedDictionary<string, string> options)
    {
        string? problem = null;
        try
        {
            var spec = DatasetFiles.ToSpec(choice.Name, options);
            problem = DatasetFiles.CheckSubset(spec);
            DatasetCatalog.Validate(DatasetFiles.ForCatalog(spec));
            if (DatasetCatalog.IsDetection(choice.Name)) return CheckDetection(mark, choice, spec);
            DatasetCatalog.Shape(DatasetFiles.ForCatalog(spec));
        }
        catch (ArgumentException e) { problem = e.Message; }
        if (problem is not null) return new SpecError(mark, "dataset", choice.Key, $"is not allowed: {problem}");
        if (options.TryGetValue(DatasetFiles.RootOption, out var root))
        {
            var missing = DatasetFiles.Missing(choice.Name, root).ToList();
            if (missing.Count > 0)
                return new SpecError(mark, "dataset.root", root,
                    $"lacks the {choice.Name} files {string.Join(", ", missing)}; allowed: a folder holding them (set root: in the dataset)");
        }
        return null;
    }

    private static SpecError? CheckDetection(SourceMark mark, DatasetChoice choice, DatasetSpec spec)
    {
        if (spec.Name == SyntheticDetectionSet.CatalogName)
        {
            try { SyntheticDetectionSet.FromSpec(spec); return null; }
            catch (ArgumentException e) { return new SpecError(mark, "dataset", choice.Key, $"is not allowed: {e.Message}"); }
        }
        if (spec.Root is not { } root)
            return new SpecError(mark, "dataset.root", null, $"is missing; allowed: a folder holding {YoloDataset.DataYaml} (set root: in the {choice.Name} dataset)");
        try
        {
            DetectionDatasets.Check(spec);
            return null;
        }
        catch (DataFormatException e)
        {
            return new SpecError(mark, "dataset.root", root, $"is not a usable {choice.Name} data set: {e.Message}");
        }
    }
}
