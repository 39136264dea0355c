#!/usr/bin/env bash
# Crash safety (SPEC §11): `kill -9` of an import of 10,000 rows and of a
# remind over 1,000 tasks at random moments. After each kill the workspace
# checks clean, no temporary file is visible under tasks/, the import is all
# or nothing once the next writer has run recovery, and the lock is free.
#   CRASH_ITERATIONS (default 15) kills of the import,
#   CRASH_COMMIT_ITERATIONS (default 3) kills right after COMMITTED,
#   CRASH_REMIND_ITERATIONS (default 8) of remind,
#   CRASH_ROWS (default 10000) rows imported, CRASH_REMIND_TASKS (1000) reminded;
# the sanitizer build runs fewer and smaller rounds (lib.sh: workload).
source "$(dirname "$0")/lib.sh"

ITER="$(workload CRASH_ITERATIONS 15 4)"
COMMIT_ITER="$(workload CRASH_COMMIT_ITERATIONS 3 1)"
REMIND_ITER="$(workload CRASH_REMIND_ITERATIONS 8 3)"
ROWS="$(workload CRASH_ROWS 10000 2000)"
REMIND_TASKS="$(workload CRASH_REMIND_TASKS 1000 300)"
RANDOM=20251015

count_tasks() { find tasks -name '*.yaml' -type f | wc -l; }

# after_kill DESC EXPECTED-COUNTS…: the checks after one kill.
after_kill() {
  local desc="$1"
  shift
  local dots
  # Temporary files live in .duban/tmp and staging in .duban/staging-*,
  # never next to the task files.
  dots="$(find tasks -name '.*' | head -n 3)"
  check "$desc: no temporary file under tasks/ ($(echo $dots))" test -z "$dots"
  # The next writer runs recovery; with a 1 s lock wait it fails with exit 4
  # if the dead process's lock were stuck.
  local t0 t1
  t0=$(date +%s%N)
  run_env DUBAN_LOCK_TIMEOUT=1 -- units add "恢复单位$RANDOM$RANDOM"
  t1=$(date +%s%N)
  expect_exit 0 "$desc: the next write works (lock not stuck; $(((t1 - t0) / 1000000)) ms with recovery)"
  run check
  expect_exit 0 "$desc: check passes"
  check "$desc: recovery left no staging or temporary directory" \
    test -z "$(find .duban -path '.duban/staging-*' -o -path '.duban/tmp/*' | head -n 3)"
  local n want ok=0
  n="$(count_tasks)"
  for want in "$@"; do
    [[ "$n" == "$want" ]] && ok=1
  done
  if ((ok)); then pass "$desc: $n tasks (all or nothing)"; else
    fail "$desc: all or nothing" "found $n task files, expected one of: $*"
  fi
}

# ---- a workspace with units, and ROWS rows for it
new_workspace "${STD_UNITS[@]}"
TEMPLATE="$WS"
"$PYTHON" "$DUBAN_SOURCE_DIR/bench/gen_import_csv.py" "$ROWS" --units units.yaml -o "$SCRATCH/rows.csv"
check "$ROWS rows generated" test "$(wc -l <"$SCRATCH/rows.csv")" -gt "$ROWS"
base="$(count_tasks)"

# The duration of a whole import, to kill within it.
_new_dir measure
cp -r "$TEMPLATE" "$NEW_DIR" && cd "$NEW_DIR" || exit 2
t0=$(date +%s%N)
run import "$SCRATCH/rows.csv" --add-units
t1=$(date +%s%N)
expect_exit 0 "a whole import of $ROWS rows"
full="$(count_tasks)"
check "the import created $ROWS tasks" test "$full" == $((base + ROWS))
dur_ms=$(((t1 - t0) / 1000000))
((dur_ms < 50)) && dur_ms=50

for ((i = 1; i <= ITER; i++)); do
  _new_dir crash
  cp -r "$TEMPLATE" "$NEW_DIR" && cd "$NEW_DIR" || exit 2
  delay_ms=$((RANDOM % dur_ms))
  "$DUBAN" import "$SCRATCH/rows.csv" --add-units >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  after_kill "import killed after ${delay_ms} ms (#$i)" "$base" "$full"
  cd "$SCRATCH" && rm -rf "$NEW_DIR"
done

# Kills right after the import committed (its COMMITTED marker exists) land
# in the roll-forward, which random delays rarely hit: the next writer must
# finish it, so all ROWS tasks are there.
for ((i = 1; i <= COMMIT_ITER; i++)); do
  _new_dir commit
  cp -r "$TEMPLATE" "$NEW_DIR" && cd "$NEW_DIR" || exit 2
  "$DUBAN" import "$SCRATCH/rows.csv" --add-units >/dev/null 2>&1 &
  pid=$!
  marker=".duban/staging-$pid/COMMITTED"
  while [[ ! -e "$marker" ]] && kill -0 "$pid" 2>/dev/null; do :; done
  hit=0
  [[ -e "$marker" ]] && kill -9 "$pid" 2>/dev/null && hit=1
  wait "$pid" 2>/dev/null
  check "import #$i was killed after it committed" test "$hit" == 1
  after_kill "import killed during roll-forward with $(count_tasks) tasks in place (#$i)" "$full"
  cd "$SCRATCH" && rm -rf "$NEW_DIR"
done

# ---- remind over REMIND_TASKS overdue tasks
new_workspace "${STD_UNITS[@]}"
"$PYTHON" - "$SCRATCH/overdue.csv" "$REMIND_TASKS" <<'PY'
import csv, sys
units = ["市发改委", "市财政局", "市住建局", "城东区"]
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["事项名称", "来源", "牵头单位", "立项日期", "办结时限"])
    for i in range(int(sys.argv[2])):
        w.writerow([f"逾期事项{i:04d}", "领导批示", units[i % 4], "2025-03-01", "2025-06-30"])
PY
run import "$SCRATCH/overdue.csv"
expect_exit 0 "import $REMIND_TASKS overdue rows"
n_tasks="$(count_tasks)"
check "$REMIND_TASKS overdue tasks" test "$n_tasks" == "$REMIND_TASKS"
REMIND_WS="$WS"
t0=$(date +%s%N)
_new_dir measure
cp -r "$REMIND_WS" "$NEW_DIR" && cd "$NEW_DIR" || exit 2
run remind --out "$SCRATCH/notices-full"
t1=$(date +%s%N)
expect_exit 0 "a whole remind over $REMIND_TASKS tasks"
dur_ms=$(((t1 - t0) / 1000000))
((dur_ms < 50)) && dur_ms=50
for ((i = 1; i <= REMIND_ITER; i++)); do
  _new_dir remind
  cp -r "$REMIND_WS" "$NEW_DIR" && cd "$NEW_DIR" || exit 2
  delay_ms=$((RANDOM % dur_ms))
  "$DUBAN" remind --out "$SCRATCH/notices-$i" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  after_kill "remind killed after ${delay_ms} ms (#$i)" "$REMIND_TASKS"
  # Run again: the tasks the killed run logged are not logged twice.
  run remind --out "$SCRATCH/notices-again-$i"
  expect_exit 0 "remind after the kill (#$i)"
  twice="$(grep -c '^    type: remind$' tasks/*/*.yaml | grep -vc ':1$')"
  check "remind after the kill (#$i): every task has exactly one remind entry" test "$twice" == 0
  cd "$SCRATCH" && rm -rf "$NEW_DIR"
done

finish
