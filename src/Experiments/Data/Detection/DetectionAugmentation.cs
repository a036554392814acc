namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// The training augmentation of a detector, with YOLOv5's hyperparameter names and the values of its
/// hyp.scratch-low.yaml as <see cref="YoloV5"/>: HSV gains (<c>hsv_h</c> 0.015, <c>hsv_s</c> 0.7, <c>hsv_v</c> 0.4),
/// horizontal flip probability (<c>fliplr</c> 0.5), random affine (<c>degrees</c> 0, <c>translate</c> 0.1,
/// <c>scale</c> 0.5, <c>shear</c> 0), mosaic probability (<c>mosaic</c> 1.0), and <see cref="CloseMosaic"/>: mosaic
/// is off for the last N epochs (ultralytics' <c>close_mosaic</c>, so the model ends on images like the
/// validation ones). <see cref="None"/> is the evaluation transform: letterbox only.
/// </summary>
public sealed record DetectionAugmentation(
    float HsvH = 0, float HsvS = 0, float HsvV = 0, float FlipLR = 0,
    float Degrees = 0, float Translate = 0, float Scale = 0, float Shear = 0,
    float Mosaic = 0, int CloseMosaic = 0)
{
    public static readonly DetectionAugmentation None = new();

    public static readonly DetectionAugmentation YoloV5 = new(HsvH: 0.015f, HsvS: 0.7f, HsvV: 0.4f, FlipLR: 0.5f,
        Translate: 0.1f, Scale: 0.5f, Mosaic: 1.0f, CloseMosaic: 10);

    public bool HasAffine => Degrees != 0 || Translate != 0 || Scale != 0 || Shear != 0;

    /// <summary>Whether mosaic may be drawn in <paramref name="epoch"/> (0-based) of <paramref name="epochs"/>.</summary>
    public bool MosaicOpen(int epoch, int epochs) => Mosaic > 0 && epoch < epochs - CloseMosaic;
}
