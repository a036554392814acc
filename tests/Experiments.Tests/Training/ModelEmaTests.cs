using Ablation.Experiments.Training;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Ablation.Experiments.Tests.Training;

public class ModelEmaTests
{
    [Fact]
    public void Follows_yolov5s_update_rule()
    {
        // v <- d v + (1 - d) theta with d = decay (1 - exp(-updates / tau)); integer buffers copied.
        using var model = nn.Sequential(nn.Linear(2, 1), nn.BatchNorm1d(1));
        using var copy = nn.Sequential(nn.Linear(2, 1), nn.BatchNorm1d(1));
        using (no_grad()) model.parameters().First().copy_(tensor(new float[] { 1, 2 }).view(1, 2));
        var ema = new ModelEma(model, copy, decay: 0.9, tau: 2);
        Assert.Equal(new float[] { 1, 2 }, copy.parameters().First().data<float>().ToArray());
        using (no_grad()) model.parameters().First().copy_(tensor(new float[] { 3, 6 }).view(1, 2));
        model.state_dict()["1.num_batches_tracked"].fill_(5);
        ema.Update(model);
        double d = 0.9 * (1 - Math.Exp(-1 / 2.0));
        var v = copy.parameters().First().data<float>().ToArray();
        Assert.Equal(d * 1 + (1 - d) * 3, v[0], 5);
        Assert.Equal(d * 2 + (1 - d) * 6, v[1], 5);
        Assert.Equal(5, copy.state_dict()["1.num_batches_tracked"].item<long>());
        Assert.Equal(1, ema.Updates);
        Assert.False(copy.training);
    }
}
