#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace duban {

/// Calls `fn(i)` once for every i in [0, n), on up to `jobs` threads (0: one
/// per core) with at least `grain` items per thread; the calling thread works
/// too. Items are handed out one at a time, so slow files do not stall a
/// thread's share. When `fn` throws, no further items are started and the
/// first exception is rethrown in the caller once every thread has stopped.
template <class Fn>
void parallel_for(std::size_t n, int jobs, std::size_t grain, Fn&& fn) {
  unsigned threads =
      jobs > 0 ? static_cast<unsigned>(jobs) : std::max(1u, std::thread::hardware_concurrency());
  threads =
      std::min<unsigned>(threads, static_cast<unsigned>(n / std::max<std::size_t>(grain, 1) + 1));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> hold(failure_mutex);
        if (!failure) {
          failure = std::current_exception();
        }
        next = n;  // hand out nothing more
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones running do the rest
    }
  }
  work();
  for (std::thread& t : pool) {
    t.join();
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
}

}  // namespace duban
