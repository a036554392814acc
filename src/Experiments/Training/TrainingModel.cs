using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Experiments.Training;

/// <summary>
/// What the trainer needs of a model: a way to build it on a device (after the trainer has seeded libtorch),
/// its MAC count for one image, and a description that identifies it in a checkpoint. Built from a
/// backbones ModelSpec by <c>FromSpec</c> (TrainingModel.Backbones.cs); tests can pass any small module.
/// </summary>
public sealed partial record TrainingModel(string Description, Func<Device, nn.Module<Tensor, Tensor>> Create, long Macs);
