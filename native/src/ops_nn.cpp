// Neural-network ops (convolution, normalisation, activations, pooling, losses): one export per ATen op.
#include "abl.h"

ABL_EXPORT Tensor* abl_conv2d(Tensor* input, Tensor* weight, Tensor* bias, const int64_t* stride,
                              const int64_t* padding, const int64_t* dilation, int64_t groups) {
  ABL_TENSOR(at::conv2d(*input, *weight, bias ? *bias : at::Tensor(), abl::dims(stride, 2),
                        abl::dims(padding, 2), abl::dims(dilation, 2), groups))
}
ABL_EXPORT Tensor* abl_relu(Tensor* a) { ABL_TENSOR(at::relu(*a)) }
ABL_EXPORT Tensor* abl_matmul(Tensor* a, Tensor* b) { ABL_TENSOR(at::matmul(*a, *b)) }
ABL_EXPORT Tensor* abl_sum(Tensor* a, const int64_t* dims, int32_t ndims, uint8_t keepdim) {
  ABL_TENSOR(ndims == 0 ? at::sum(*a) : at::sum(*a, abl::dims(dims, ndims), keepdim != 0))
}
ABL_EXPORT Tensor* abl_mean(Tensor* a, const int64_t* dims, int32_t ndims, uint8_t keepdim) {
  ABL_TENSOR(ndims == 0 ? at::mean(*a) : at::mean(*a, abl::dims(dims, ndims), keepdim != 0))
}
