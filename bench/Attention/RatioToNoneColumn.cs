using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Ablation.Bench.Attention;

/// <summary>
/// Mean time of a case divided by the mean time of the `none` case with the same method and stage: how much
/// slower the module makes one bottleneck block (1.00 for `none` itself). BenchmarkDotNet's own Ratio
/// compares methods, not parameter values, hence this column.
/// </summary>
public sealed class RatioToNoneColumn : IColumn
{
    public string Id => nameof(RatioToNoneColumn);
    public string ColumnName => "Ratio vs none";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Mean time / mean time of `none` (the bottleneck alone) at the same stage and method";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var none = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.WorkloadMethod == benchmarkCase.Descriptor.WorkloadMethod &&
            Equals(c.Parameters["Stage"], benchmarkCase.Parameters["Stage"]) &&
            (string)c.Parameters["Attention"] == "none");
        var baseline = none is null ? null : summary[none]?.ResultStatistics?.Mean;
        return mean is { } m && baseline is { } b && b > 0
            ? (m / b).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)
            : "?";
    }

    public override string ToString() => ColumnName;
}
