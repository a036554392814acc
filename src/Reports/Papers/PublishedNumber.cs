using System.Globalization;

namespace Ablation.Reports.Papers;

/// <summary>
/// A number as a paper prints it: its value and how many decimals were printed, so a measurement can be
/// checked "to the digits given" (25.56M params matches 25,557,032 because it rounds to 25.56).
/// </summary>
public sealed record PublishedNumber(double Value, int Decimals)
{
    /// <summary>Parses the printed text ("25.56", "3.858", "24"); invariant culture.</summary>
    public static PublishedNumber Parse(string text)
    {
        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        int dot = text.IndexOf('.');
        int exp = text.IndexOfAny(['e', 'E']);
        int decimals = dot < 0 ? 0 : (exp < 0 ? text.Length : exp) - dot - 1;
        if (exp >= 0) decimals = Math.Max(0, decimals - int.Parse(text[(exp + 1)..], CultureInfo.InvariantCulture));
        return new PublishedNumber(value, decimals);
    }

    /// <summary>True when <paramref name="measured"/> (in the same unit) rounds to the printed value.</summary>
    public bool MatchesRounded(double measured) =>
        Math.Abs(Math.Round(measured, Decimals, MidpointRounding.AwayFromZero) - Value) < 0.5 * Math.Pow(10, -Decimals - 3);

    /// <summary>(measured - published) / published.</summary>
    public double RelativeDifference(double measured) => (measured - Value) / Value;

    public override string ToString() => Value.ToString("F" + Decimals, CultureInfo.InvariantCulture);
}
