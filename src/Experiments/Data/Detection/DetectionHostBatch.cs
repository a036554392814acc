namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// A detection batch in managed memory: <see cref="Count"/> images of 8-bit RGB, planar (N, 3, S, S), and
/// their targets as rows (image_index, cls, cx, cy, w, h) normalised to [0, 1] (ultralytics' layout: the
/// model's input is <c>pixels / 255</c>, the loss scales the boxes by the grid). For evaluation, each image's
/// data set index, original size and letterbox map predictions back to the original pixels.
/// </summary>
public sealed class DetectionHostBatch
{
    internal DetectionHostBatch(int capacity, int size)
    {
        Size = size;
        Pixels = new byte[(long)capacity * 3 * size * size];
        Indices = new int[capacity];
        Letterboxes = new LetterboxTransform[capacity];
        OriginalSizes = new (int, int)[capacity];
    }

    /// <summary>The batch's position in the epoch (0-based).</summary>
    public int Index { get; internal set; }

    public int Count { get; internal set; }

    /// <summary>The input side S.</summary>
    public int Size { get; }

    /// <summary>(Count, 3, S, S) RGB bytes; the buffer may be longer than Count images.</summary>
    public byte[] Pixels { get; }

    public List<DetectionTarget> Targets { get; } = new();

    /// <summary>The data set index of each image.</summary>
    public int[] Indices { get; }

    /// <summary>How each image was placed in the input (identity for a mosaic or a flipped image).</summary>
    public LetterboxTransform[] Letterboxes { get; }

    public (int Width, int Height)[] OriginalSizes { get; }

    /// <summary>The pixels as floats in [0, 1] (<c>img.float() / 255</c>), (Count, 3, S, S), into <paramref name="output"/>.</summary>
    public void CopyNormalised(Span<float> output)
    {
        int n = Count * 3 * Size * Size;
        if (output.Length < n) throw new ArgumentException($"output of {output.Length} floats, need {n}");
        const float scale = 1f / 255f;
        for (int i = 0; i < n; i++) output[i] = Pixels[i] * scale;
    }

    /// <summary>The targets as a (rows, 6) row-major float array.</summary>
    public float[] TargetRows()
    {
        var rows = new float[Targets.Count * 6];
        for (int i = 0; i < Targets.Count; i++)
        {
            var t = Targets[i];
            rows[6 * i] = t.ImageIndex;
            rows[6 * i + 1] = t.Class;
            rows[6 * i + 2] = t.Cx;
            rows[6 * i + 3] = t.Cy;
            rows[6 * i + 4] = t.W;
            rows[6 * i + 5] = t.H;
        }
        return rows;
    }

    internal void Write(int slot, RgbImage image)
    {
        int plane = Size * Size;
        int offset = slot * 3 * plane;
        var src = image.Pixels;
        for (int i = 0, j = 0; i < plane; i++, j += 3)
        {
            Pixels[offset + i] = src[j];
            Pixels[offset + plane + i] = src[j + 1];
            Pixels[offset + 2 * plane + i] = src[j + 2];
        }
    }
}
