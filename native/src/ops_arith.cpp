// Element-wise arithmetic and comparison: one export per ATen op.
#include "abl.h"

ABL_EXPORT Tensor* abl_add(Tensor* a, Tensor* b, double alpha) { ABL_TENSOR(at::add(*a, *b, alpha)) }
ABL_EXPORT Tensor* abl_add_scalar(Tensor* a, double b) { ABL_TENSOR(at::add(*a, b)) }
ABL_EXPORT Tensor* abl_sub(Tensor* a, Tensor* b) { ABL_TENSOR(at::sub(*a, *b)) }
ABL_EXPORT Tensor* abl_rsub_scalar(Tensor* a, double b) { ABL_TENSOR(at::rsub(*a, b)) }
ABL_EXPORT Tensor* abl_mul(Tensor* a, Tensor* b) { ABL_TENSOR(at::mul(*a, *b)) }
ABL_EXPORT Tensor* abl_mul_scalar(Tensor* a, double b) { ABL_TENSOR(at::mul(*a, b)) }
ABL_EXPORT Tensor* abl_div(Tensor* a, Tensor* b) { ABL_TENSOR(at::div(*a, *b)) }
ABL_EXPORT Tensor* abl_div_scalar(Tensor* a, double b) { ABL_TENSOR(at::div(*a, b)) }
ABL_EXPORT Tensor* abl_neg(Tensor* a) { ABL_TENSOR(at::neg(*a)) }

ABL_EXPORT int32_t abl_add_(Tensor* a, Tensor* b, double alpha) { ABL_STATUS(a->add_(*b, alpha);) }
ABL_EXPORT int32_t abl_mul_(Tensor* a, Tensor* b) { ABL_STATUS(a->mul_(*b);) }
ABL_EXPORT int32_t abl_mul_scalar_(Tensor* a, double b) { ABL_STATUS(a->mul_(b);) }
ABL_EXPORT int32_t abl_zero_(Tensor* a) { ABL_STATUS(a->zero_();) }
ABL_EXPORT int32_t abl_copy_(Tensor* dst, Tensor* src) { ABL_STATUS(dst->copy_(*src);) }
