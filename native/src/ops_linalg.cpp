// Matrix products: one export per ATen op.
#include "abl.h"

ABL_EXPORT Tensor* abl_matmul(Tensor* a, Tensor* b) { ABL_TENSOR(at::matmul(*a, *b)) }
ABL_EXPORT Tensor* abl_mm(Tensor* a, Tensor* b) { ABL_TENSOR(at::mm(*a, *b)) }
ABL_EXPORT Tensor* abl_bmm(Tensor* a, Tensor* b) { ABL_TENSOR(at::bmm(*a, *b)) }
