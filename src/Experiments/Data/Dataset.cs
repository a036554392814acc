namespace Ablation.Experiments.Data;

/// <summary>
/// A loaded data set: both splits, the number of classes, and the normalisation constants (per-channel
/// mean and std of the training split in [0, 1]) that every batch is normalised with.
/// </summary>
public sealed record Dataset(string Name, ImageSet Train, ImageSet Test, int Classes, float[] Mean, float[] Std)
{
    public int Channels => Train.Channels;
    public int ImageSize => Train.Height;

    /// <summary>Builds a data set and computes its normalisation from the training split.</summary>
    public static Dataset FromSplits(string name, ImageSet train, ImageSet test, int classes)
    {
        if (train.Channels != test.Channels || train.Height != test.Height || train.Width != test.Width)
            throw new ArgumentException(
                $"{name}: train images are {train.Channels}x{train.Height}x{train.Width}, test images {test.Channels}x{test.Height}x{test.Width}");
        var (mean, std) = train.ChannelStatistics();
        return new Dataset(name, train, test, classes, mean, std);
    }
}
