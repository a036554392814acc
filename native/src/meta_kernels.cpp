// Meta kernels that libtorch 1.13's C++ build lacks (Python registers its own in
// torch/_meta_registrations.py, which C++ never loads). On `meta` a tensor has a shape and a dtype but no
// storage, so each kernel computes the output shape only; shapes are checked against CPU in
// tests/Torch.Tests/MetaKernelTests.cs. Registered once, when the native library is loaded.
#include "abl.h"
#include <ATen/ExpandUtils.h>
#include <ATen/WrapDimUtils.h>
#include <torch/library.h>

namespace {

at::Tensor meta_like(const at::Tensor& self) { return at::empty(self.sizes(), self.options()); }

// convolution: out = (in + 2 pad - dilation (k - 1) - 1) / stride + 1 per spatial dimension (transposed:
// (in - 1) stride - 2 pad + dilation (k - 1) + output_padding + 1), as aten/src/ATen/native/Convolution.cpp.
at::Tensor convolution(const at::Tensor& input, const at::Tensor& weight, const c10::optional<at::Tensor>& bias,
                       at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation, bool transposed,
                       at::IntArrayRef output_padding, int64_t groups) {
  const int64_t spatial = weight.dim() - 2;
  TORCH_CHECK(spatial >= 1 && input.dim() == weight.dim(), "Expected ", weight.dim(), "-dimensional input for ",
              weight.dim(), "-dimensional weight ", weight.sizes(), ", but got ", input.dim(),
              "-dimensional input of size ", input.sizes(), " instead");
  auto at = [](at::IntArrayRef v, int64_t i) { return v.size() == 1 ? v[0] : v[i]; };
  std::vector<int64_t> out{input.size(0)};
  if (transposed) {
    TORCH_CHECK(input.size(1) == weight.size(0), "Given transposed=1, weight of size ", weight.sizes(),
                ", expected input", input.sizes(), " to have ", weight.size(0), " channels, but got ",
                input.size(1), " channels instead");
    out.push_back(weight.size(1) * groups);
  } else {
    TORCH_CHECK(input.size(1) == weight.size(1) * groups, "Given groups=", groups, ", weight of size ",
                weight.sizes(), ", expected input", input.sizes(), " to have ", weight.size(1) * groups,
                " channels, but got ", input.size(1), " channels instead");
    out.push_back(weight.size(0));
  }
  for (int64_t d = 0; d < spatial; d++) {
    const int64_t in = input.size(d + 2), k = weight.size(d + 2);
    const int64_t s = at(stride, d), p = at(padding, d), dil = at(dilation, d);
    int64_t size = transposed ? (in - 1) * s - 2 * p + dil * (k - 1) + at(output_padding, d) + 1
                              : (in + 2 * p - dil * (k - 1) - 1) / s + 1;
    TORCH_CHECK(size > 0, "convolution: output size ", size, " is too small for input ", input.sizes(),
                " and kernel ", weight.sizes());
    out.push_back(size);
  }
  return at::empty(out, input.options());
}

// native_batch_norm: the output has the input's shape; saved mean and inverse std are per channel in
// training mode and empty in evaluation mode (as the CPU kernel returns them).
std::tuple<at::Tensor, at::Tensor, at::Tensor> native_batch_norm(
    const at::Tensor& input, const c10::optional<at::Tensor>& weight, const c10::optional<at::Tensor>& bias,
    const c10::optional<at::Tensor>& running_mean, const c10::optional<at::Tensor>& running_var, bool training,
    double momentum, double eps) {
  TORCH_CHECK(input.dim() >= 2, "batch_norm: expected at least 2-d input, got ", input.dim(), "-d");
  const int64_t channels = input.size(1);
  auto check = [&](const c10::optional<at::Tensor>& t, const char* name) {
    TORCH_CHECK(!t.has_value() || !t->defined() || t->numel() == channels, "batch_norm: ", name,
                " should contain ", channels, " elements not ", t->numel());
  };
  check(weight, "weight");
  check(bias, "bias");
  check(running_mean, "running_mean");
  check(running_var, "running_var");
  const int64_t saved = training ? channels : 0;
  return {meta_like(input), at::empty({saved}, input.options()), at::empty({saved}, input.options())};
}

// Backward passes (a training step on meta): gradients have the shapes of what they are gradients of.
std::tuple<at::Tensor, at::Tensor, at::Tensor> convolution_backward(
    const at::Tensor& grad_output, const at::Tensor& input, const at::Tensor& weight,
    at::OptionalSymIntArrayRef bias_sizes, at::IntArrayRef, at::IntArrayRef, at::IntArrayRef, bool, at::IntArrayRef,
    int64_t, std::array<bool, 3> mask) {
  at::Tensor gi, gw, gb;
  if (mask[0]) gi = meta_like(input);
  if (mask[1]) gw = meta_like(weight);
  if (mask[2]) gb = at::empty({grad_output.size(1)}, grad_output.options());
  return {gi, gw, gb};
}
std::tuple<at::Tensor, at::Tensor, at::Tensor> native_batch_norm_backward(
    const at::Tensor& grad_out, const at::Tensor& input, const c10::optional<at::Tensor>&,
    const c10::optional<at::Tensor>&, const c10::optional<at::Tensor>&, const c10::optional<at::Tensor>&,
    const c10::optional<at::Tensor>&, bool, double, std::array<bool, 3> mask) {
  at::Tensor gi, gw, gb;
  if (mask[0]) gi = meta_like(input);
  if (mask[1]) gw = at::empty({input.size(1)}, input.options());
  if (mask[2]) gb = at::empty({input.size(1)}, input.options());
  return {gi, gw, gb};
}
at::Tensor adaptive_avg_pool2d_backward(const at::Tensor& grad_output, const at::Tensor& self) { return meta_like(self); }

at::Tensor hardswish_backward(const at::Tensor& grad_output, const at::Tensor& self) { return meta_like(self); }
at::Tensor hardtanh_backward(const at::Tensor& grad_output, const at::Tensor& self, const at::Scalar&, const at::Scalar&) {
  return meta_like(self);
}

at::Tensor unary(const at::Tensor& self) { return meta_like(self); }
at::Tensor hardtanh(const at::Tensor& self, const at::Scalar&, const at::Scalar&) { return meta_like(self); }
at::Tensor& abs_(at::Tensor& self) { return self; }

// _adaptive_avg_pool2d: (N, C, H, W) or (C, H, W) -> the same leading dims and output_size.
at::Tensor adaptive_avg_pool2d(const at::Tensor& self, c10::SymIntArrayRef output_size) {
  TORCH_CHECK(self.dim() == 3 || self.dim() == 4, "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ",
              self.sizes());
  TORCH_CHECK(output_size.size() == 2, "adaptive_avg_pool2d: output_size must be 2");
  auto sizes = self.sizes().vec();
  sizes[sizes.size() - 2] = output_size[0].expect_int();
  sizes[sizes.size() - 1] = output_size[1].expect_int();
  return at::empty(sizes, self.options());
}

// where(condition, self, other): the broadcast shape of all three, the promoted dtype of self and other.
at::Tensor where(const at::Tensor& condition, const at::Tensor& self, const at::Tensor& other) {
  auto shape = at::infer_size(condition.sizes(), at::infer_size(self.sizes(), other.sizes()));
  return at::empty(shape, self.options().dtype(at::result_type(self, other)));
}

// var/std with a correction: the input's shape with the reduced dimensions removed (or kept as 1).
at::Tensor reduce_shape(const at::Tensor& self, at::OptionalIntArrayRef dim, bool keepdim) {
  const int64_t n = self.dim();
  std::vector<bool> reduced(n, !dim.has_value() || dim->empty());
  if (dim.has_value())
    for (auto d : *dim) reduced[at::maybe_wrap_dim(d, n)] = true;
  std::vector<int64_t> out;
  for (int64_t i = 0; i < n; i++) {
    if (!reduced[i]) out.push_back(self.size(i));
    else if (keepdim) out.push_back(1);
  }
  return at::empty(out, self.options().dtype(c10::toRealValueType(self.scalar_type())));
}
at::Tensor var_correction(const at::Tensor& self, at::OptionalIntArrayRef dim, c10::optional<int64_t>, bool keepdim) {
  return reduce_shape(self, dim, keepdim);
}

}  // namespace

TORCH_LIBRARY_IMPL(aten, Meta, m) {
  m.impl("convolution", TORCH_FN(convolution));
  m.impl("native_batch_norm", TORCH_FN(native_batch_norm));
  m.impl("convolution_backward", TORCH_FN(convolution_backward));
  m.impl("native_batch_norm_backward", TORCH_FN(native_batch_norm_backward));
  m.impl("_adaptive_avg_pool2d_backward", TORCH_FN(adaptive_avg_pool2d_backward));
  m.impl("hardswish_backward", TORCH_FN(hardswish_backward));
  m.impl("hardtanh_backward", TORCH_FN(hardtanh_backward));
  m.impl("relu", TORCH_FN(unary));
  m.impl("hardswish", TORCH_FN(unary));
  m.impl("hardtanh", TORCH_FN(hardtanh));
  m.impl("abs", TORCH_FN(unary));
  m.impl("abs_", TORCH_FN(abs_));
  m.impl("_adaptive_avg_pool2d", TORCH_FN(adaptive_avg_pool2d));
  m.impl("where.self", TORCH_FN(where));
  m.impl("var.correction", TORCH_FN(var_correction));
  m.impl("std.correction", TORCH_FN(var_correction));
}
