using Ablation.TorchSupport;
using System.Diagnostics;
using Ablation.Experiments.Data.Detection;
using Ablation.Experiments.Detectors;
using Ablation.Experiments.Training.Detection;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Experiments.Training;

/// <summary>
/// One evaluation of a detector on a validation split as YOLOv5's val.py does it: letterboxed batches through
/// the eval-mode model (decoded boxes), NMS (conf 0.001, IoU 0.6, max_det 300, class-aware, multi-label), boxes
/// mapped back to the original images, then COCO bbox mAP (<see cref="CocoEvaluator"/>, pycocotools' semantics).
/// </summary>
public static class DetectionEvaluation
{
    public sealed record Result(CocoMetrics Metrics, IReadOnlyList<CocoDetection> Detections, double Seconds, int Images);

    public static Result Run(nn.Module<Tensor, Tensor> model, DetectionBatchPipeline val, CocoGroundTruth truth,
        Device device, NmsOptions? nms = null)
    {
        bool wasTraining = model.training;
        model.eval();
        var clock = Stopwatch.StartNew();
        var detections = new List<CocoDetection>();
        int images = 0;
        using (torch.inference_mode())
        {
            foreach (var host in val.HostBatches(0))
            {
                using var fence = NativeCallFence.Enter();
                using var scope = torch.NewDisposeScope();
                var (x, _) = DetectionBatchTensors.ToTensors(host);
                var kept = Nms.NonMaxSuppression(model.forward(MemoryLayout.ChannelsLast(x.to(device))), nms);
                for (int k = 0; k < host.Count; k++)
                {
                    // TorchSharp's accessor throws on an empty tensor: an image without detections adds none.
                    if (kept[k].shape[0] == 0) continue;
                    var rows = kept[k].cpu().data<float>().ToArray();
                    for (int r = 0; r + 5 < rows.Length; r += 6)
                        detections.Add(DetectionCoco.Detection(host.Indices[k], (int)rows[r + 5], rows[r], rows[r + 1], rows[r + 2], rows[r + 3],
                            rows[r + 4], host.Letterboxes[k], host.OriginalSizes[k]));
                }
                images += host.Count;
                val.Recycle(host);
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        if (wasTraining) model.train();
        var names = val.Source.Names;
        var metrics = new CocoEvaluator().Evaluate(truth, detections)
            .Summarize(id => id >= 0 && id < names.Count ? names[(int)id] : id.ToString());
        return new Result(metrics, detections, seconds, images);
    }
}
