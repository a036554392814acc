// Losses: one export per ATen op. `reduction` is at::Reduction: 0 none, 1 mean, 2 sum.
#include "abl.h"

// Class-index targets (int64) or class-probability targets (float), as torch.nn.functional.cross_entropy.
ABL_EXPORT Tensor* abl_cross_entropy(Tensor* input, Tensor* target, Tensor* weight, int64_t reduction,
                                     int64_t ignore_index, double label_smoothing) {
  ABL_TENSOR(at::cross_entropy_loss(*input, *target, abl::opt(weight), reduction, ignore_index, label_smoothing))
}
ABL_EXPORT Tensor* abl_nll_loss(Tensor* input, Tensor* target, Tensor* weight, int64_t reduction, int64_t ignore_index) {
  ABL_TENSOR(at::nll_loss_nd(*input, *target, abl::opt(weight), reduction, ignore_index))
}
ABL_EXPORT Tensor* abl_mse_loss(Tensor* input, Tensor* target, int64_t reduction) {
  ABL_TENSOR(at::mse_loss(*input, *target, reduction))
}
ABL_EXPORT Tensor* abl_binary_cross_entropy_with_logits(Tensor* input, Tensor* target, Tensor* weight, int64_t reduction) {
  ABL_TENSOR(at::binary_cross_entropy_with_logits(*input, *target, abl::opt(weight), c10::nullopt, reduction))
}
