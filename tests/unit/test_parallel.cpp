// parallel_for: every item once, and a worker's exception reaches the caller.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/parallel.hpp"

using duban::parallel_for;

TEST_CASE("parallel_for calls fn once for every item") {
  std::vector<std::atomic<int>> seen(1000);
  parallel_for(seen.size(), 4, 8, [&](std::size_t i) { ++seen[i]; });
  int once = 0;
  for (const auto& s : seen) {
    once += s == 1;
  }
  CHECK(once == 1000);
}

TEST_CASE("parallel_for rethrows the first exception of any thread, after all have stopped") {
  for (std::size_t bad : {std::size_t{0}, std::size_t{37}, std::size_t{999}}) {
    CAPTURE(bad);
    std::atomic<int> calls{0};
    auto run = [&] {
      parallel_for(1000, 4, 8, [&](std::size_t i) {
        ++calls;
        if (i == bad) {
          throw std::runtime_error("item " + std::to_string(i));
        }
      });
    };
    CHECK_THROWS_WITH_AS(run(), ("item " + std::to_string(bad)).c_str(), std::runtime_error);
    CHECK(calls >= 1);
    CHECK(calls <= 1000);
  }
}

TEST_CASE("parallel_for uses at most `jobs` threads, and the caller's alone below the grain") {
  auto threads_used = [](std::size_t n, int jobs, std::size_t grain) {
    std::mutex m;
    std::set<std::thread::id> ids;
    parallel_for(n, jobs, grain, [&](std::size_t) {
      std::lock_guard<std::mutex> hold(m);
      ids.insert(std::this_thread::get_id());
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    });
    return ids;
  };
  // How workspace.cpp scans year directories: two threads, the second only
  // for a second year.
  CHECK(threads_used(1, 2, 2) == std::set<std::thread::id>{std::this_thread::get_id()});
  CHECK(threads_used(0, 2, 2).empty());
  CHECK(threads_used(40, 2, 2).size() <= 2);
  CHECK(threads_used(40, 2, 2).count(std::this_thread::get_id()) == 1);
  CHECK(threads_used(200, 3, 1).size() <= 3);
}

TEST_CASE("parallel_for starts no further item once one has thrown") {
  std::atomic<int> after{0};
  auto run = [&] {
    parallel_for(10000, 1, 1, [&](std::size_t i) {
      if (i == 5) {
        throw std::logic_error("five");
      }
      after += i > 5 ? 1 : 0;
    });
  };
  CHECK_THROWS_AS(run(), std::logic_error);
  CHECK(after == 0);  // one thread: nothing after item 5 ran
}
