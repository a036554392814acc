// Tensor lifetime, metadata, data transfer, creation and autograd state.
#include "abl.h"
#include <ATen/Parallel.h>
#include <torch/version.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/generated/variable_factories.h>  // torch:: factories honour requires_grad; at:: ones ignore it
#include <torch/csrc/autograd/grad_mode.h>
#include <c10/core/InferenceMode.h>
#include <cstring>

static thread_local std::string last_error;

void abl::set_error(const char* message) { last_error = message ? message : ""; }

at::Device abl::device_of(int32_t type, int32_t index) {
  switch (type) {
    case 0: return at::Device(at::kCPU);
    case 1: return at::Device(at::kCUDA, (c10::DeviceIndex)index);
    case 2: return at::Device(at::kMeta);
    default: throw std::invalid_argument("unknown device type " + std::to_string(type));
  }
}

static int32_t device_code(const at::Device& d) {
  if (d.is_cpu()) return 0;
  if (d.is_cuda()) return 1;
  if (d.is_meta()) return 2;
  return -1;
}

static at::TensorOptions options(int32_t dtype, int32_t device_type, int32_t device_index, uint8_t requires_grad) {
  return at::TensorOptions()
      .dtype((at::ScalarType)dtype)
      .device(abl::device_of(device_type, device_index))
      .requires_grad(requires_grad != 0);
}

ABL_EXPORT const char* abl_last_error() { return last_error.c_str(); }
ABL_EXPORT const char* abl_torch_version() { return TORCH_VERSION; }
ABL_EXPORT uint8_t abl_cuda_available() { ABL_GUARD(0, return at::hasCUDA() ? 1 : 0;) }
ABL_EXPORT int32_t abl_cuda_device_count() {
  ABL_GUARD(0, return at::hasCUDA() ? (int32_t)at::getNumGPUs() : 0;)
}

ABL_EXPORT void abl_free(Tensor* t) { delete t; }

// ---- metadata -------------------------------------------------------------------------------------
ABL_EXPORT int32_t abl_dim(Tensor* t) { return (int32_t)t->dim(); }
ABL_EXPORT int32_t abl_sizes(Tensor* t, int64_t* out, int32_t capacity) {
  auto s = t->sizes();
  int32_t n = (int32_t)s.size();
  for (int32_t i = 0; i < n && i < capacity; i++) out[i] = s[i];
  return n;
}
ABL_EXPORT int64_t abl_numel(Tensor* t) { return t->numel(); }
ABL_EXPORT int32_t abl_dtype(Tensor* t) { return (int32_t)t->scalar_type(); }
ABL_EXPORT int32_t abl_device_type(Tensor* t) { return device_code(t->device()); }
ABL_EXPORT int32_t abl_device_index(Tensor* t) { return t->device().index(); }
ABL_EXPORT uint8_t abl_is_contiguous(Tensor* t) { return t->is_contiguous() ? 1 : 0; }
ABL_EXPORT int64_t abl_element_size(Tensor* t) { return (int64_t)t->element_size(); }

// ---- creation -------------------------------------------------------------------------------------
ABL_EXPORT Tensor* abl_empty(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dev, int32_t idx, uint8_t rg) {
  ABL_TENSOR(torch::empty(abl::dims(shape, ndim), options(dtype, dev, idx, rg)))
}
ABL_EXPORT Tensor* abl_zeros(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dev, int32_t idx, uint8_t rg) {
  ABL_TENSOR(torch::zeros(abl::dims(shape, ndim), options(dtype, dev, idx, rg)))
}
ABL_EXPORT Tensor* abl_ones(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dev, int32_t idx, uint8_t rg) {
  ABL_TENSOR(torch::ones(abl::dims(shape, ndim), options(dtype, dev, idx, rg)))
}
ABL_EXPORT Tensor* abl_full(const int64_t* shape, int32_t ndim, double value, int32_t dtype, int32_t dev, int32_t idx, uint8_t rg) {
  ABL_TENSOR(torch::full(abl::dims(shape, ndim), value, options(dtype, dev, idx, rg)))
}
ABL_EXPORT Tensor* abl_arange(double start, double end, double step, int32_t dtype, int32_t dev, int32_t idx, uint8_t rg) {
  ABL_TENSOR(torch::arange(start, end, step, options(dtype, dev, idx, rg)))
}
ABL_EXPORT Tensor* abl_rand(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dev, int32_t idx, uint8_t rg) {
  ABL_TENSOR(torch::rand(abl::dims(shape, ndim), options(dtype, dev, idx, rg)))
}
ABL_EXPORT Tensor* abl_randn(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dev, int32_t idx, uint8_t rg) {
  ABL_TENSOR(torch::randn(abl::dims(shape, ndim), options(dtype, dev, idx, rg)))
}
ABL_EXPORT Tensor* abl_randint(int64_t low, int64_t high, const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dev, int32_t idx) {
  ABL_TENSOR(at::randint(low, high, abl::dims(shape, ndim), options(dtype, dev, idx, 0)))
}
ABL_EXPORT Tensor* abl_randperm(int64_t n, int32_t dtype, int32_t dev, int32_t idx) {
  ABL_TENSOR(at::randperm(n, options(dtype, dev, idx, 0)))
}
// Copies `nbytes` from managed memory into a new CPU tensor of the given shape and dtype.
ABL_EXPORT Tensor* abl_from_data(const void* data, const int64_t* shape, int32_t ndim, int32_t dtype, uint8_t rg) {
  ABL_GUARD(nullptr, {
    auto t = at::empty(abl::dims(shape, ndim), at::TensorOptions().dtype((at::ScalarType)dtype));
    std::memcpy(t.data_ptr(), data, t.nbytes());
    if (rg) t.set_requires_grad(true);
    return abl::wrap(std::move(t));
  })
}
// Copies the tensor's elements (any device, any layout) into managed memory of `nbytes` bytes.
ABL_EXPORT int32_t abl_copy_to(Tensor* t, void* data, int64_t nbytes) {
  ABL_STATUS({
    auto c = t->detach().to(at::kCPU).contiguous();
    if ((int64_t)c.nbytes() != nbytes)
      throw std::invalid_argument("copy_to: buffer has " + std::to_string(nbytes) + " bytes, tensor has " +
                                  std::to_string(c.nbytes()));
    std::memcpy(data, c.data_ptr(), c.nbytes());
  })
}
ABL_EXPORT int32_t abl_item(Tensor* t, double* out) { ABL_STATUS(*out = t->item<double>();) }
ABL_EXPORT int32_t abl_item_int64(Tensor* t, int64_t* out) { ABL_STATUS(*out = t->item<int64_t>();) }

ABL_EXPORT Tensor* abl_to(Tensor* t, int32_t dtype, int32_t dev, int32_t idx, uint8_t copy) {
  ABL_TENSOR(t->to(abl::device_of(dev, idx), (at::ScalarType)dtype, false, copy != 0))
}
ABL_EXPORT Tensor* abl_clone(Tensor* t) { ABL_TENSOR(t->clone()) }
ABL_EXPORT Tensor* abl_contiguous(Tensor* t) { ABL_TENSOR(t->contiguous()) }
// A new handle on the same tensor (shares storage and autograd identity).
ABL_EXPORT Tensor* abl_alias(Tensor* t) { ABL_TENSOR(*t) }

// ---- autograd -------------------------------------------------------------------------------------
ABL_EXPORT uint8_t abl_requires_grad(Tensor* t) { return t->requires_grad() ? 1 : 0; }
ABL_EXPORT int32_t abl_set_requires_grad(Tensor* t, uint8_t value) { ABL_STATUS(t->set_requires_grad(value != 0);) }
ABL_EXPORT uint8_t abl_is_leaf(Tensor* t) { return t->is_leaf() ? 1 : 0; }
// The gradient, or nullptr with an empty error when there is none.
ABL_EXPORT Tensor* abl_grad(Tensor* t) {
  ABL_GUARD(nullptr, {
    abl::set_error("");
    const auto& g = t->grad();
    return g.defined() ? abl::wrap(g) : nullptr;
  })
}
ABL_EXPORT int32_t abl_set_grad(Tensor* t, Tensor* grad) {
  ABL_STATUS(t->mutable_grad() = grad ? *grad : at::Tensor();)
}
ABL_EXPORT int32_t abl_backward(Tensor* t, Tensor* gradient, uint8_t retain_graph) {
  ABL_STATUS(t->backward(gradient ? *gradient : at::Tensor(), retain_graph != 0);)
}
ABL_EXPORT Tensor* abl_detach(Tensor* t) { ABL_TENSOR(t->detach()) }
ABL_EXPORT int32_t abl_detach_(Tensor* t) { ABL_STATUS(t->detach_();) }

// Grad mode is thread-local: C# sets it and restores the returned previous value on the same thread.
ABL_EXPORT uint8_t abl_set_grad_enabled(uint8_t enabled) {
  bool previous = at::GradMode::is_enabled();
  at::GradMode::set_enabled(enabled != 0);
  return previous ? 1 : 0;
}
ABL_EXPORT uint8_t abl_is_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }
// Inference mode is an RAII guard; it lives on the heap between enter and exit, which the C# side calls
// on the same thread in LIFO order (a `using`).
ABL_EXPORT void* abl_inference_mode_enter() { ABL_GUARD(nullptr, return new c10::InferenceMode(true);) }
ABL_EXPORT void abl_inference_mode_exit(void* guard) { delete static_cast<c10::InferenceMode*>(guard); }

// ---- global state ---------------------------------------------------------------------------------
ABL_EXPORT void abl_manual_seed(uint64_t seed) { at::manual_seed(seed); }
ABL_EXPORT void abl_set_num_threads(int32_t n) { at::set_num_threads(n); }
ABL_EXPORT int32_t abl_get_num_threads() { return at::get_num_threads(); }
