using System.Globalization;

namespace Ablation.Reports.Output;

/// <summary>
/// Number text for machine-readable files: invariant culture, no thousands separators, shortest text that
/// round-trips (full precision); missing (null, NaN) as an empty cell.
/// </summary>
public static class Numbers
{
    public static string Full(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    public static string Full(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>Fixed decimals for people (tables): invariant, no separators, "–" when missing.</summary>
    public static string Fixed(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("F" + decimals, CultureInfo.InvariantCulture) : "–";

    /// <summary>Fixed decimals with an explicit sign (+1.25, -0.40), for deltas.</summary>
    public static string Signed(double value, int decimals) =>
        !double.IsFinite(value) ? "–" : (value >= 0 ? "+" : "-") + Math.Abs(value).ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static double? Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
