// Element-wise arithmetic, math functions, comparison and the in-place updates optimizers use:
// one export per ATen op.
#include "abl.h"

ABL_EXPORT Tensor* abl_add(Tensor* a, Tensor* b, double alpha) { ABL_TENSOR(at::add(*a, *b, alpha)) }
ABL_EXPORT Tensor* abl_add_scalar(Tensor* a, double b) { ABL_TENSOR(at::add(*a, b)) }
ABL_EXPORT Tensor* abl_sub(Tensor* a, Tensor* b) { ABL_TENSOR(at::sub(*a, *b)) }
ABL_EXPORT Tensor* abl_rsub_scalar(Tensor* a, double b) { ABL_TENSOR(at::rsub(*a, b)) }
ABL_EXPORT Tensor* abl_mul(Tensor* a, Tensor* b) { ABL_TENSOR(at::mul(*a, *b)) }
ABL_EXPORT Tensor* abl_mul_scalar(Tensor* a, double b) { ABL_TENSOR(at::mul(*a, b)) }
ABL_EXPORT Tensor* abl_div(Tensor* a, Tensor* b) { ABL_TENSOR(at::div(*a, *b)) }
ABL_EXPORT Tensor* abl_div_scalar(Tensor* a, double b) { ABL_TENSOR(at::div(*a, b)) }
ABL_EXPORT Tensor* abl_rdiv_scalar(Tensor* a, double b) { ABL_TENSOR(at::mul(at::reciprocal(*a), b)) }
ABL_EXPORT Tensor* abl_neg(Tensor* a) { ABL_TENSOR(at::neg(*a)) }

// ---- math -------------------------------------------------------------------------------------------
ABL_EXPORT Tensor* abl_pow_scalar(Tensor* a, double exponent) { ABL_TENSOR(at::pow(*a, exponent)) }
ABL_EXPORT Tensor* abl_pow(Tensor* a, Tensor* exponent) { ABL_TENSOR(at::pow(*a, *exponent)) }
ABL_EXPORT Tensor* abl_sqrt(Tensor* a) { ABL_TENSOR(at::sqrt(*a)) }
ABL_EXPORT Tensor* abl_rsqrt(Tensor* a) { ABL_TENSOR(at::rsqrt(*a)) }
ABL_EXPORT Tensor* abl_abs(Tensor* a) { ABL_TENSOR(at::abs(*a)) }
ABL_EXPORT Tensor* abl_exp(Tensor* a) { ABL_TENSOR(at::exp(*a)) }
ABL_EXPORT Tensor* abl_log(Tensor* a) { ABL_TENSOR(at::log(*a)) }
ABL_EXPORT Tensor* abl_sign(Tensor* a) { ABL_TENSOR(at::sign(*a)) }
ABL_EXPORT Tensor* abl_maximum(Tensor* a, Tensor* b) { ABL_TENSOR(at::maximum(*a, *b)) }
ABL_EXPORT Tensor* abl_minimum(Tensor* a, Tensor* b) { ABL_TENSOR(at::minimum(*a, *b)) }
ABL_EXPORT Tensor* abl_clamp(Tensor* a, double min, uint8_t has_min, double max, uint8_t has_max) {
  ABL_TENSOR(at::clamp(*a, abl::opt(min, has_min), abl::opt(max, has_max)))
}
ABL_EXPORT Tensor* abl_where(Tensor* condition, Tensor* a, Tensor* b) { ABL_TENSOR(at::where(*condition, *a, *b)) }
ABL_EXPORT Tensor* abl_where_scalar(Tensor* condition, double a, double b) {
  ABL_TENSOR(at::where(*condition, at::Scalar(a), at::Scalar(b)))
}

// ---- comparison (bool results) ----------------------------------------------------------------------
#define ABL_COMPARE(name)                                                                            \
  ABL_EXPORT Tensor* abl_##name(Tensor* a, Tensor* b) { ABL_TENSOR(at::name(*a, *b)) }              \
  ABL_EXPORT Tensor* abl_##name##_scalar(Tensor* a, double b) { ABL_TENSOR(at::name(*a, b)) }
ABL_COMPARE(eq)
ABL_COMPARE(ne)
ABL_COMPARE(gt)
ABL_COMPARE(lt)
ABL_COMPARE(ge)
ABL_COMPARE(le)
ABL_EXPORT int32_t abl_equal(Tensor* a, Tensor* b, uint8_t* out) { ABL_STATUS(*out = at::equal(*a, *b) ? 1 : 0;) }

// ---- in place (optimizers, buffers) -----------------------------------------------------------------
ABL_EXPORT int32_t abl_add_(Tensor* a, Tensor* b, double alpha) { ABL_STATUS(a->add_(*b, alpha);) }
ABL_EXPORT int32_t abl_add_scalar_(Tensor* a, double b) { ABL_STATUS(a->add_(b);) }
ABL_EXPORT int32_t abl_sub_(Tensor* a, Tensor* b, double alpha) { ABL_STATUS(a->sub_(*b, alpha);) }
ABL_EXPORT int32_t abl_mul_(Tensor* a, Tensor* b) { ABL_STATUS(a->mul_(*b);) }
ABL_EXPORT int32_t abl_mul_scalar_(Tensor* a, double b) { ABL_STATUS(a->mul_(b);) }
ABL_EXPORT int32_t abl_div_(Tensor* a, Tensor* b) { ABL_STATUS(a->div_(*b);) }
ABL_EXPORT int32_t abl_div_scalar_(Tensor* a, double b) { ABL_STATUS(a->div_(b);) }
ABL_EXPORT int32_t abl_addcmul_(Tensor* a, Tensor* t1, Tensor* t2, double value) { ABL_STATUS(a->addcmul_(*t1, *t2, value);) }
ABL_EXPORT int32_t abl_addcdiv_(Tensor* a, Tensor* t1, Tensor* t2, double value) { ABL_STATUS(a->addcdiv_(*t1, *t2, value);) }
ABL_EXPORT int32_t abl_lerp_(Tensor* a, Tensor* end, double weight) { ABL_STATUS(a->lerp_(*end, weight);) }
ABL_EXPORT int32_t abl_sqrt_(Tensor* a) { ABL_STATUS(a->sqrt_();) }
ABL_EXPORT int32_t abl_pow_scalar_(Tensor* a, double exponent) { ABL_STATUS(a->pow_(exponent);) }
ABL_EXPORT int32_t abl_clamp_(Tensor* a, double min, uint8_t has_min, double max, uint8_t has_max) {
  ABL_STATUS(at::clamp_(*a, abl::opt(min, has_min), abl::opt(max, has_max));)
}
ABL_EXPORT int32_t abl_fill_(Tensor* a, double value) { ABL_STATUS(a->fill_(value);) }
ABL_EXPORT int32_t abl_zero_(Tensor* a) { ABL_STATUS(a->zero_();) }
ABL_EXPORT int32_t abl_copy_(Tensor* dst, Tensor* src) { ABL_STATUS(dst->copy_(*src);) }
ABL_EXPORT int32_t abl_relu_(Tensor* a) { ABL_STATUS(at::relu_(*a);) }
