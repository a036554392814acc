// Shared conventions of the native layer. No logic lives here: every export converts handles, calls one
// ATen function, and catches every C++ exception at the boundary (an exception escaping extern "C" would
// kill the process). On failure an export returns nullptr (or a non-zero status) and the message is kept
// per thread for abl_last_error().
#pragma once
#include <ATen/ATen.h>
#include <cstdint>
#include <string>
#include <vector>
#include <stdexcept>

#define ABL_EXPORT extern "C" __attribute__((visibility("default")))

using Tensor = at::Tensor;  // a handle is a heap-allocated at::Tensor (one reference to the storage)

namespace abl {
void set_error(const char* message);
inline Tensor* wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }
inline at::IntArrayRef dims(const int64_t* data, int32_t length) { return at::IntArrayRef(data, (size_t)length); }
at::Device device_of(int32_t type, int32_t index);
// An optional tensor argument: nullptr means "not given".
inline c10::optional<at::Tensor> opt(Tensor* t) { return t ? c10::optional<at::Tensor>(*t) : c10::nullopt; }
// An optional scalar argument, passed as a value and a "given" flag.
inline c10::optional<at::Scalar> opt(double value, uint8_t given) {
  return given ? c10::optional<at::Scalar>(value) : c10::nullopt;
}
// Hands a list of tensors (split, chunk, ...) to the caller's array of `capacity` handles; returns the count.
inline int32_t write_list(std::vector<at::Tensor> list, Tensor** out, int32_t capacity) {
  if ((int64_t)list.size() > capacity)
    throw std::length_error("result has " + std::to_string(list.size()) + " tensors, room for " + std::to_string(capacity));
  for (size_t i = 0; i < list.size(); i++) out[i] = wrap(std::move(list[i]));
  return (int32_t)list.size();
}
// A list of tensor handles as the vector ATen takes (cat, stack).
inline std::vector<at::Tensor> list_of(Tensor** items, int32_t count) {
  std::vector<at::Tensor> v;
  v.reserve((size_t)count);
  for (int32_t i = 0; i < count; i++) v.push_back(*items[i]);
  return v;
}
}  // namespace abl

// Wraps an export body that returns a value; `fail` is what the caller sees on error.
#define ABL_GUARD(fail, body)                                                                     \
  try {                                                                                           \
    body                                                                                          \
  } catch (const c10::Error& e) {                                                                 \
    abl::set_error(e.what_without_backtrace());                                                   \
  } catch (const std::bad_alloc&) {                                                               \
    abl::set_error("out of memory (std::bad_alloc)");                                             \
  } catch (const std::exception& e) {                                                             \
    abl::set_error(e.what());                                                                     \
  } catch (...) {                                                                                 \
    abl::set_error("unknown C++ exception");                                                      \
  }                                                                                               \
  return fail;

// The common case: an export that returns a new tensor handle.
#define ABL_TENSOR(expr) ABL_GUARD(nullptr, return abl::wrap(expr);)
// An export that mutates in place or returns several values through out-parameters: 0 ok, -1 failed.
#define ABL_STATUS(body) ABL_GUARD(-1, body return 0;)
