// Optimizer updates over all parameters of a group in one native call, with libtorch's multi-tensor
// `_foreach_*` kernels (the same arithmetic, in the same order, as torch.optim's `_multi_tensor_sgd` and
// `_multi_tensor_adamw` of PyTorch 1.13). Parameters without a gradient are skipped, as in torch.optim.
// State tensors are created here on first use and handed back through the in/out handle arrays.
#include "abl.h"
#include <cmath>
#include <torch/csrc/autograd/grad_mode.h>

namespace {
// The parameters that have a gradient, their gradients, and their positions in the caller's arrays.
struct WithGrad {
  std::vector<at::Tensor> params, grads;
  std::vector<int32_t> index;
  WithGrad(Tensor** p, int32_t n) {
    for (int32_t i = 0; i < n; i++) {
      const auto& g = p[i]->grad();
      if (!g.defined()) continue;
      params.push_back(*p[i]);
      grads.push_back(g);
      index.push_back(i);
    }
  }
};
}  // namespace

// SGD (momentum as Sutskever et al. 2013, the form torch.optim.SGD uses):
//   g = grad + weight_decay * p
//   buf = g on the first step, else momentum * buf + (1 - dampening) * g
//   g = g + momentum * buf (nesterov) or buf;   p = p - lr * g
// `bufs[i]` is the momentum buffer of params[i] (nullptr before its first step: created here).
static void sgd_step(Tensor** params, Tensor** bufs, int32_t n, double lr, double momentum, double dampening,
                   double weight_decay, bool nesterov) {
  at::NoGradGuard no_grad;
  WithGrad w(params, n);
  if (w.params.empty()) return;
  std::vector<at::Tensor> d = weight_decay != 0 ? at::_foreach_add(w.grads, w.params, weight_decay) : w.grads;
  if (momentum != 0) {
    std::vector<at::Tensor> existing, existing_d, all(d.size());
    for (size_t k = 0; k < d.size(); k++) {
      Tensor*& buf = bufs[w.index[k]];
      if (buf == nullptr) {
        buf = abl::wrap(d[k].clone().detach());
      } else {
        existing.push_back(*buf);
        existing_d.push_back(d[k]);
      }
      all[k] = *buf;
    }
    if (!existing.empty()) {
      at::_foreach_mul_(existing, momentum);
      at::_foreach_add_(existing, existing_d, 1 - dampening);
    }
    d = nesterov ? at::_foreach_add(d, all, momentum) : all;
  }
  at::_foreach_add_(w.params, d, -lr);
}
ABL_EXPORT int32_t abl_optim_sgd_step(Tensor** params, Tensor** bufs, int32_t n, double lr, double momentum,
                                      double dampening, double weight_decay, uint8_t nesterov) {
  ABL_STATUS(sgd_step(params, bufs, n, lr, momentum, dampening, weight_decay, nesterov != 0);)
}

// AdamW (Loshchilov and Hutter 2019, decoupled weight decay), per parameter with step t:
//   p = p * (1 - lr * weight_decay)
//   m = beta1 * m + (1 - beta1) * g;   v = beta2 * v + (1 - beta2) * g * g
//   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
// `exp_avgs`/`exp_avg_sqs` are m and v (nullptr before the first step: zeros created here); `steps[i]`
// is incremented for every parameter that has a gradient.
static void adamw_step(Tensor** params, Tensor** exp_avgs, Tensor** exp_avg_sqs, int64_t* steps, int32_t n, double lr,
                     double beta1, double beta2, double eps, double weight_decay) {
  at::NoGradGuard no_grad;
  WithGrad w(params, n);
  if (w.params.empty()) return;
  std::vector<at::Tensor> m, v;
  std::vector<at::Scalar> step_size, bias_correction2_sqrt;
  for (size_t k = 0; k < w.params.size(); k++) {
    int32_t i = w.index[k];
    if (exp_avgs[i] == nullptr) exp_avgs[i] = abl::wrap(at::zeros_like(w.params[k], at::MemoryFormat::Preserve));
    if (exp_avg_sqs[i] == nullptr) exp_avg_sqs[i] = abl::wrap(at::zeros_like(w.params[k], at::MemoryFormat::Preserve));
    m.push_back(*exp_avgs[i]);
    v.push_back(*exp_avg_sqs[i]);
    double t = (double)++steps[i];
    step_size.emplace_back(-(lr / (1 - std::pow(beta1, t))));
    bias_correction2_sqrt.emplace_back(std::sqrt(1 - std::pow(beta2, t)));
  }
  at::_foreach_mul_(w.params, 1 - lr * weight_decay);
  at::_foreach_mul_(m, beta1);
  at::_foreach_add_(m, w.grads, 1 - beta1);
  at::_foreach_mul_(v, beta2);
  at::_foreach_addcmul_(v, w.grads, w.grads, 1 - beta2);
  auto denom = at::_foreach_sqrt(v);
  at::_foreach_div_(denom, bias_correction2_sqrt);
  at::_foreach_add_(denom, eps);
  at::_foreach_addcdiv_(w.params, m, denom, step_size);
}
ABL_EXPORT int32_t abl_optim_adamw_step(Tensor** params, Tensor** exp_avgs, Tensor** exp_avg_sqs, int64_t* steps,
                                        int32_t n, double lr, double beta1, double beta2, double eps,
                                        double weight_decay) {
  ABL_STATUS(adamw_step(params, exp_avgs, exp_avg_sqs, steps, n, lr, beta1, beta2, eps, weight_decay);)
}
