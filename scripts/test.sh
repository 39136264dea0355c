#!/usr/bin/env bash
# Set up and build with -Werror (DUBAN_WERROR=ON: any compiler warning fails),
# run the guardrails (scripts/lint.sh: formatting, include direction of the
# layers, man pages), then every test (doctest unit tests and end-to-end
# suites). Then the whole suite runs again under AddressSanitizer and
# UndefinedBehaviorSanitizer (scripts/test-sanitize.sh, in build-asan/), and
# the threaded tests under ThreadSanitizer (scripts/test-tsan.sh, in
# build-tsan/); DUBAN_SANITIZE_TESTS=0 skips both when time is short.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
DUBAN_WERROR=ON "$root/scripts/setup.sh"
"$root/scripts/lint.sh"
cd "${DUBAN_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j2
if [[ "${DUBAN_SANITIZE_TESTS:-1}" != 0 ]]; then
  "$root/scripts/test-sanitize.sh"
  "$root/scripts/test-tsan.sh"
fi
