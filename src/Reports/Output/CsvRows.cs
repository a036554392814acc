using System.Globalization;
using CsvHelper;

namespace Ablation.Reports.Output;

/// <summary>
/// Writes rows as CSV from a column list (name, formatter): a header line, then one line per row, invariant
/// culture. runs.csv and summary.csv differ only in their columns.
/// </summary>
internal static class CsvRows
{
    public static void Write<T>(string path, IReadOnlyList<(string Name, Func<T, string> Value)> columns, IEnumerable<T> rows)
    {
        using var writer = new StreamWriter(path);
        Write(writer, columns, rows);
    }

    public static void Write<T>(TextWriter writer, IReadOnlyList<(string Name, Func<T, string> Value)> columns, IEnumerable<T> rows)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var c in columns) csv.WriteField(c.Name);
        csv.NextRecord();
        foreach (var row in rows)
        {
            foreach (var c in columns) csv.WriteField(c.Value(row));
            csv.NextRecord();
        }
    }
}
