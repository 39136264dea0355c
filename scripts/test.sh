#!/usr/bin/env bash
# Set up, build, and run every test (doctest unit tests and end-to-end suites).
# Then the whole suite runs again under AddressSanitizer and
# UndefinedBehaviorSanitizer (scripts/test-sanitize.sh, in build-asan/);
# DUBAN_SANITIZE_TESTS=0 skips that second run when time is short.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
cd "${DUBAN_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j2
if [[ "${DUBAN_SANITIZE_TESTS:-1}" != 0 ]]; then
  "$root/scripts/test-sanitize.sh"
fi
