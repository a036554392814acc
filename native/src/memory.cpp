// Tensor memory accounting: libtorch 1.13 has no CPU peak-memory counter, so a counting allocator is
// installed (c10::SetCPUAllocator, at a priority above the default) when this library loads, before the
// binding allocates any tensor. It takes memory with c10's own alloc_cpu and keeps each block's size in a
// 64-byte header (preserving c10's 64-byte alignment), so both DataPtr deletion and raw_deleter frees
// decrement the count exactly. Blocks allocated before it was installed keep their own deleter and are
// simply not counted. On CUDA, the caching allocator's device statistics give the same figures.
// Process resident memory (current and peak, VmRSS/VmHWM) comes from /proc/self/status.
//
// Allocation policy: a training step allocates its activations and gradients and frees them all when its
// DisposeScope ends. With glibc's defaults that mass free trims the heap back to the OS and the next step
// page-faults every block in again (measured on the CIFAR ResNet-18 step: ~4% more CPU time than PyTorch,
// whose reference counting frees and reuses memory within the step). So, as the CUDA caching allocator does
// for device memory, the process keeps freed CPU memory for reuse: blocks up to 32 MiB come from the heap
// (M_MMAP_THRESHOLD) and up to 1 GiB of free heap is kept (M_TRIM_THRESHOLD). ABLATION_MALLOC_DEFAULTS=1
// keeps glibc's defaults.
#include "abl.h"
#include <malloc.h>
#include <cstdlib>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#ifdef ABL_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace {

constexpr size_t kHeader = 64;  // >= sizeof(size_t), and keeps c10's 64-byte alignment of the data
std::atomic<int64_t> current_bytes{0};
std::atomic<int64_t> peak_bytes{0};

void count(int64_t delta) {
  int64_t now = current_bytes.fetch_add(delta) + delta;
  int64_t peak = peak_bytes.load();
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
  }
}

void counted_free(void* data) {
  if (data == nullptr) return;
  char* block = static_cast<char*>(data) - kHeader;
  size_t n;
  std::memcpy(&n, block, sizeof n);
  count(-(int64_t)n);
  c10::free_cpu(block);
}

struct CountingCpuAllocator final : at::Allocator {
  at::DataPtr allocate(size_t n) const override {
    if (n == 0) return {nullptr, nullptr, &counted_free, at::Device(at::kCPU)};
    char* block = static_cast<char*>(c10::alloc_cpu(n + kHeader));
    std::memcpy(block, &n, sizeof n);
    count((int64_t)n);
    void* data = block + kHeader;
    return {data, data, &counted_free, at::Device(at::kCPU)};
  }
  at::DeleterFnPtr raw_deleter() const override { return &counted_free; }
};

CountingCpuAllocator counting_allocator;

// Installed at load time; priority 1 outranks the default allocator's registration (priority 0).
struct Install {
  Install() {
    c10::SetCPUAllocator(&counting_allocator, 1);
    const char* keep_defaults = std::getenv("ABLATION_MALLOC_DEFAULTS");
    if (keep_defaults == nullptr || std::strcmp(keep_defaults, "1") != 0) {
      mallopt(M_MMAP_THRESHOLD, 32 << 20);
      mallopt(M_TRIM_THRESHOLD, 1 << 30);
    }
  }
} install;

// A field of /proc/self/status in bytes ("VmRSS", "VmHWM"), or -1.
int64_t proc_status_bytes(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const size_t len = std::strlen(field);
  while (std::getline(status, line)) {
    if (line.compare(0, len, field) == 0 && line.size() > len && line[len] == ':')
      return std::stoll(line.substr(len + 1)) * 1024;  // reported in kB
  }
  return -1;
}

}  // namespace

// True when tensors on the CPU are counted (the counting allocator is the one libtorch uses).
ABL_EXPORT uint8_t abl_memory_cpu_counting() { return c10::GetCPUAllocator() == &counting_allocator ? 1 : 0; }

// Current and peak bytes of tensor memory on a device (0 cpu, 1 cuda): status 0, or -1 with an error.
ABL_EXPORT int32_t abl_memory_stats(int32_t device_type, int32_t device_index, int64_t* current, int64_t* peak) {
  ABL_STATUS({
    if (device_type == 0) {
      *current = current_bytes.load();
      *peak = peak_bytes.load();
    } else if (device_type == 1) {
#ifdef ABL_WITH_CUDA
      auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device_index < 0 ? 0 : device_index);
      auto& bytes = stats.allocated_bytes[static_cast<size_t>(c10::cuda::CUDACachingAllocator::StatType::AGGREGATE)];
      *current = bytes.current;
      *peak = bytes.peak;
#else
      throw std::invalid_argument("memory statistics for cuda: this native library was built without CUDA");
#endif
    } else {
      throw std::invalid_argument("memory statistics: meta tensors hold no memory");
    }
  })
}

// Resets the peak to the current value (and, on the CPU, the process's peak resident set when the kernel
// allows it: writing 5 to /proc/self/clear_refs). Returns 1 when the process peak was reset as well.
ABL_EXPORT int32_t abl_memory_reset_peak(int32_t device_type, int32_t device_index, uint8_t* process_peak_reset) {
  ABL_STATUS({
    *process_peak_reset = 0;
    if (device_type == 0) {
      peak_bytes.store(current_bytes.load());
      if (FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
        *process_peak_reset = std::fputs("5", f) >= 0 ? 1 : 0;
        if (std::fclose(f) != 0) *process_peak_reset = 0;
      }
    } else if (device_type == 1) {
#ifdef ABL_WITH_CUDA
      c10::cuda::CUDACachingAllocator::resetPeakStats(device_index < 0 ? 0 : device_index);
#else
      throw std::invalid_argument("memory statistics for cuda: this native library was built without CUDA");
#endif
    } else {
      throw std::invalid_argument("memory statistics: meta tensors hold no memory");
    }
  })
}

// The process's resident set now and at its peak, in bytes (-1 when /proc is unavailable).
ABL_EXPORT void abl_memory_process(int64_t* rss, int64_t* peak_rss) {
  *rss = proc_status_bytes("VmRSS");
  *peak_rss = proc_status_bytes("VmHWM");
}
