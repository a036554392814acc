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

    /// <summary>Registers a submodule under <paramref name="name"/>.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        register_module(name, module);
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

    /// <summary>Registers state that is not trained (running statistics, counters, anchors).</summary>
    protected Tensor RegisterBuffer(string name, Tensor tensor, bool persistent = true)
    {
        tensor.DetachFromDisposeScope();
        register_buffer(name, tensor, persistent);
        return tensor;
    }
}
