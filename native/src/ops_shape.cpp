// Views, reshapes, joins and splits, indexing: one export per ATen op.
#include "abl.h"

ABL_EXPORT Tensor* abl_view(Tensor* a, const int64_t* shape, int32_t n) { ABL_TENSOR(a->view(abl::dims(shape, n))) }
ABL_EXPORT Tensor* abl_reshape(Tensor* a, const int64_t* shape, int32_t n) { ABL_TENSOR(at::reshape(*a, abl::dims(shape, n))) }
ABL_EXPORT Tensor* abl_permute(Tensor* a, const int64_t* dims, int32_t n) { ABL_TENSOR(at::permute(*a, abl::dims(dims, n))) }
ABL_EXPORT Tensor* abl_transpose(Tensor* a, int64_t dim0, int64_t dim1) { ABL_TENSOR(at::transpose(*a, dim0, dim1)) }
ABL_EXPORT Tensor* abl_flatten(Tensor* a, int64_t start_dim, int64_t end_dim) { ABL_TENSOR(at::flatten(*a, start_dim, end_dim)) }
ABL_EXPORT Tensor* abl_squeeze(Tensor* a) { ABL_TENSOR(at::squeeze(*a)) }
ABL_EXPORT Tensor* abl_squeeze_dim(Tensor* a, int64_t dim) { ABL_TENSOR(at::squeeze(*a, dim)) }
ABL_EXPORT Tensor* abl_unsqueeze(Tensor* a, int64_t dim) { ABL_TENSOR(at::unsqueeze(*a, dim)) }
ABL_EXPORT Tensor* abl_expand(Tensor* a, const int64_t* shape, int32_t n) { ABL_TENSOR(a->expand(abl::dims(shape, n))) }
ABL_EXPORT Tensor* abl_repeat(Tensor* a, const int64_t* repeats, int32_t n) { ABL_TENSOR(a->repeat(abl::dims(repeats, n))) }
ABL_EXPORT Tensor* abl_narrow(Tensor* a, int64_t dim, int64_t start, int64_t length) { ABL_TENSOR(at::narrow(*a, dim, start, length)) }
ABL_EXPORT Tensor* abl_select(Tensor* a, int64_t dim, int64_t index) { ABL_TENSOR(at::select(*a, dim, index)) }
ABL_EXPORT Tensor* abl_index_select(Tensor* a, int64_t dim, Tensor* index) { ABL_TENSOR(at::index_select(*a, dim, *index)) }
ABL_EXPORT Tensor* abl_gather(Tensor* a, int64_t dim, Tensor* index) { ABL_TENSOR(at::gather(*a, dim, *index)) }
ABL_EXPORT Tensor* abl_flip(Tensor* a, const int64_t* dims, int32_t n) { ABL_TENSOR(at::flip(*a, abl::dims(dims, n))) }
ABL_EXPORT Tensor* abl_one_hot(Tensor* a, int64_t num_classes) { ABL_TENSOR(at::one_hot(*a, num_classes)) }

ABL_EXPORT Tensor* abl_cat(Tensor** items, int32_t count, int64_t dim) { ABL_TENSOR(at::cat(abl::list_of(items, count), dim)) }
ABL_EXPORT Tensor* abl_stack(Tensor** items, int32_t count, int64_t dim) { ABL_TENSOR(at::stack(abl::list_of(items, count), dim)) }
// List results: the caller passes room for `capacity` handles and gets the count back (-1 on error).
ABL_EXPORT int32_t abl_split(Tensor* a, int64_t split_size, int64_t dim, Tensor** out, int32_t capacity) {
  ABL_GUARD(-1, return abl::write_list(at::split(*a, split_size, dim), out, capacity);)
}
ABL_EXPORT int32_t abl_split_with_sizes(Tensor* a, const int64_t* sizes, int32_t n, int64_t dim, Tensor** out, int32_t capacity) {
  ABL_GUARD(-1, return abl::write_list(at::split_with_sizes(*a, abl::dims(sizes, n), dim), out, capacity);)
}
ABL_EXPORT int32_t abl_chunk(Tensor* a, int64_t chunks, int64_t dim, Tensor** out, int32_t capacity) {
  ABL_GUARD(-1, return abl::write_list(at::chunk(*a, chunks, dim), out, capacity);)
}
