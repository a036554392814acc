using Ablation.Harness.Catalog;
using Ablation.Harness.Spec;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>The error lines a matrix file is refused with, its folder left out so they read "m.yaml:5:30: ...".</summary>
internal static class MatrixErrors
{
    public static IReadOnlyList<string> Of(TestFiles files, IModelCatalog catalog, string yaml, string name = "m.yaml")
    {
        var path = files.Write(name, yaml);
        var e = Assert.Throws<SpecException>(() => MatrixPlan.Load(path, catalog));
        return e.Errors.Select(x => x.ToString().Replace(files.Root + "/", "")).ToList();
    }
}
