// Activations and softmax: one export per ATen op.
#include "abl.h"

ABL_EXPORT Tensor* abl_relu(Tensor* a) { ABL_TENSOR(at::relu(*a)) }
ABL_EXPORT Tensor* abl_hardtanh(Tensor* a, double min_val, double max_val) { ABL_TENSOR(at::hardtanh(*a, min_val, max_val)) }
ABL_EXPORT Tensor* abl_leaky_relu(Tensor* a, double negative_slope) { ABL_TENSOR(at::leaky_relu(*a, negative_slope)) }
ABL_EXPORT Tensor* abl_silu(Tensor* a) { ABL_TENSOR(at::silu(*a)) }
ABL_EXPORT Tensor* abl_hardswish(Tensor* a) { ABL_TENSOR(at::hardswish(*a)) }
ABL_EXPORT Tensor* abl_hardsigmoid(Tensor* a) { ABL_TENSOR(at::hardsigmoid(*a)) }
ABL_EXPORT Tensor* abl_mish(Tensor* a) { ABL_TENSOR(at::mish(*a)) }
ABL_EXPORT Tensor* abl_gelu(Tensor* a) { ABL_TENSOR(at::gelu(*a)) }
ABL_EXPORT Tensor* abl_sigmoid(Tensor* a) { ABL_TENSOR(at::sigmoid(*a)) }
ABL_EXPORT Tensor* abl_tanh(Tensor* a) { ABL_TENSOR(at::tanh(*a)) }
ABL_EXPORT Tensor* abl_softmax(Tensor* a, int64_t dim) { ABL_TENSOR(at::softmax(*a, dim)) }
ABL_EXPORT Tensor* abl_log_softmax(Tensor* a, int64_t dim) { ABL_TENSOR(at::log_softmax(*a, dim)) }
