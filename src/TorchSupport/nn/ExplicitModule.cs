using System.Diagnostics.CodeAnalysis;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Ablation.TorchSupport.nn;

/// <summary>
/// The base of the project's layers, attention modules, backbones and detectors: a TorchSharp
/// <c>Module&lt;Tensor, Tensor&gt;</c> whose submodules, parameters and buffers are registered explicitly, by the
/// reference implementation's names (DESIGN.md section 8), never by reflection over field names. TorchSharp's
/// default registers every Module, Parameter and Tensor field under the field's name, which would add a second
/// key for each part registered under another name ("ChannelGate" held in a field `channelGate`).
/// Each Register call returns what it registered, so a model file reads
/// <code>conv1 = RegisterModule("conv1", new Conv2d(3, 64, kernel_size: 3));</code>
/// Parameters and buffers leave any dispose scope: the module owns them and disposes them with itself.
/// </summary>
public abstract class ExplicitModule : Module<Tensor, Tensor>
{
    protected ExplicitModule(string name) : base(name) { }

    /// <summary>Nothing is registered implicitly.</summary>
    protected override void RegisterComponents() { }

    /// <summary>Registers a submodule under <paramref name="name"/>; null registers nothing and returns null (an
    /// optional part, such as a block's `downsample` or an attention site left empty).</summary>
    [return: NotNullIfNotNull(nameof(module))]
    protected T RegisterModule<T>(string name, T module) where T : Module?
    {
        if (module is not null) register_module(name, module);
        return module;
    }

    /// <summary>Registers a parameter (a leaf that requires grad) holding <paramref name="data"/>.</summary>
    protected Parameter RegisterParameter(string name, Tensor data)
    {
        var parameter = data is Parameter p ? p : new Parameter(data.detach_(), requires_grad: true);
        parameter.DetachFromDisposeScope();
        register_parameter(name, parameter);
        return parameter;
    }

    /// <summary>
    /// The setter half of a registered parameter's property. TorchSharp's to(device|dtype) replaces every parameter
    /// and assigns the replacement through the public property of the same name, if there is one; the setter must
    /// then re-register it (as TorchSharp's own layers do), or the module keeps the disposed original.
    /// </summary>
    protected Tensor? Reassign(string name, Tensor? value, bool parameter)
    {
        if (parameter) ConditionallyRegisterParameter(name, value is null ? null : value as Parameter ?? new Parameter(value));
        else ConditionallyRegisterBuffer(name, value);
        return value;
    }

    /// <summary>Registers state that is not trained (running statistics, counters, anchors).</summary>
    protected Tensor RegisterBuffer(string name, Tensor tensor, bool persistent = true)
    {
        tensor.DetachFromDisposeScope();
        register_buffer(name, tensor, persistent);
        return tensor;
    }
}
