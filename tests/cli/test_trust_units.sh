#!/usr/bin/env bash
# Trust (issue 13, findings 5 and part of 14; SPEC §8, §11, §12):
# - every read-modify-write of units.yaml happens under the writer lock, so
#   parallel `units add`, `add --add-units`, `assign --add-units` and
#   `import --add-units` keep every unit and every task names known units;
# - autocommit runs the repository's hooks, and a failing hook leaves the
#   change written and uncommitted with a warning (exit 0);
# - `import --add-units` that fails (a full disk) adds no unit;
# - `remind --out` makes safe, short, unique file names from unit names and
#   never fails on a long one.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export DUBAN_LOCK_TIMEOUT=60
N="$(workload PARALLEL_WRITERS 20 8)"

# unit_count: units in units.yaml of the current workspace.
unit_count() { grep -c '^  - name: ' units.yaml; }

# spawn ARGS…: `duban ARGS` in the background; its pid is added to `pids`.
spawn() {
  "$DUBAN" "$@" >/dev/null 2>&1 &
  pids+=($!)
}

# expect_all_succeed DESC: waits for every pid in `pids` (children of this
# shell, so not in a subshell); each must exit 0.
expect_all_succeed() {
  local bad=0 p
  for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
  pids=()
  check "$1" test "$bad" == 0
}

# expect_check_clean DESC: `duban check` finds no problem.
expect_check_clean() {
  run check
  expect_exit 0 "$1"
  expect_stderr_contains "no problems" "$1: no problems"
}

pids=()

# ---------------------------------------------------------------- units add

new_workspace
for ((i = 0; i < N; i++)); do
  spawn units add "并发单位$i"
done
expect_all_succeed "$N parallel 'units add' all succeed"
check "$N parallel 'units add' keep $N units" test "$(unit_count)" == "$N"
missing=0
for ((i = 0; i < N; i++)); do
  grep -Fxq "  - name: 并发单位$i" units.yaml || missing=$((missing + 1))
done
check "every unit added in parallel is in units.yaml" test "$missing" == 0

# Renames of different units at once keep each other's change.
for ((i = 0; i < N; i += 2)); do
  spawn units rename "并发单位$i" "改名单位$i"
done
for ((i = 1; i < N; i += 2)); do
  spawn units add "再加单位$i"
done
expect_all_succeed "parallel renames and adds all succeed"
lost=0
for ((i = 0; i < N; i += 2)); do
  grep -Fxq "  - name: 改名单位$i" units.yaml || lost=$((lost + 1))
done
for ((i = 1; i < N; i += 2)); do
  grep -Fxq "  - name: 再加单位$i" units.yaml || lost=$((lost + 1))
done
check "every parallel rename and add is kept" test "$lost" == 0
check "no unit is lost by parallel renames" test "$(unit_count)" == "$((N + N / 2))"
expect_check_clean "check passes after parallel units changes"

# ---------------------------------------------------------------- add --add-units

new_workspace
for ((i = 0; i < N; i++)); do
  spawn add "并发立项$i" --kind instruction --due 2025-12-31 --lead "新单位$i" --co "协办单位$((i % 3))" --add-units
done
expect_all_succeed "$N parallel 'add --add-units' all succeed"
check "$N parallel 'add --add-units' write $N tasks" test "$(find tasks -name '*.yaml' | wc -l)" == "$N"
check "$N parallel 'add --add-units' keep $((N + 3)) units" test "$(unit_count)" == "$((N + 3))"
unknown=0
for f in tasks/2025/*.yaml; do
  lead="$(sed -n 's/^lead: //p' "$f")"
  grep -Fxq "  - name: $lead" units.yaml || unknown=$((unknown + 1))
done
check "every task's lead unit is in units.yaml" test "$unknown" == 0
expect_check_clean "check passes after parallel add --add-units"

# assign/progress --add-units go through the same save under the lock.
ids=()
for f in tasks/2025/*.yaml; do ids+=("$(basename "$f" .yaml)"); done
for ((i = 0; i < N; i++)); do
  if ((i % 2)); then
    spawn assign "${ids[$i]}" --lead "转办单位$i" --add-units
  else
    spawn progress "${ids[$i]}" "进展$i" --by "报送单位$i" --add-units
  fi
  spawn units add "同时单位$i"
done
expect_all_succeed "parallel assign/progress --add-units and units add all succeed"
check "every unit added by assign, progress and units add is kept" test "$(unit_count)" == "$((N + 3 + 2 * N))"
expect_check_clean "check passes after parallel assign/progress --add-units"

# ---------------------------------------------------------------- import --add-units

new_workspace
for ((i = 0; i < N / 2; i++)); do
  printf '事项名称,来源,牵头单位,办结时限\n导入事项%s,领导批示,导入单位%s,2025-12-31\n' "$i" "$i" >"$SCRATCH/imp$i.csv"
  spawn import "$SCRATCH/imp$i.csv" --add-units
  spawn units add "手工单位$i"
done
expect_all_succeed "parallel import --add-units and units add all succeed"
check "parallel imports and units add keep every unit" test "$(unit_count)" == "$((N / 2 * 2))"
check "parallel imports write every task" test "$(find tasks -name '*.yaml' | wc -l)" == "$((N / 2))"
expect_check_clean "check passes after parallel imports"

# ---------------------------------------------------------------- autocommit runs hooks

if command -v git >/dev/null 2>&1; then
  export HOME="$SCRATCH/home"
  mkdir -p "$HOME"
  export GIT_CONFIG_GLOBAL="$HOME/.gitconfig"
  git config --global init.defaultBranch main
  export GIT_AUTHOR_NAME=督查员 GIT_AUTHOR_EMAIL=clerk@example.org
  export GIT_COMMITTER_NAME=督查员 GIT_COMMITTER_EMAIL=clerk@example.org
  export GIT_CEILING_DIRECTORIES="$SCRATCH"

  _new_dir git
  WS="$NEW_DIR"
  "$DUBAN" init "$WS" --git >/dev/null 2>&1
  cd "$WS" || exit 2
  run units add 市财政局
  expect_exit 0 "units add in a git workspace"
  before="$(git rev-list --count HEAD)"
  marker="$SCRATCH/pre-commit-ran"
  printf '#!/bin/sh\necho ran >>"%s"\nexit 0\n' "$marker" >.git/hooks/pre-commit
  chmod +x .git/hooks/pre-commit
  run add 钩子事项 --kind meeting --lead 市财政局
  expect_exit 0 "add with a passing pre-commit hook"
  expect_file_exists "$marker"
  check "autocommit commits with a passing hook" test "$(git rev-list --count HEAD)" == "$((before + 1))"

  printf '#!/bin/sh\necho "pre-commit: 台账格式检查未通过" >&2\nexit 1\n' >.git/hooks/pre-commit
  before="$(git rev-list --count HEAD)"
  run add 被拒事项 --kind meeting --lead 市财政局
  expect_exit 0 "a failing hook does not fail the write (the change is saved)"
  id="$OUT"
  expect_file_exists "$(task_file "$id")"
  expect_stderr_contains "not committed" "a failing hook is reported on stderr"
  expect_stderr_contains "台账格式检查未通过" "the hook's message is shown"
  check "nothing is committed when the hook fails" test "$(git rev-list --count HEAD)" == "$before"
  check "the change stays in the work tree, uncommitted" \
    test -n "$(git status --porcelain -- "$(task_file "$id")")"
  run -q progress "$id" 静默进展
  expect_exit 0 "a failing hook under --quiet still exits 0"
  expect_stderr_contains "not committed" "--quiet does not hide an uncommitted change"
  rm -f .git/hooks/pre-commit
else
  echo "test_trust_units: git is not installed; hook tests skipped"
fi

# ---------------------------------------------------------------- import on a full disk

mnt="$SCRATCH/small-disk"
mkdir -p "$mnt"
if [[ "$(id -u)" == 0 ]] && mount -t tmpfs -o size=2m tmpfs "$mnt" 2>/dev/null; then
  trap 'cd /; umount "$mnt" 2>/dev/null; rm -rf "$SCRATCH"' EXIT
  "$DUBAN" init "$mnt/ws" >/dev/null 2>&1
  cd "$mnt/ws" || exit 2
  "$DUBAN" units add 市财政局 >/dev/null 2>&1
  {
    echo '事项名称,来源,牵头单位,办结时限'
    for ((i = 0; i < 400; i++)); do
      echo "满盘导入事项$i,领导批示,满盘新单位$((i % 4)),2025-12-31"
    done
  } >"$SCRATCH/full.csv"
  # Leave about 64 KiB: units.yaml fits, the 400 staged task files do not.
  avail="$(df --output=avail -B1 "$mnt" | tail -n 1)"
  head -c "$((avail - 65536))" /dev/zero >"$mnt/filler" 2>/dev/null
  snapshot
  run import "$SCRATCH/full.csv" --add-units
  expect_exit 4 "an import that does not fit on the disk fails with exit 4"
  expect_stderr_match '^duban: error: ' "the failure is reported"
  check "no unit is added by a failed import" test "$(unit_count)" == 1
  expect_unchanged "a failed import leaves the workspace as it was"
  check "no staging directory is left" test -z "$(find .duban -maxdepth 1 -name 'staging-*')"
  rm -f "$mnt/filler"
  run import "$SCRATCH/full.csv" --add-units
  expect_exit 0 "the same import succeeds with room on the disk"
  check "units of a committed import are added" test "$(unit_count)" == 5
  run check
  expect_exit 0 "check passes after the import"
  cd "$SCRATCH" || exit 2
  umount "$mnt"
else
  echo "test_trust_units: cannot mount a small tmpfs (needs root); full-disk import skipped"
fi

# ---------------------------------------------------------------- remind --out and long unit names

new_workspace
long="$(printf "超长单位名称%.0s" {1..17})直属局"   # 105 characters, 315 bytes
long2="${long}二"                               # the same first 105 characters
units=(市财政局 "$long" "$long2" "甲/乙" "甲_乙" "..")
for u in "${units[@]}"; do
  run units add "$u"
  expect_exit 0 "units add a name of ${#u} characters"
done
run units add 市住建局
ids=()
for u in "${units[@]}" 市住建局; do
  run add "催办事项" --kind instruction --due 2025-10-16 --lead "$u"
  ids+=("$OUT")
done
run remind --as-of 2025-10-20 --out "$SCRATCH/notices"
expect_exit 0 "remind --out with a 105-character unit name succeeds"
check "one notice file per unit" test "$(find "$SCRATCH/notices" -type f | wc -l)" == "${#ids[@]}"
check "no notice file outside --out" test -z "$(find "$SCRATCH" -maxdepth 1 -name '*2025-10-20*')"
toolong=0
while IFS= read -r f; do
  (($(printf '%s' "$(basename "$f")" | wc -c) <= 200)) || toolong=$((toolong + 1))
  iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || toolong=$((toolong + 1))
  printf '%s' "$(basename "$f")" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 || toolong=$((toolong + 1))
done < <(find "$SCRATCH/notices" -type f)
check "every notice file name is short and valid UTF-8" test "$toolong" == 0
# Each unit's notice is in a file of its own: the two long units (one a
# prefix of the other) and 甲/乙 beside 甲_乙 included.
for u in "${units[@]}" 市住建局; do
  check "exactly one notice file addresses the unit of ${#u} characters" \
    test "$(grep -lxF -- "$u：" "$SCRATCH"/notices/* | wc -l)" == 1
done
notreminded=0
for id in "${ids[@]}"; do
  [[ "$(grep -c '^    type: remind$' "$(task_file "$id")")" == 1 ]] || notreminded=$((notreminded + 1))
done
check "every task got its remind entry" test "$notreminded" == 0
expect_check_clean "check passes after remind"

# A notice that cannot be written fails the run before any task is logged.
mkdir -p "$SCRATCH/blocked"
run remind --as-of 2025-10-21 --out "$SCRATCH/blocked" --dry-run
blocked_name="$(sed -n 's/^dry run: would write .*\/\(2025-10-21-市住建局\.txt\)$/\1/p' "$ERR_FILE")"
mkdir -p "$SCRATCH/blocked/${blocked_name:-2025-10-21-市住建局.txt}"
snapshot
run remind --as-of 2025-10-21 --out "$SCRATCH/blocked"
expect_exit 4 "a notice that cannot be written fails with exit 4"
expect_unchanged "no task is logged when a notice cannot be written"

finish
