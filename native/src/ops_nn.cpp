// Layers' ops: convolution, linear, normalisation, dropout, padding. One export per ATen op.
#include "abl.h"

ABL_EXPORT Tensor* abl_conv1d(Tensor* input, Tensor* weight, Tensor* bias, int64_t stride, int64_t padding,
                              int64_t dilation, int64_t groups) {
  ABL_TENSOR(at::conv1d(*input, *weight, abl::opt(bias), stride, padding, dilation, groups))
}
ABL_EXPORT Tensor* abl_conv2d(Tensor* input, Tensor* weight, Tensor* bias, const int64_t* stride,
                              const int64_t* padding, const int64_t* dilation, int64_t groups) {
  ABL_TENSOR(at::conv2d(*input, *weight, bias ? *bias : at::Tensor(), abl::dims(stride, 2),
                        abl::dims(padding, 2), abl::dims(dilation, 2), groups))
}
ABL_EXPORT Tensor* abl_linear(Tensor* input, Tensor* weight, Tensor* bias) {
  ABL_TENSOR(at::linear(*input, *weight, abl::opt(bias)))
}
// Running statistics (when given) are updated in place in training mode, as torch.nn.functional.batch_norm.
ABL_EXPORT Tensor* abl_batch_norm(Tensor* input, Tensor* weight, Tensor* bias, Tensor* running_mean,
                                  Tensor* running_var, uint8_t training, double momentum, double eps) {
  ABL_TENSOR(at::batch_norm(*input, abl::opt(weight), abl::opt(bias), abl::opt(running_mean), abl::opt(running_var),
                            training != 0, momentum, eps, true))
}
ABL_EXPORT Tensor* abl_layer_norm(Tensor* input, const int64_t* shape, int32_t ndim, Tensor* weight, Tensor* bias, double eps) {
  ABL_TENSOR(at::layer_norm(*input, abl::dims(shape, ndim), abl::opt(weight), abl::opt(bias), eps))
}
ABL_EXPORT Tensor* abl_group_norm(Tensor* input, int64_t groups, Tensor* weight, Tensor* bias, double eps) {
  ABL_TENSOR(at::group_norm(*input, groups, abl::opt(weight), abl::opt(bias), eps))
}
ABL_EXPORT Tensor* abl_dropout(Tensor* input, double p, uint8_t train) { ABL_TENSOR(at::dropout(*input, p, train != 0)) }
// Constant padding; `pad` lists (before, after) pairs from the last dimension backwards, as F.pad.
ABL_EXPORT Tensor* abl_constant_pad(Tensor* input, const int64_t* pad, int32_t npad, double value) {
  ABL_TENSOR(at::constant_pad_nd(*input, abl::dims(pad, npad), value))
}
