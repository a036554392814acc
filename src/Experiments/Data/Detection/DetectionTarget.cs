namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// One row of a batch's targets, as ultralytics' collate function lays them out:
/// <c>(image_index, cls, cx, cy, w, h)</c>, the image's position in the batch and the box normalised to [0, 1]
/// by the input size.
/// </summary>
public readonly record struct DetectionTarget(int ImageIndex, int Class, float Cx, float Cy, float W, float H);
