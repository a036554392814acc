namespace Ablation.Reports.Papers;

/// <summary>
/// How close a measurement must be to a published number to count as reproduced: accuracy (top-1, top-5, and a
/// detector's mAP and mAP50) in percentage points (absolute), params and MACs as relative differences (0.001 = 0.1%).
/// </summary>
public sealed record PaperTolerance(double Top1Pp = 0.5, double Top5Pp = 0.5, double ParamsRel = 0.001, double MacsRel = 0.001,
    double MapPp = 0.5)
{
    public static readonly PaperTolerance Default = new();
}
