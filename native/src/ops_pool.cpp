// Pooling: one export per ATen op. Window arguments are (height, width) pairs.
#include "abl.h"

ABL_EXPORT Tensor* abl_max_pool2d(Tensor* input, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                                  const int64_t* dilation, uint8_t ceil_mode) {
  ABL_TENSOR(at::max_pool2d(*input, abl::dims(kernel, 2), abl::dims(stride, 2), abl::dims(padding, 2),
                            abl::dims(dilation, 2), ceil_mode != 0))
}
ABL_EXPORT Tensor* abl_avg_pool2d(Tensor* input, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                                  uint8_t ceil_mode, uint8_t count_include_pad) {
  ABL_TENSOR(at::avg_pool2d(*input, abl::dims(kernel, 2), abl::dims(stride, 2), abl::dims(padding, 2),
                            ceil_mode != 0, count_include_pad != 0))
}
ABL_EXPORT Tensor* abl_adaptive_avg_pool2d(Tensor* input, const int64_t* output_size) {
  ABL_TENSOR(at::adaptive_avg_pool2d(*input, abl::dims(output_size, 2)))
}
ABL_EXPORT Tensor* abl_adaptive_max_pool2d(Tensor* input, const int64_t* output_size) {
  ABL_TENSOR(std::get<0>(at::adaptive_max_pool2d(*input, abl::dims(output_size, 2))))
}
