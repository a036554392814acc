// What nn.Module and nn.init need beyond the engine's ops: in-place conversion of a parameter (the
// tensor keeps its identity, as `param.data = param.to(...)` in PyTorch's Module._apply) and the
// in-place random fills of torch.nn.init, which run under no_grad on leaves that require grad.
#include "abl.h"
#include <torch/csrc/autograd/grad_mode.h>

// Moves/casts `t` in place (the C# object keeps its handle): dtype < 0 keeps the dtype; only floating-point tensors change dtype
// (Module.to(dtype) leaves integer buffers such as num_batches_tracked alone). The gradient follows.
ABL_EXPORT int32_t abl_module_convert_(Tensor* t, int32_t dtype, int32_t dev, int32_t idx) {
  ABL_STATUS({
    at::NoGradGuard no_grad;
    auto device = abl::device_of(dev, idx);
    auto type = (dtype >= 0 && t->is_floating_point()) ? (at::ScalarType)dtype : t->scalar_type();
    if (t->device() == device && t->scalar_type() == type) return 0;
    auto grad = t->grad().defined() ? t->grad().to(device, type) : at::Tensor();
    auto converted = t->to(device, type);
    if (at::_has_compatible_shallow_copy_type(*t, converted)) {
      t->set_data(converted);
    } else {
      // e.g. cpu -> meta: a new leaf behind the same handle (PyTorch makes a new Parameter here).
      bool requires_grad = t->requires_grad();
      *t = converted.detach();
      if (requires_grad) t->set_requires_grad(true);
    }
    if (grad.defined()) t->mutable_grad() = grad;
  })
}

// nn.init fills: no-ops on meta tensors (they hold no values).
ABL_EXPORT int32_t abl_init_uniform_(Tensor* t, double from, double to) {
  ABL_STATUS({
    at::NoGradGuard no_grad;
    if (!t->is_meta()) t->uniform_(from, to);
  })
}
ABL_EXPORT int32_t abl_init_normal_(Tensor* t, double mean, double std) {
  ABL_STATUS({
    at::NoGradGuard no_grad;
    if (!t->is_meta()) t->normal_(mean, std);
  })
}
ABL_EXPORT int32_t abl_init_fill_(Tensor* t, double value) {
  ABL_STATUS({
    at::NoGradGuard no_grad;
    if (!t->is_meta()) t->fill_(value);
  })
}

// counter += 1 for integer buffers (num_batches_tracked): an integer Scalar, so int64 stays int64.
ABL_EXPORT int32_t abl_module_increment_(Tensor* t) {
  ABL_STATUS({
    at::NoGradGuard no_grad;
    t->add_(1);
  })
}
