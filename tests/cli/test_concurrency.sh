#!/usr/bin/env bash
# Concurrent writers (SPEC §11): the lock serialises them, so 50 parallel
# `progress` on one task and 50 on 50 tasks each land exactly once
# (CONCURRENT_WRITERS, fewer in the sanitizer build).
source "$(dirname "$0")/lib.sh"
W="$(workload CONCURRENT_WRITERS 50 16)"

new_workspace "${STD_UNITS[@]}"
export DUBAN_LOCK_TIMEOUT=60
one="$(run add '并发事项' --kind instruction --lead 市发改委 --due 2025-12-31; echo "$OUT")"
ids=()
for ((i = 0; i < W; i++)); do
  run add "并发事项$i" --kind instruction --lead 市财政局 --due 2025-12-31
  ids+=("$OUT")
done
check "$((W + 1)) tasks" test "$(find tasks -name '*.yaml' | wc -l)" == $((W + 1))

# W writers on the same task
pids=()
for ((i = 0; i < W; i++)); do
  "$DUBAN" progress "$one" "同一事项进展$i" >"$SCRATCH/p$i.out" 2>&1 &
  pids+=($!)
done
bad=0
for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
check "$W progress on one task all succeed" test "$bad" == 0
f="$(task_file "$one")"
for ((i = 0; i < W; i++)); do
  n="$(grep -c "text: 同一事项进展$i\$" "$f")"
  [[ "$n" == 1 ]] || fail "entry 同一事项进展$i is in the log exactly once" "found $n"
done
check "$W entries on one task" test "$(grep -c 'text: 同一事项进展' "$f")" == "$W"

# W writers on W tasks
pids=()
for ((i = 0; i < W; i++)); do
  "$DUBAN" progress "${ids[$i]}" "各自进展$i" >"$SCRATCH/q$i.out" 2>&1 &
  pids+=($!)
done
bad=0
for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
check "$W progress on $W tasks all succeed" test "$bad" == 0
missing=0
for ((i = 0; i < W; i++)); do
  [[ "$(grep -c "text: 各自进展$i\$" "$(task_file "${ids[$i]}")")" == 1 ]] || missing=$((missing + 1))
done
check "each of the $W tasks has its entry exactly once" test "$missing" == 0
check "no entry went to another task" test "$(cat tasks/2025/*.yaml | grep -c 'text: 各自进展')" == "$W"

run check
expect_exit 0 "check passes after concurrent writes"
check "no temporary file under tasks/" test -z "$(find tasks -name '.*')"

finish
