#!/usr/bin/env bash
# Build the libFuzzer targets (tests/fuzz) with clang and run each for
# SECONDS_PER_TARGET seconds (default 150) on a copy of its seed corpus.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]
#
# Environment: BUILD_DIR (default /tmp/build-fuzz), WORK_DIR (default
# /tmp/duban-fuzz), JOBS (default 2), TARGETS (default: all five).
# Crash inputs are left in WORK_DIR/TARGET/ as crash-*, leak-*, timeout-*, oom-*.
set -u
SECONDS_PER_TARGET="${1:-150}"
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-/tmp/build-fuzz}"
WORK_DIR="${WORK_DIR:-/tmp/duban-fuzz}"
JOBS="${JOBS:-2}"
TARGETS="${TARGETS:-fuzz_codec fuzz_import fuzz_dates fuzz_merge fuzz_yaml}"

if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
CC=clang CXX=clang++ cmake -S "$SRC" -B "$BUILD_DIR" -DDUBAN_FUZZ=ON -DDUBAN_TESTS=OFF \
  -DDUBAN_SANITIZE=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 2
# shellcheck disable=SC2086
cmake --build "$BUILD_DIR" -j "$JOBS" --target $TARGETS >/dev/null || {
  echo "fuzz.sh: build failed" >&2
  exit 2
}

total_crashes=0
for t in $TARGETS; do
  dir="$WORK_DIR/$t"
  mkdir -p "$dir/corpus"
  cp -n "$SRC/tests/fuzz/corpus/$t/"* "$dir/corpus/" 2>/dev/null
  log="$dir/fuzz.log"
  (cd "$dir" && "$BUILD_DIR/tests/fuzz/$t" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 -artifact_prefix="$dir/" \
    corpus >"$log" 2>&1)
  rc=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  if [[ -z "$execs" ]]; then
    execs="$(grep -Eo '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')"
  fi
  secs="$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)"
  if [[ -z "$secs" ]]; then  # stopped by a crash: executions / rate
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
    ((${rate:-0} > 0)) && secs=$((${execs:-0} / rate))
  fi
  crashes="$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) | wc -l)"
  total_crashes=$((total_crashes + crashes))
  printf '%-12s executions: %-10s seconds: %-5s crashes: %s (exit %s)%s\n' "$t" "${execs:-0}" \
    "${secs:-?}" "$crashes" "$rc" \
    "$( ((crashes > 0)) && echo " -> $dir")"
done
((total_crashes == 0))
