using Ablation.Experiments.Data;
using Xunit;

namespace Ablation.Experiments.Tests.Data;

public class SyntheticDataTests
{
    private static DatasetSpec Spec(params (string, string)[] options) =>
        new("synthetic", null, options.ToDictionary(o => o.Item1, o => o.Item2));

    [Fact]
    public void Options_set_the_shape_and_the_same_options_give_the_same_bytes()
    {
        var spec = Spec(("train", "40"), ("test", "12"), ("image", "8"), ("channels", "2"), ("classes", "4"));
        var a = DatasetCatalog.Load(spec);
        var b = DatasetCatalog.Load(spec);
        Assert.Equal((40, 12, 2, 8, 4), (a.Train.Count, a.Test.Count, a.Channels, a.ImageSize, a.Classes));
        Assert.Equal(DatasetCatalog.Shape(spec), (2, 8, 4));
        Assert.True(a.Train.Image(17).SequenceEqual(b.Train.Image(17)));
        Assert.All(a.Train.Labels, l => Assert.InRange(l, 0, 3));
        Assert.True(a.Train.Labels.Distinct().Count() > 1);
    }

    [Fact]
    public void Classes_are_separable_by_their_mean_image()
    {
        // Nearest class-mean on the training split classifies the test split well above chance (1/5).
        var data = DatasetCatalog.Load(Spec(("train", "200"), ("test", "100"), ("classes", "5"), ("image", "8")));
        int size = data.Train.ImageSize;
        var means = new double[5, size];
        var counts = new int[5];
        for (int i = 0; i < data.Train.Count; i++)
        {
            int l = data.Train.Label(i);
            counts[l]++;
            var img = data.Train.Image(i);
            for (int p = 0; p < size; p++) means[l, p] += img[p];
        }
        int correct = 0;
        for (int i = 0; i < data.Test.Count; i++)
        {
            var img = data.Test.Image(i);
            int best = -1;
            double bestDistance = double.MaxValue;
            for (int k = 0; k < 5; k++)
            {
                double d = 0;
                for (int p = 0; p < size; p++)
                {
                    double diff = img[p] - means[k, p] / Math.Max(counts[k], 1);
                    d += diff * diff;
                }
                if (d < bestDistance) (best, bestDistance) = (k, d);
            }
            if (best == data.Test.Label(i)) correct++;
        }
        Assert.True(correct >= 80, $"nearest-mean accuracy {correct}/100");
    }

    [Fact]
    public void Unknown_options_and_bad_values_are_one_line_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetCatalog.Load(Spec(("pixels", "3"))));
        Assert.Contains("unknown option 'pixels'", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => DatasetCatalog.Load(Spec(("classes", "one"))));
        Assert.Contains("option 'classes' is 'one'", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => DatasetCatalog.Load(new DatasetSpec("imagenet")));
        Assert.Contains("allowed: cifar10, cifar100, fashion-mnist, mnist, synthetic", e3.Message);
    }
}
