namespace Ablation.TorchSupport;

/// <summary>The cost of one op name: calls, multiply-accumulates, and elements touched.</summary>
public readonly record struct OpCost(long Calls, long Macs, long Elements);
