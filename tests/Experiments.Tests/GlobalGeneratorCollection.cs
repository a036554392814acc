using Xunit;

namespace Ablation.Experiments.Tests;

/// <summary>
/// Tests whose result depends on what libtorch's global generator draws (the trainer seeds it and then
/// builds and trains a model): they run alone, since any test creating a module in parallel draws from the
/// same generator and would change their weights.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalGeneratorCollection
{
    public const string Name = "libtorch's global generator";
}
