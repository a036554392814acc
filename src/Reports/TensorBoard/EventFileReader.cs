using System.Buffers.Binary;

namespace Ablation.Reports.TensorBoard;

/// <summary>One scalar point of a TensorBoard event file: its tag, step, wall time (seconds since the epoch) and value.</summary>
public sealed record ScalarPoint(string Tag, long Step, double WallTime, double Value);

/// <summary>
/// Reads the scalars of TensorBoard event files (events.out.tfevents.*) without TensorFlow: TFRecord framing
/// (<see cref="TfRecordReader"/>, CRCs checked) around tensorflow/core/util/event.proto's <c>Event</c>
/// { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }, whose
/// <c>Summary</c> { repeated Value value = 1 } holds <c>Value</c> { string tag = 1; float simple_value = 2;
/// TensorProto tensor = 8 }. A scalar is either simple_value (PyTorch's and TorchSharp's add_scalar) or a
/// scalar tensor of dtype float (1) or double (2) in float_val (5), double_val (6) or tensor_content (4)
/// (tensorflow/core/framework/tensor.proto, the "new style" scalars).
/// </summary>
public static class EventFileReader
{
    public const int DtFloat = 1, DtDouble = 2;

    /// <summary>The first record's file_version ("brain.Event:2"), or null when it has none.</summary>
    public static string? FileVersion(string path) =>
        TfRecordReader.Read(path).Select(r => ProtoReader.Fields(r).FirstOrDefault(f => f.Number == 3 && f.WireType == ProtoField.LengthDelimitedType))
            .Select(f => f.Bytes.IsEmpty ? null : f.AsString).FirstOrDefault();

    public static IReadOnlyList<ScalarPoint> Scalars(string path, bool strict = true)
    {
        var points = new List<ScalarPoint>();
        foreach (var record in TfRecordReader.Read(path, strict))
        {
            double wall = 0;
            long step = 0;
            var summaries = new List<ReadOnlyMemory<byte>>();
            foreach (var f in ProtoReader.Fields(record))
                switch (f.Number)
                {
                    case 1 when f.WireType == ProtoField.Fixed64Type: wall = f.AsDouble; break;
                    case 2 when f.WireType == ProtoField.VarintType: step = f.AsInt64; break;
                    case 5 when f.WireType == ProtoField.LengthDelimitedType: summaries.Add(f.Bytes); break;
                }
            foreach (var summary in summaries)
                foreach (var v in ProtoReader.Fields(summary).Where(f => f.Number == 1 && f.WireType == ProtoField.LengthDelimitedType))
                    if (ValueOf(v.Bytes) is { } point) points.Add(new ScalarPoint(point.Tag, step, wall, point.Value));
        }
        return points;
    }

    /// <summary>Every event file under <paramref name="dir"/> (a run folder), in name order, scalars concatenated.</summary>
    public static IReadOnlyList<ScalarPoint> ScalarsIn(string dir) =>
        Directory.GetFiles(dir, "events.out.tfevents.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .SelectMany(f => Scalars(f)).ToList();

    private static (string Tag, double Value)? ValueOf(ReadOnlyMemory<byte> value)
    {
        string? tag = null;
        double? scalar = null;
        foreach (var f in ProtoReader.Fields(value))
            switch (f.Number)
            {
                case 1 when f.WireType == ProtoField.LengthDelimitedType: tag = f.AsString; break;
                case 2 when f.WireType == ProtoField.Fixed32Type: scalar = f.AsFloat; break;
                case 8 when f.WireType == ProtoField.LengthDelimitedType: scalar ??= TensorScalar(f.Bytes); break;
            }
        return tag is not null && scalar is { } s ? (tag, s) : null;
    }

    /// <summary>The single value of a float or double TensorProto, or null for other tensors (histograms, text, images).</summary>
    private static double? TensorScalar(ReadOnlyMemory<byte> tensor)
    {
        int dtype = 0;
        var values = new List<double>();
        ReadOnlyMemory<byte> content = default;
        foreach (var f in ProtoReader.Fields(tensor))
            switch (f.Number)
            {
                case 1 when f.WireType == ProtoField.VarintType: dtype = (int)f.Varint; break;
                case 4 when f.WireType == ProtoField.LengthDelimitedType: content = f.Bytes; break;
                case 5 when f.WireType == ProtoField.LengthDelimitedType: values.AddRange(ProtoReader.PackedFloats(f.Bytes).Select(x => (double)x)); break;
                case 5 when f.WireType == ProtoField.Fixed32Type: values.Add(f.AsFloat); break;
                case 6 when f.WireType == ProtoField.LengthDelimitedType:
                    for (int i = 0; i + 8 <= f.Bytes.Length; i += 8) values.Add(BinaryPrimitives.ReadDoubleLittleEndian(f.Bytes.Span[i..]));
                    break;
                case 6 when f.WireType == ProtoField.Fixed64Type: values.Add(f.AsDouble); break;
            }
        if (dtype == DtFloat && values.Count == 0 && content.Length == 4) values.Add(BinaryPrimitives.ReadSingleLittleEndian(content.Span));
        if (dtype == DtDouble && values.Count == 0 && content.Length == 8) values.Add(BinaryPrimitives.ReadDoubleLittleEndian(content.Span));
        return dtype is DtFloat or DtDouble && values.Count == 1 ? values[0] : null;
    }
}
