namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// One object of a YOLO label file: its class index and its box as centre and size, each normalised by the
/// image's width or height (so in [0, 1]): the line <c>cls cx cy w h</c>.
/// </summary>
public readonly record struct LabelBox(int Class, float Cx, float Cy, float W, float H);
