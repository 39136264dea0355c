#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace duban {

/// Calls `fn(i)` once for every i in [0, n), on up to `jobs` threads (0: one
/// per core) with at least `grain` items per thread; the calling thread works
/// too. Items are handed out one at a time, so slow files do not stall a
/// thread's share. `fn` must not throw.
template <class Fn>
void parallel_for(std::size_t n, int jobs, std::size_t grain, Fn&& fn) {
  unsigned threads = jobs > 0 ? static_cast<unsigned>(jobs) : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, static_cast<unsigned>(n / std::max<std::size_t>(grain, 1) + 1));
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      fn(i);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    pool.emplace_back(work);
  }
  work();
  for (std::thread& t : pool) {
    t.join();
  }
}

}  // namespace duban
