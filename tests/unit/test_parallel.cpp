// parallel_for: every item once, and a worker's exception reaches the caller.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
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
