using Ablation.Experiments.Data;
using Ablation.Harness.Catalog;
using Ablation.Harness.Spec;

namespace Ablation.Harness.Validation;

/// <summary>Data set names, their options (the Data layer's catalog), and the files that must be on disk.</summary>
public sealed class DatasetValidator : IValidator
{
    public IEnumerable<SpecError> Validate(ValidationContext context)
    {
        foreach (var value in context.Spec.AllValues().Where(v => v.Axis == AxisNames.Dataset))
        {
            var choice = (DatasetChoice)value.Value;
            var options = DatasetFiles.Resolve(choice.Name, choice.Options);
            string? problem = null;
            try
            {
                var spec = DatasetFiles.ToSpec(choice.Name, options);
                problem = DatasetFiles.CheckSubset(spec);
                DatasetCatalog.Validate(DatasetFiles.ForCatalog(spec));
                DatasetCatalog.Shape(DatasetFiles.ForCatalog(spec));
            }
            catch (ArgumentException e) { problem = e.Message; }
            if (problem is not null)
            {
                yield return new SpecError(value.Mark, "dataset", choice.Key, $"is not allowed: {problem}");
                continue;
            }
            if (options.TryGetValue(DatasetFiles.RootOption, out var root))
            {
                var missing = DatasetFiles.Missing(choice.Name, root).ToList();
                if (missing.Count > 0)
                    yield return new SpecError(value.Mark, "dataset.root", root,
                        $"lacks the {choice.Name} files {string.Join(", ", missing)}; allowed: a folder holding them (set root: in the dataset)");
            }
        }
    }
}
