#!/usr/bin/env bash
# The trust boundary on disk (SPEC §11): what arrives through git, a shared
# folder or a crash may not run code, reach outside the workspace, hang a
# command or hide tasks. Each section replays one attack of issue 13 and
# checks that it fails with the documented exit code and a message naming the
# path, that nothing outside the workspace changes (a canary directory beside
# it) and that nothing is lost.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# A known git (as test_git.sh) and a private state directory for the staging
# tokens, so that nothing here touches the user's own.
export HOME="$SCRATCH/home"
mkdir -p "$HOME"
export XDG_CONFIG_HOME="$HOME/.config" GIT_CONFIG_GLOBAL="$HOME/.gitconfig"
export XDG_STATE_HOME="$SCRATCH/state"
export GIT_AUTHOR_NAME=督查员 GIT_AUTHOR_EMAIL=clerk@example.org
export GIT_COMMITTER_NAME=督查员 GIT_COMMITTER_EMAIL=clerk@example.org
export GIT_CEILING_DIRECTORIES="$SCRATCH"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
HAVE_GIT=1
if command -v git >/dev/null 2>&1; then
  git config --global init.defaultBranch main
else
  HAVE_GIT=0
fi
REGISTRY="$XDG_STATE_HOME/duban/staging"

# ---- the canary: files and directories outside every workspace
CANARY="$SCRATCH/canary"
mkdir -p "$CANARY/dotduban/tmp/keep" "$CANARY/tasks-out/2025" "$CANARY/year-out"
echo 'precious' >"$CANARY/dotduban/tmp/keep/file"
echo 'precious lock target' >"$CANARY/lock-target"
echo 'precious cache target' >"$CANARY/cache-target"
echo 'keep me' >"$CANARY/tasks-out/2025/note.txt"
canary_state() {
  (cd "$CANARY" && find . -printf '%p %y %m %s\n' | LC_ALL=C sort &&
    find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}
CANARY_BEFORE="$(canary_state)"
expect_canary() {
  local now
  now="$(canary_state)"
  if [[ "$now" == "$CANARY_BEFORE" ]]; then pass "$1: nothing outside the workspace changed"; else
    fail "$1: nothing outside the workspace changed" \
      "$(diff <(printf '%s\n' "$CANARY_BEFORE") <(printf '%s\n' "$now") | head -n 10)"
  fi
}

# expect_refused DESC PATH: exit 4 with an error naming PATH, quickly.
expect_refused() {
  local desc="$1" path="$2"
  if [[ "$RC" == 4 ]] && grep -q '^duban: error: ' "$ERR_FILE" && [[ "$ERR" == *"$path"* ]]; then
    pass "$desc: refused (exit 4) naming $path"
  else
    fail "$desc: refused (exit 4) naming $path" "got exit $RC"
  fi
}

# trun ARGS…: run with a 10 s limit (a FIFO must never block a command).
trun() { run_limited 10 "$@"; }

# W: the workspace of the issue, one task 2025-0001.
make_w() {
  new_workspace 市财政局
  run --as-of 2025-10-14 add t --kind meeting --lead 市财政局
  [[ "$OUT" == 2025-0001 ]] || fail "make_w: add" "got '$OUT' exit $RC"
}

# A staged task file for a forged staging directory.
staged_task() {  # staged_task ID TITLE
  cat <<EOF
id: $1
title: $2
kind: instruction
lead: 市财政局
created: 2025-10-14
due: 2025-10-29
status: assigned
escalation: 0
log:
  - date: 2025-10-14
    type: assign
    to: 市财政局
EOF
}

# register_staging DIR: record DIR as this user's own staging on this machine
# (its TOKEN and the entry in $XDG_STATE_HOME/duban/staging, as an import
# writes them), then commit it.
register_staging() {
  local dir="$1" token
  token="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  mkdir -p "$REGISTRY"
  realpath "$dir" >"$REGISTRY/$token"
  printf '%s\n' "$token" >"$dir/TOKEN"
  : >"$dir/COMMITTED"
}

# ================================================================ finding 1
# A committed .duban/staging-1/ delivered by git: its manifest moves an
# executable into .git/hooks, outside the workspace and to an absolute path.
if ((HAVE_GIT)); then
  _new_dir origin
  ORIGIN="$NEW_DIR"
  "$DUBAN" init --git "$ORIGIN" >/dev/null 2>&1
  cd "$ORIGIN" || exit 2
  "$DUBAN" units add 市财政局 >/dev/null
  "$DUBAN" --as-of 2025-10-14 add t --kind meeting --lead 市财政局 >/dev/null
  S=.duban/staging-1
  mkdir -p "$S"
  printf '#!/bin/sh\ntouch %q/pwned-hook\n' "$CANARY" >"$S/000000.yaml"
  printf '#!/bin/sh\ntouch %q/pwned-out\n' "$CANARY" >"$S/000001.yaml"
  cp "$S/000000.yaml" "$S/000002.yaml"
  chmod +x "$S"/*.yaml
  printf '000000.yaml\t.git/hooks/post-commit\n000001.yaml\t../escaped\n000002.yaml\t%s/pwned-abs\n' \
    "$CANARY" >"$S/manifest"
  : >"$S/COMMITTED"
  git add -f .duban/staging-1 && git commit -qm 'a present' && pass "the attacker commits .duban/staging-1"
  _new_dir clone
  git clone -q "$ORIGIN" "$NEW_DIR" && cd "$NEW_DIR" || exit 2
  check "the clone holds the committed staging directory" test -f .duban/staging-1/COMMITTED
  run check
  expect_exit 4 "git staging: check reports the foreign staging directory"
  expect_stdout_contains ".duban/staging-1" "git staging: check names it"
  run units add 市发改委
  expect_exit 0 "git staging: the next writer works"
  expect_stderr_contains ".duban/staging-1" "git staging: the writer names the foreign staging directory"
  check "git staging: the foreign staging directory is deleted" test ! -e .duban/staging-1
  check "git staging: no hook installed" test ! -e .git/hooks/post-commit
  check "git staging: nothing written beside the workspace" test ! -e ../escaped
  check "git staging: nothing written at an absolute path" test ! -e "$CANARY/pwned-abs"
  # .duban/ is never taken from a repository: a writer that gives ids
  # refuses while the committed tree still tracks a path under it.
  run --as-of 2025-10-14 add 第二项 --kind meeting --lead 市财政局
  expect_exit 4 "git staging: add refuses while HEAD tracks .duban"
  expect_stderr_contains "git rm -r --cached .duban" "git staging: add says how to untrack it"
  git rm -q -r --cached .duban && git commit -qm 'untrack .duban'
  run --as-of 2025-10-14 add 第二项 --kind meeting --lead 市财政局
  expect_exit 0 "git staging: add with autocommit"
  check "git staging: no hook ran" test ! -e "$CANARY/pwned-hook"
  check "git staging: the ledger holds its two tasks" test "$(find tasks -name '*.yaml' | wc -l)" == 2
  expect_canary "git staging"
fi

# Even a staging directory this machine did record is only rolled forward
# into tasks/YYYY/ID.yaml, with files that parse as the task they name.
make_w
forge() {  # forge MANIFEST-TARGET [CONTENT-ID]: one committed, registered staging
  S=.duban/staging-77
  rm -rf "$S"
  mkdir -p "$S"
  staged_task "${2:-2025-0002}" 伪造 >"$S/000000.yaml"
  printf '000000.yaml\t%s\n' "$1" >"$S/manifest"
  register_staging "$S"
}
for target in .git/hooks/post-commit ../escaped "$CANARY/pwned-abs" tasks/2025/../../x.yaml \
  tasks/2024/2025-0002.yaml tasks/2025/2025-0003.yaml units.yaml tasks/2025/2025-0002.yml; do
  forge "$target"
  snapshot
  run units
  expect_stderr_contains ".duban/staging-77" "registered staging to '$target': refused with a message naming it"
  check "registered staging to '$target': deleted" test ! -e "$S"
  expect_unchanged "registered staging to '$target': nothing moved"
done
check "registered staging: nothing written beside the workspace" test ! -e ../escaped -a ! -e ../x.yaml
# a staged file that is not a task, or a symbolic link
forge tasks/2025/2025-0002.yaml
printf '#!/bin/sh\necho pwned\n' >"$S/000000.yaml"
snapshot
run units
expect_stderr_contains ".duban/staging-77" "a staged file that is not a task: refused"
expect_unchanged "a staged file that is not a task: nothing moved"
forge tasks/2025/2025-0002.yaml
staged_task 2025-0002 链接 >"$CANARY/../staged-link-target.yaml"
ln -sf "$CANARY/../staged-link-target.yaml" "$S/000000.yaml"
snapshot
run units
expect_stderr_contains ".duban/staging-77" "a staged symbolic link: refused"
expect_unchanged "a staged symbolic link: nothing moved"
# and the genuine case still lands
forge tasks/2025/2025-0002.yaml
run list --format csv
expect_exit 0 "a registered, valid staging: rolled forward by a reader"
expect_csv_ids 2025-0001 2025-0002
check "the registered staging directory is gone" test ! -e "$S"
check "its token is forgotten" test -z "$(ls "$REGISTRY")"
expect_canary "registered staging"

# ================================================================ finding 2
# A committed .duban symbolic link: nothing is deleted, locked or cached there.
make_w
if ((HAVE_GIT)); then
  git init -q . && git add -A && git commit -qm base
fi
rm -rf .duban
ln -s "$CANARY/dotduban" .duban
for cmd in "units add 市发改委" "note 2025-0001 备注" "list" "show 2025-0001" "overdue" "check" \
  "add x --kind meeting --lead 市财政局"; do
  # shellcheck disable=SC2086
  trun $cmd
  expect_refused ".duban link: ${cmd%% *}" ".duban"
done
expect_canary ".duban link"
rm .duban
mkdir .duban
# init ignores .duban as a link too
_new_dir initlink
"$DUBAN" init "$NEW_DIR" >/dev/null
expect_file_line "$NEW_DIR/.gitignore" ".duban" "init ignores .duban, file, link or directory"
if ((HAVE_GIT)); then
  (cd "$NEW_DIR" && git init -q . && ln -s /tmp .duban)
  check "git does not see a .duban link" test -z "$(cd "$NEW_DIR" && git status --porcelain --ignored=no -- .duban)"
fi
# each file and directory duban keeps in .duban/
for entry in lock:"$CANARY/lock-target" cache:"$CANARY/cache-target" tmp:"$CANARY/dotduban" \
  edit:"$CANARY/dotduban" staging-5:"$CANARY/dotduban"; do
  name="${entry%%:*}"
  rm -rf ".duban/$name"
  ln -s "${entry#*:}" ".duban/$name"
  trun note 2025-0001 经过链接
  expect_refused ".duban/$name link: note" ".duban/$name"
  trun list
  expect_refused ".duban/$name link: list" ".duban/$name"
  rm ".duban/$name"
done
mkfifo .duban/lock
trun note 2025-0001 管道锁
expect_refused ".duban/lock FIFO: note" ".duban/lock"
rm .duban/lock
expect_file_no_line "$(task_file 2025-0001)" "    text: 经过链接" "no note was written through a link"
expect_canary ".duban entries as links"
run note 2025-0001 恢复正常
expect_exit 0 "a real .duban works again"

# ================================================================ finding 3
make_w
mv tasks "$SCRATCH/tasks-moved"
ln -s "$CANARY/tasks-out" tasks
snapshot
for cmd in "add 外面 --kind meeting --lead 市财政局" "list" "show 2025-0001" "note 2025-0001 外面" "overdue"; do
  # shellcheck disable=SC2086
  trun $cmd
  expect_refused "tasks link: ${cmd%% *}" "tasks"
done
run check
expect_exit 4 "tasks link: check fails"
expect_stdout_contains "tasks: a symbolic link" "tasks link: check reports it"
expect_canary "tasks link"
rm tasks
mv "$SCRATCH/tasks-moved" tasks
# a year directory that is a link
ln -s "$CANARY/year-out" tasks/2024
trun --as-of 2024-05-06 add 写到外面 --kind meeting --lead 市财政局
expect_refused "year link: add" "tasks/2024"
trun list
expect_refused "year link: list" "tasks/2024"
rm tasks/2024
expect_canary "year link"

# ================================================================ finding 4
make_w
run --as-of 2025-10-14 add 其二 --kind meeting --lead 市财政局
T2="$(task_file 2025-0002)"
cp "$T2" "$SCRATCH/t2.orig"
rm "$T2"
mkfifo "$T2"
for cmd in "note 2025-0002 备注" "show 2025-0002" "edit 2025-0002" "renumber 2025-0002" \
  "progress 2025-0002 进展" "done 2025-0002 --result 完成"; do
  # shellcheck disable=SC2086
  EDITOR=true trun $cmd
  expect_refused "FIFO task file: ${cmd%% *}" "$T2"
done
trun list --format csv
expect_refused "FIFO task file: list" "$T2"
expect_stdout_contains "2025-0001" "FIFO task file: list still shows the other tasks"
trun check
expect_exit 4 "FIFO task file: check"
expect_stdout_contains "$T2: a named pipe" "FIFO task file: check names it"
rm "$T2"
mkdir "$T2"
trun show 2025-0002
expect_refused "a directory as a task file: show" "$T2"
trun check
expect_stdout_contains "$T2: a directory" "a directory as a task file: check names it"
rmdir "$T2"
cp "$SCRATCH/t2.orig" "$T2"
run check
expect_exit 0 "FIFO replaced by the file: check passes"

# ================================================================ finding 13
# A kill right after an import's COMMITTED: reads finish the import (when the
# lock is free) or say that the ledger is incomplete, and check is not clean.
make_w
S=.duban/staging-123
mkdir -p "$S"
for n in 2 3 4; do
  staged_task "2025-000$n" "导入$n" >"$S/00000$((n - 2)).yaml"
  printf '00000%d.yaml\ttasks/2025/2025-000%d.yaml\n' $((n - 2)) "$n" >>"$S/manifest"
done
mv "$S/000000.yaml" tasks/2025/2025-0002.yaml  # the kill came after the first rename
register_staging "$S"
flock -o .duban/lock sleep 30 &  # -o: flock itself holds the lock, not sleep
holder=$!
sleep 0.3
run_env DUBAN_LOCK_TIMEOUT=0 -- list --format csv
expect_exit 4 "interrupted import, lock held: list says the ledger is incomplete"
expect_stderr_contains ".duban/staging-123" "interrupted import, lock held: list names the staging directory"
expect_stderr_contains "incomplete" "interrupted import, lock held: list says 'incomplete'"
run_env DUBAN_LOCK_TIMEOUT=0 -- check
expect_exit 4 "interrupted import, lock held: check is not clean"
expect_stdout_contains ".duban/staging-123" "interrupted import, lock held: check names it"
kill $(pgrep -P "$holder") "$holder"
wait "$holder" 2>/dev/null
run list --format csv
expect_exit 0 "interrupted import, lock free: list finishes the import"
expect_csv_ids 2025-0001 2025-0002 2025-0003 2025-0004
expect_stderr_contains "interrupted import" "interrupted import: the reader says what it finished"
run check
expect_exit 0 "interrupted import finished: check is clean"

# A real kill -9 right after COMMITTED, then a reader.
make_w
"$PYTHON" - "$SCRATCH/rows.csv" <<'PY'
import csv, sys
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["事项名称", "来源", "牵头单位", "立项日期", "办结时限"])
    for i in range(3000):
        w.writerow([f"事项{i:04d}", "领导批示", "市财政局", "2025-03-01", "2025-06-30"])
PY
"$DUBAN" import "$SCRATCH/rows.csv" >/dev/null 2>&1 &
pid=$!
while ! compgen -G '.duban/staging-*/COMMITTED' >/dev/null && kill -0 "$pid" 2>/dev/null; do :; done
hit=0
compgen -G '.duban/staging-*/COMMITTED' >/dev/null && kill -9 "$pid" 2>/dev/null && hit=1
wait "$pid" 2>/dev/null
check "the import was killed after it committed" test "$hit" == 1
run list --format csv --status all
expect_exit 0 "after kill -9: list"
check "after kill -9: a reader shows every imported task" test "$(tail -n +2 "$OUT_FILE" | wc -l)" == 3001
run check
expect_exit 0 "after kill -9: check is clean"

# ================================================================ finding 14
make_w
T1="$(task_file 2025-0001)"
# a 0600 file stays 0600
chmod 600 "$T1"
run note 2025-0001 私密
expect_exit 0
check "a rewrite keeps the file's mode 0600" test "$(stat -c %a "$T1")" == 600
chmod 640 "$T1"
run note 2025-0001 再次
check "a rewrite keeps the file's mode 0640" test "$(stat -c %a "$T1")" == 640
# invalid UTF-8
run --as-of 2025-10-14 add 好的 --kind meeting --lead 市财政局
T2="$(task_file 2025-0002)"
cp "$T2" "$SCRATCH/t2.orig"
sed -i "s/^title: .*/title: $(printf 'bad\xff\xfebytes')/" "$T2"
line="$(grep -an '^title' "$T2" | cut -d: -f1)"
run check
expect_exit 3 "invalid UTF-8: check fails"
expect_stdout_match "^$T2:$line: .*UTF-8" "invalid UTF-8: check names path:line"
run list
expect_exit 3 "invalid UTF-8: list reports the file"
cp "$SCRATCH/t2.orig" "$T2"
# files check cannot see
cp "$T2" tasks/2025/2025-0009.yml
cp "$T2" tasks/2025/2025-0010.YAML
cp "$T2" tasks/2025-0011.yaml
mkdir -p tasks/2025/sub
run check
expect_exit 3 "stray files: check fails"
for f in tasks/2025/2025-0009.yml tasks/2025/2025-0010.YAML tasks/2025-0011.yaml tasks/2025/sub; do
  expect_stdout_contains "$f:" "stray files: check reports $f"
done
rm -r tasks/2025/2025-0009.yml tasks/2025/2025-0010.YAML tasks/2025-0011.yaml tasks/2025/sub
touch tasks/.gitkeep
run check
expect_exit 0 "tasks/.gitkeep is not a problem"
# a 31 MB task file
{ cat "$T2"; echo 'junk: |'; head -c $((31 << 20)) /dev/zero | tr '\0' 'x' | fold -w 100 | sed 's/^/  /'; } \
  >tasks/2025/2025-0003.yaml
for cmd in "show 2025-0003" "list" "check" "note 2025-0003 大文件"; do
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  trun $cmd
  ms=$((($(date +%s%N) - t0) / 1000000))
  check "31 MB task file: ${cmd%% *} answers within 3 s (${ms} ms)" test "$ms" -lt 3000
  ERR="$OUT$ERR"  # check prints its problems on stdout
  expect_stderr_contains "tasks/2025/2025-0003.yaml" "31 MB task file: ${cmd%% *} names the file"
  expect_stderr_contains "4 MiB" "31 MB task file: ${cmd%% *} says the limit"
done
rm tasks/2025/2025-0003.yaml
# DUBAN_LOCK_TIMEOUT
for v in abc -5 1e10 '' ' 1' 86401 inf nan 0x10; do
  [[ -z "$v" ]] && continue
  run_env DUBAN_LOCK_TIMEOUT="$v" -- note 2025-0001 超时
  expect_exit 2 "DUBAN_LOCK_TIMEOUT=$v: usage error"
  expect_stderr_contains "DUBAN_LOCK_TIMEOUT" "DUBAN_LOCK_TIMEOUT=$v: the message names the variable"
done
for v in 0 0.5 3 86400; do
  run_env DUBAN_LOCK_TIMEOUT="$v" -- note 2025-0001 "超时$v"
  expect_exit 0 "DUBAN_LOCK_TIMEOUT=$v works"
done
# one task 2025-999999 does not block add
sed 's/^id: .*/id: 2025-999999/' "$T2" >tasks/2025/2025-999999.yaml
run --as-of 2025-10-14 add 下一个 --kind meeting --lead 市财政局
expect_exit 0 "a task 2025-999999: add still works"
expect_stdout_eq 2025-0003 "a task 2025-999999: add takes the next free id"
run check
expect_exit 3 "a task 2025-999999: check fails"
expect_stdout_contains "tasks/2025/2025-999999.yaml" "a task 2025-999999: check names it"
expect_canary "the whole suite"

finish
