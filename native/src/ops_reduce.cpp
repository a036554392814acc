// Reductions over dimensions (an empty dim list means all elements) and selections (max, topk, argmax).
#include "abl.h"

ABL_EXPORT Tensor* abl_sum(Tensor* a, const int64_t* dims, int32_t ndims, uint8_t keepdim) {
  ABL_TENSOR(ndims == 0 ? at::sum(*a) : at::sum(*a, abl::dims(dims, ndims), keepdim != 0))
}
ABL_EXPORT Tensor* abl_mean(Tensor* a, const int64_t* dims, int32_t ndims, uint8_t keepdim) {
  ABL_TENSOR(ndims == 0 ? at::mean(*a) : at::mean(*a, abl::dims(dims, ndims), keepdim != 0))
}
ABL_EXPORT Tensor* abl_var(Tensor* a, const int64_t* dims, int32_t ndims, int64_t correction, uint8_t keepdim) {
  ABL_TENSOR(at::var(*a, ndims == 0 ? at::OptionalIntArrayRef() : at::OptionalIntArrayRef(abl::dims(dims, ndims)),
                     correction, keepdim != 0))
}
ABL_EXPORT Tensor* abl_amax(Tensor* a, const int64_t* dims, int32_t ndims, uint8_t keepdim) {
  ABL_TENSOR(at::amax(*a, abl::dims(dims, ndims), keepdim != 0))
}
ABL_EXPORT Tensor* abl_amin(Tensor* a, const int64_t* dims, int32_t ndims, uint8_t keepdim) {
  ABL_TENSOR(at::amin(*a, abl::dims(dims, ndims), keepdim != 0))
}
ABL_EXPORT Tensor* abl_max_all(Tensor* a) { ABL_TENSOR(at::max(*a)) }
ABL_EXPORT Tensor* abl_min_all(Tensor* a) { ABL_TENSOR(at::min(*a)) }
ABL_EXPORT int32_t abl_max_dim(Tensor* a, int64_t dim, uint8_t keepdim, Tensor** values, Tensor** indices) {
  ABL_STATUS({
    auto r = at::max(*a, dim, keepdim != 0);
    *values = abl::wrap(std::get<0>(r));
    *indices = abl::wrap(std::get<1>(r));
  })
}
ABL_EXPORT int32_t abl_min_dim(Tensor* a, int64_t dim, uint8_t keepdim, Tensor** values, Tensor** indices) {
  ABL_STATUS({
    auto r = at::min(*a, dim, keepdim != 0);
    *values = abl::wrap(std::get<0>(r));
    *indices = abl::wrap(std::get<1>(r));
  })
}
// has_dim == 0: the index into the flattened tensor, as torch.argmax(x).
ABL_EXPORT Tensor* abl_argmax(Tensor* a, int64_t dim, uint8_t has_dim, uint8_t keepdim) {
  ABL_TENSOR(at::argmax(*a, has_dim ? c10::optional<int64_t>(dim) : c10::nullopt, keepdim != 0))
}
ABL_EXPORT Tensor* abl_argmin(Tensor* a, int64_t dim, uint8_t has_dim, uint8_t keepdim) {
  ABL_TENSOR(at::argmin(*a, has_dim ? c10::optional<int64_t>(dim) : c10::nullopt, keepdim != 0))
}
ABL_EXPORT int32_t abl_topk(Tensor* a, int64_t k, int64_t dim, uint8_t largest, uint8_t sorted, Tensor** values,
                            Tensor** indices) {
  ABL_STATUS({
    auto r = at::topk(*a, k, dim, largest != 0, sorted != 0);
    *values = abl::wrap(std::get<0>(r));
    *indices = abl::wrap(std::get<1>(r));
  })
}
ABL_EXPORT Tensor* abl_cumsum(Tensor* a, int64_t dim) { ABL_TENSOR(at::cumsum(*a, dim)) }
