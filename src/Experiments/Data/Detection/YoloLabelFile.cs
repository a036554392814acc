using System.Globalization;

namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// A YOLO label file (ultralytics format): one object per line, <c>cls cx cy w h</c>, the class an index into
/// the data set's names and the box normalised by the image size. A missing file is an image without
/// objects; blank lines are skipped. Refused, each with the file and line: a line that is not five numbers,
/// a class outside the names, a coordinate outside [0, 1] (ultralytics' rule), a box of zero width or height.
/// </summary>
public static class YoloLabelFile
{
    public static IReadOnlyList<LabelBox> Read(string path, int classes)
    {
        if (!File.Exists(path)) return [];
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataFormatException(path, $"unreadable label file: {e.Message}"); }
        var boxes = new List<LabelBox>();
        for (int n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0) continue;
            boxes.Add(ParseLine(path, n + 1, line, classes));
        }
        return boxes;
    }

    private static LabelBox ParseLine(string path, int lineNumber, string line, int classes)
    {
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        string at = $"line {lineNumber}";
        if (fields.Length != 5)
            throw new DataFormatException(path, $"{at}: malformed: '{Clip(line)}' has {fields.Length} fields, allowed: 'cls cx cy w h' (5 numbers)");
        var v = new double[5];
        for (int i = 0; i < 5; i++)
            if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]))
                throw new DataFormatException(path, $"{at}: malformed: '{fields[i]}' is not a number, allowed: 'cls cx cy w h' (5 numbers)");
        if (v[0] != Math.Floor(v[0]) || v[0] < 0 || v[0] >= classes)
            throw new DataFormatException(path, $"{at}: class {fields[0]} is outside names, allowed: an integer in 0..{classes - 1}");
        for (int i = 1; i < 5; i++)
            if (v[i] < 0 || v[i] > 1)
                throw new DataFormatException(path, $"{at}: box outside [0, 1]: '{Clip(line)}', allowed: cx cy w h normalised to [0, 1]");
        if (v[3] == 0 || v[4] == 0)
            throw new DataFormatException(path, $"{at}: zero-size box: '{Clip(line)}', allowed: w > 0 and h > 0");
        return new LabelBox((int)v[0], (float)v[1], (float)v[2], (float)v[3], (float)v[4]);
    }

    /// <summary>Writes boxes as label lines with six decimals (what ultralytics' converters write).</summary>
    public static void Write(string path, IEnumerable<LabelBox> boxes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllLines(path, boxes.Select(b => string.Create(CultureInfo.InvariantCulture,
            $"{b.Class} {b.Cx:0.######} {b.Cy:0.######} {b.W:0.######} {b.H:0.######}")));
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
