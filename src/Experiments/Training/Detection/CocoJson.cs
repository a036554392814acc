using System.Text.Json;
using Ablation.Experiments.Data;

namespace Ablation.Experiments.Training.Detection;

/// <summary>
/// COCO JSON files: the instances format (<c>images</c>, <c>annotations</c> with <c>bbox</c> [x, y, w, h],
/// <c>area</c>, <c>iscrowd</c>, and <c>categories</c>) and the results format that pycocotools' <c>loadRes</c>
/// reads for boxes (a list of <c>{image_id, category_id, bbox, score}</c>). Unknown fields are ignored, as
/// pycocotools ignores them. A missing <c>area</c> is the box's area and a missing <c>iscrowd</c> is 0 (files
/// written by hand often lack them; pycocotools would fail on the first). Every defect is a
/// <see cref="DataFormatException"/> whose one-line message names the file and the field
/// (<c>gt.json: annotations[3].bbox: ...</c>).
/// </summary>
public static class CocoJson
{
    public static CocoGroundTruth ReadInstances(string path)
    {
        using var doc = Parse(path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new DataFormatException(path, "expected a JSON object with images, annotations and categories (a COCO instances file)");
        try
        {
            var images = Items(root, "images").Select((e, i) => new CocoImage(
                Id(e, $"images[{i}]", "id"),
                OptionalString(e, $"images[{i}]", "file_name") ?? "",
                (int)OptionalNumber(e, $"images[{i}]", "width", 0),
                (int)OptionalNumber(e, $"images[{i}]", "height", 0))).ToList();
            var categories = Items(root, "categories").Select((e, i) => new CocoCategory(
                Id(e, $"categories[{i}]", "id"),
                OptionalString(e, $"categories[{i}]", "name") ?? Id(e, $"categories[{i}]", "id").ToString(),
                OptionalString(e, $"categories[{i}]", "supercategory") ?? "")).ToList();
            var annotations = Items(root, "annotations").Select((e, i) =>
            {
                string at = $"annotations[{i}]";
                var box = Box(e, at);
                return new CocoAnnotation(Id(e, at, "id"), Id(e, at, "image_id"), Id(e, at, "category_id"), box,
                    OptionalNumber(e, at, "area", box.Area), Crowd(e, at));
            }).ToList();
            return CocoGroundTruth.Create(images, categories, annotations);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(path, e.Message);
        }
    }

    /// <summary>
    /// Reads a results file. With <paramref name="truth"/>, a detection naming an image or category it lacks
    /// is refused with its index and id.
    /// </summary>
    public static IReadOnlyList<CocoDetection> ReadResults(string path, CocoGroundTruth? truth = null)
    {
        using var doc = Parse(path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
            throw new DataFormatException(path, "expected a JSON list of {image_id, category_id, bbox, score} (a COCO results file)");
        try
        {
            var detections = root.EnumerateArray().Select((e, i) =>
            {
                string at = $"[{i}]";
                if (e.ValueKind != JsonValueKind.Object) throw new ArgumentException($"{at}: expected an object {{image_id, category_id, bbox, score}}");
                var score = Number(e, at, "score");
                if (!double.IsFinite(score)) throw new ArgumentException($"{at}.score: {score}, allowed: a finite number");
                var box = Box(e, at);
                if (box.Width < 0 || box.Height < 0) throw new ArgumentException($"{at}.bbox: width and height must be >= 0");
                return new CocoDetection(Id(e, at, "image_id"), Id(e, at, "category_id"), box, score);
            }).ToList();
            truth?.CheckDetections(detections);
            return detections;
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(path, e.Message);
        }
    }

    public static void WriteInstances(string path, CocoGroundTruth truth)
    {
        Write(path, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("images");
            foreach (var i in truth.Images)
            {
                w.WriteStartObject();
                w.WriteNumber("id", i.Id);
                w.WriteString("file_name", i.FileName);
                w.WriteNumber("width", i.Width);
                w.WriteNumber("height", i.Height);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("annotations");
            foreach (var a in truth.Annotations)
            {
                w.WriteStartObject();
                w.WriteNumber("id", a.Id);
                w.WriteNumber("image_id", a.ImageId);
                w.WriteNumber("category_id", a.CategoryId);
                WriteBox(w, a.Bbox);
                w.WriteNumber("area", a.Area);
                w.WriteNumber("iscrowd", a.IsCrowd ? 1 : 0);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("categories");
            foreach (var c in truth.Categories)
            {
                w.WriteStartObject();
                w.WriteNumber("id", c.Id);
                w.WriteString("name", c.Name);
                w.WriteString("supercategory", c.Supercategory);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static void WriteResults(string path, IEnumerable<CocoDetection> detections)
    {
        Write(path, w =>
        {
            w.WriteStartArray();
            foreach (var d in detections)
            {
                w.WriteStartObject();
                w.WriteNumber("image_id", d.ImageId);
                w.WriteNumber("category_id", d.CategoryId);
                WriteBox(w, d.Bbox);
                w.WriteNumber("score", d.Score);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    private static void WriteBox(Utf8JsonWriter w, CocoBox b)
    {
        w.WriteStartArray("bbox");
        w.WriteNumberValue(b.X);
        w.WriteNumberValue(b.Y);
        w.WriteNumberValue(b.Width);
        w.WriteNumberValue(b.Height);
        w.WriteEndArray();
    }

    /// <summary>Writes to a temporary file first, so a failed write never leaves half a file under the name.</summary>
    private static void Write(string path, Action<Utf8JsonWriter> body)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        using (var stream = File.Create(tmp))
        using (var w = new Utf8JsonWriter(stream))
            body(w);
        File.Move(tmp, path, overwrite: true);
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (FileNotFoundException) { throw new DataFormatException(path, "file not found"); }
        catch (DirectoryNotFoundException) { throw new DataFormatException(path, "file not found"); }
        catch (UnauthorizedAccessException) { throw new DataFormatException(path, "cannot be read (permission denied)"); }
        catch (JsonException e)
        {
            throw new DataFormatException(path, $"not valid JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message.Split('.')[0]}");
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement root, string list)
    {
        if (!root.TryGetProperty(list, out var e)) throw new ArgumentException($"{list}: missing, allowed: a list (a COCO instances file has images, annotations, categories)");
        if (e.ValueKind != JsonValueKind.Array) throw new ArgumentException($"{list}: expected a list, got {e.ValueKind.ToString().ToLowerInvariant()}");
        return e.EnumerateArray().Select((item, i) =>
            item.ValueKind == JsonValueKind.Object ? item : throw new ArgumentException($"{list}[{i}]: expected an object"));
    }

    private static long Id(JsonElement e, string at, string field)
    {
        if (!e.TryGetProperty(field, out var v)) throw new ArgumentException($"{at}.{field}: missing, allowed: an integer id");
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var id)) return id;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15) return (long)d;
        throw new ArgumentException($"{at}.{field}: {v.GetRawText()}, allowed: an integer id");
    }

    private static double Number(JsonElement e, string at, string field)
    {
        if (!e.TryGetProperty(field, out var v)) throw new ArgumentException($"{at}.{field}: missing, allowed: a number");
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new ArgumentException($"{at}.{field}: {v.GetRawText()}, allowed: a number");
    }

    private static double OptionalNumber(JsonElement e, string at, string field, double fallback) =>
        e.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null ? Number(e, at, field) : fallback;

    private static string? OptionalString(JsonElement e, string at, string field)
    {
        if (!e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new ArgumentException($"{at}.{field}: {v.GetRawText()}, allowed: a string");
    }

    private static bool Crowd(JsonElement e, string at)
    {
        if (!e.TryGetProperty("iscrowd", out var v) || v.ValueKind == JsonValueKind.Null) return false;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when v.TryGetInt32(out var n) && n is 0 or 1 => n == 1,
            _ => throw new ArgumentException($"{at}.iscrowd: {v.GetRawText()}, allowed: 0 or 1"),
        };
    }

    private static CocoBox Box(JsonElement e, string at)
    {
        if (!e.TryGetProperty("bbox", out var v)) throw new ArgumentException($"{at}.bbox: missing, allowed: [x, y, width, height]");
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 4 || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number))
            throw new ArgumentException($"{at}.bbox: {Clip(v.GetRawText())}, allowed: [x, y, width, height] (4 numbers)");
        var n = v.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        if (n.Any(x => !double.IsFinite(x))) throw new ArgumentException($"{at}.bbox: {Clip(v.GetRawText())}, allowed: finite numbers");
        return new CocoBox(n[0], n[1], n[2], n[3]);
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
