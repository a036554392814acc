using System.Text.RegularExpressions;

namespace Ablation.Reports.Tests;

/// <summary>
/// A syntax check for generated LaTeX, short of compiling it: ASCII only, balanced braces and environments,
/// balanced inline math per line, no unescaped special characters outside math, and every tabular row with
/// as many cells as its column specification.
/// </summary>
internal static partial class LatexSyntax
{
    public static IReadOnlyList<string> Problems(string tex)
    {
        var problems = new List<string>();
        var lines = tex.Split('\n');
        int depth = 0;
        var environments = new Stack<string>();
        int? columns = null;
        for (int n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            string where = $"line {n + 1}";
            if (line.StartsWith('%')) continue;
            if (line.Any(c => c > 127)) problems.Add($"{where}: non-ASCII character");
            // Strip escaped characters so only syntax remains.
            var bare = Escaped().Replace(line, "");
            foreach (var c in bare)
            {
                if (c == '{') depth++;
                if (c == '}' && --depth < 0) { problems.Add($"{where}: unbalanced '}}'"); depth = 0; }
            }
            if (bare.Count(c => c == '$') % 2 != 0) problems.Add($"{where}: unbalanced $");
            var outsideMath = MathSpan().Replace(bare, "");
            foreach (var special in new[] { '%', '#', '_', '^', '~' })
                if (outsideMath.Contains(special)) problems.Add($"{where}: unescaped '{special}'");
            foreach (Match m in Environment().Matches(line))
            {
                if (m.Groups[1].Value == "begin") environments.Push(m.Groups[2].Value);
                else if (environments.Count == 0 || environments.Pop() != m.Groups[2].Value) problems.Add($"{where}: \\end{{{m.Groups[2].Value}}} does not close the open environment");
            }
            if (TabularSpec().Match(line) is { Success: true } spec) columns = spec.Groups[1].Value.Count(c => c is 'l' or 'r' or 'c');
            else if (line.TrimEnd().EndsWith("\\\\") && environments.Contains("tabular"))
            {
                int cells = bare.Count(c => c == '&') + 1;
                if (cells != columns) problems.Add($"{where}: {cells} cells, the tabular has {columns} columns");
            }
            else if (bare.Contains('&')) problems.Add($"{where}: '&' outside a tabular row");
        }
        if (depth != 0) problems.Add($"unbalanced braces at the end ({depth} open)");
        if (environments.Count != 0) problems.Add($"environments left open: {string.Join(", ", environments)}");
        return problems;
    }

    [GeneratedRegex(@"\\[&%$#_{}]")]
    private static partial Regex Escaped();

    [GeneratedRegex(@"\$[^$]*\$")]
    private static partial Regex MathSpan();

    [GeneratedRegex(@"\\(begin|end)\{([a-z*]+)\}")]
    private static partial Regex Environment();

    [GeneratedRegex(@"\\begin\{tabular\}\{([lrc|]+)\}")]
    private static partial Regex TabularSpec();
}
