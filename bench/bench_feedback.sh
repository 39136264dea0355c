#!/usr/bin/env bash
# Benchmark of the feedback round (SPEC §15): forms out with
# `remind --format xlsx`, filled in, and read back with `duban feedback`.
#
#   DUBAN=/path/to/duban bench/bench_feedback.sh [UNITS] [TASKS] [RUNS]
#
# An office of UNITS units (default 500) leading TASKS overdue tasks each
# (default 20; 10,000 tasks in all, imported from a generated CSV). Times, each
# RUNS times (default 3) on a fresh copy of the workspace: writing one form per
# unit, reading all the filled forms back in one run, the same with --dry-run,
# and feeding them a second time (every row already recorded). Needs Debian's
# python3-openpyxl to fill the forms in. Prints the median wall time and peak
# RSS per command; it never asserts a time and fails only when a command fails
# or records what it should not.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
: "${DUBAN:=$root/build/duban}"
UNITS="${1:-500}"
TASKS="${2:-20}"
RUNS="${3:-3}"
if [[ ! -x "$DUBAN" ]]; then
  echo "bench_feedback.sh: set DUBAN to a built duban binary (not found: $DUBAN)" >&2
  exit 2
fi
PYTHON=/usr/bin/python3
if ! "$PYTHON" -c 'import openpyxl' 2>/dev/null; then
  echo "bench_feedback.sh: python3-openpyxl is missing (apt install python3-openpyxl)" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/duban-bench-feedback.XXXXXX")"
trap 'rm -rf "$work"' EXIT
unset DUBAN_DIR NO_COLOR
export DUBAN_TODAY=2025-10-15 TZ=UTC
source "$here/measure.sh"

# ---------------------------------------------------------------- the office
tmpl="$work/template"
"$DUBAN" init "$tmpl" --office 江北市人民政府督查室 >/dev/null
"$PYTHON" "$here/gen_feedback.py" units "$UNITS" >"$tmpl/units.yaml"
"$PYTHON" "$here/gen_feedback.py" rows "$UNITS" "$TASKS" >"$work/rows.csv"
"$DUBAN" --dir "$tmpl" -q import "$work/rows.csv" >/dev/null
count="$(find "$tmpl/tasks" -name '*.yaml' | wc -l)"
if [[ "$count" != $((UNITS * TASKS)) ]]; then
  echo "bench_feedback.sh: the import created $count task files, not $((UNITS * TASKS))" >&2
  exit 1
fi

copy_of() {  # copy_of SOURCE: a fresh copy of workspace SOURCE as WS
  WS="$work/ws"
  rm -rf "$WS"
  cp -r "$1" "$WS"
}
# remind: a fresh office and no forms yet.
office() { copy_of "$tmpl"; rm -rf "$work/forms"; }
measure "remind --format xlsx ($UNITS forms)" office remind --format xlsx --out "$work/forms"
forms=("$work/forms"/*.xlsx)
if [[ "${#forms[@]}" != "$UNITS" ]]; then
  echo "bench_feedback.sh: remind wrote ${#forms[@]} forms, not $UNITS" >&2
  exit 1
fi
cp -r "$WS" "$work/reminded"

t0=$EPOCHREALTIME
"$PYTHON" "$here/gen_feedback.py" fill "${forms[@]}"
fill_s="$("$PYTHON" -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$t0" "$EPOCHREALTIME")"

reminded() { copy_of "$work/reminded"; }
measure "feedback --dry-run ($UNITS forms)" reminded feedback --dry-run "${forms[@]}"
measure "feedback ($UNITS forms)" reminded feedback "${forms[@]}"
recorded="$(grep -l 'type: progress' -r "$WS/tasks" | wc -l)"
if [[ "$recorded" != $((UNITS * TASKS)) ]]; then
  echo "bench_feedback.sh: feedback recorded progress on $recorded tasks, not $((UNITS * TASKS))" >&2
  exit 1
fi
cp -r "$WS" "$work/fed"
fed() { copy_of "$work/fed"; }
measure "feedback again (all recorded)" fed feedback "${forms[@]}"
if ! diff -r -q -x .duban "$work/fed" "$WS" >/dev/null; then
  echo "bench_feedback.sh: feeding the same forms again changed the workspace" >&2
  exit 1
fi

# ---------------------------------------------------------------- the table
echo "duban feedback benchmark: $UNITS units × $TASKS tasks ($((UNITS * TASKS)) tasks, forms $(du -sh "$work/forms" | cut -f1)), $RUNS runs each, filling the forms with openpyxl took ${fill_s} s, $(basename "$DUBAN") at $DUBAN"
print_results
