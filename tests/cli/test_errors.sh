#!/usr/bin/env bash
# Errors, exit codes, the workspace lookup and the write lock (SPEC §3, §7, §11).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ---------------------------------------------------------------- help and version
run --help
expect_exit 0 "--help exits 0"
expect_stdout_contains "Usage: duban"
for cmd in init units add assign progress "done" recheck extend return escalate suspend cancel reopen note show list edit check; do
  expect_stdout_match "^  $cmd " "--help lists $cmd"
done
for cmd in add list progress extend units edit check; do
  run "$cmd" --help
  expect_exit 0 "$cmd --help exits 0"
  expect_stdout_contains "Examples:" "$cmd --help has examples"
done
run units add --help
expect_stdout_contains "--alias"
run --version
expect_exit 0 "--version exits 0"
expect_stdout_match '^duban [0-9]' "--version prints the version"

# ---------------------------------------------------------------- no workspace
mkdir -p "$SCRATCH/empty/sub"
cd "$SCRATCH/empty/sub" || exit 2
run list
expect_usage_error "no workspace: exit 2"
expect_stderr_contains "duban init" "no workspace: a hint to run duban init"
expect_stderr_contains "--dir" "no workspace: a hint to use --dir"
run add 事项 --kind instruction
expect_exit 2 "add outside a workspace: exit 2"
check "nothing created outside a workspace" test -z "$(ls -A "$SCRATCH/empty/sub")"
run --dir "$SCRATCH/empty" list
expect_usage_error "--dir without duban.yaml: exit 2"
expect_stderr_contains "$SCRATCH/empty"
run_env DUBAN_DIR="$SCRATCH/empty" -- list
expect_usage_error "DUBAN_DIR without duban.yaml: exit 2"
expect_stderr_contains "DUBAN_DIR"

# the workspace is found from a subdirectory, through --dir and $DUBAN_DIR
use_fixture office-small
export DUBAN_TODAY=2025-10-15
FX="$WS"
mkdir -p "$FX/tasks/2025/deep/er"
cd "$FX/tasks/2025/deep/er" || exit 2
run list --format csv
expect_exit 0 "found from a subdirectory"
check "8 open tasks" test "$(($(wc -l <"$OUT_FILE") - 1))" -eq 8
rmdir "$FX/tasks/2025/deep/er" "$FX/tasks/2025/deep"
cd "$SCRATCH/empty/sub" || exit 2
run --dir "$FX" list --format csv
expect_exit 0 "--dir"
check "8 open tasks via --dir" test "$(($(wc -l <"$OUT_FILE") - 1))" -eq 8
run_env DUBAN_DIR="$FX" -- show 2025-0004 --format json
expect_exit 0 "DUBAN_DIR"
expect_json "d[0]['id']" 2025-0004
run_env DUBAN_DIR="$SCRATCH/empty" -- --dir "$FX" show 4 --format json
expect_exit 0 "--dir wins over DUBAN_DIR"
cd "$FX" || exit 2

# ---------------------------------------------------------------- usage errors
snapshot
run frobnicate
expect_usage_error "unknown command: exit 2"
expect_stderr_contains "frobnicate" "unknown command: the message names it"
run
expect_usage_error "no command: exit 2"
run list --bogus
expect_usage_error "unknown option: exit 2"
expect_stderr_contains "--bogus"
expect_stderr_contains "Usage: duban list" "the usage line is the subcommand's"
run --format xml list
expect_usage_error "--format xml: exit 2"
expect_stderr_contains "xml"
run list --format xml
expect_usage_error "--format xml after the command: exit 2"
run show 4 --format md
expect_usage_error "show --format md: exit 2"
run --lang fr list
expect_usage_error "--lang fr: exit 2"
run list --as-of someday
expect_usage_error "--as-of with a bad date: exit 2"
expect_stderr_contains "--as-of"
run progress
expect_usage_error "progress without ID: exit 2"
run progress 2025-0004
expect_usage_error "progress without TEXT: exit 2"
run add
expect_usage_error "add without TITLE: exit 2"
run extend 2025-0004 --reason x
expect_usage_error "extend without --to: exit 2"
run progress 2025-0004 x --percent abc
expect_usage_error "--percent abc: exit 2"
for today in garbage 2025-02-30 2025/13/1 '+3d'; do
  run_env DUBAN_TODAY="$today" -- list
  expect_usage_error "DUBAN_TODAY=$today: exit 2"
  expect_stderr_contains "DUBAN_TODAY"
done
run_env DUBAN_TODAY=garbage -- note 2025-0004 x
expect_exit 2 "a write with a bad DUBAN_TODAY: exit 2"
expect_unchanged "usage errors write nothing"
# an error message is one line per problem, prefixed
run note 2025-0099 x
expect_exit 3
check "errors are prefixed 'duban: error: '" test "$(head -n 1 "$ERR_FILE" | cut -c1-14)" = "duban: error: "
expect_stdout_empty "errors print nothing on stdout"

# ---------------------------------------------------------------- invalid data
run --dir "$FX" show 2025-0099
expect_data_error "no task 2025-0099" "unknown id: exit 3"
run note 2025-0004 x --date 2025-01-01
expect_data_error "" "a write dated before the registration: exit 3"
run "done" 2025-0001
expect_data_error "" "refused state change: exit 3"
expect_unchanged "invalid data writes nothing"

# a broken duban.yaml: exit 3 naming the file
cp duban.yaml "$SCRATCH/duban.orig"
printf 'office: [broken\n' >duban.yaml
run list
expect_exit 3 "broken duban.yaml: exit 3"
expect_stderr_contains "duban.yaml"
cp "$SCRATCH/duban.orig" duban.yaml

# ---------------------------------------------------------------- the write lock
mkdir -p .duban
if command -v flock >/dev/null; then
  # Hold the lock the way another process would (util-linux flock on
  # .duban/lock), on fd 9 of this shell so it can be released at once.
  exec 9>>.duban/lock
  flock 9
  check "the lock is held" bash -c '! flock -n .duban/lock true'
  snapshot
  run_env DUBAN_LOCK_TIMEOUT=0 -- note 2025-0004 加锁时写入
  expect_exit 4 "a write on a locked workspace: exit 4"
  expect_stderr_contains "locked" "the message says the workspace is locked"
  expect_stdout_empty
  run_env DUBAN_LOCK_TIMEOUT=0 -- add 加锁时新增 --kind instruction
  expect_exit 4 "add on a locked workspace: exit 4"
  run_env DUBAN_LOCK_TIMEOUT=0 -- units add 市园林局
  expect_exit 4 "units add on a locked workspace: exit 4"
  run_env DUBAN_LOCK_TIMEOUT=0 -- "done" 2025-0009
  expect_exit 4 "done on a locked workspace: exit 4"
  expect_unchanged "nothing changed while locked"
  run list --format csv
  expect_exit 0 "list works while locked"
  check "list still shows the 8 open tasks" test "$(($(wc -l <"$OUT_FILE") - 1))" -eq 8
  run show 2025-0004
  expect_exit 0 "show works while locked"
  run check
  expect_exit 0 "check works while locked"
  run_env DUBAN_LOCK_TIMEOUT=0 -- note 2025-0004 x --dry-run
  expect_exit 0 "--dry-run needs no lock"
  expect_unchanged
  flock -u 9
  exec 9>&-

  # the same with a separate holder process, as in `flock .duban/lock sleep N &`
  flock .duban/lock sleep 1 &
  holder=$!
  for _ in $(seq 40); do flock -n .duban/lock true 2>/dev/null || break; sleep 0.025; done
  run_env DUBAN_LOCK_TIMEOUT=0 -- note 2025-0004 另一进程加锁
  expect_exit 4 "locked by another process: exit 4"
  # a writer waits for the lock up to DUBAN_LOCK_TIMEOUT seconds
  run_env DUBAN_LOCK_TIMEOUT=5 -- note 2025-0004 等锁后写入
  expect_exit 0 "a write waits for the lock to be released"
  expect_file_tail tasks/2025/2025-0004.yaml "  - date: 2025-10-15
    type: note
    text: 等锁后写入"
  wait "$holder" 2>/dev/null

  run_env DUBAN_LOCK_TIMEOUT=0 -- note 2025-0004 锁已释放
  expect_exit 0 "after the lock is released, writes work again"
else
  fail "flock (util-linux) is needed for the lock tests"
fi

# a lock file left by a dead process does not block (flock is released on exit)
echo 999999 >.duban/lock
run_env DUBAN_LOCK_TIMEOUT=0 -- note 2025-0004 旧锁文件
expect_exit 0 "a stale lock file does not block"

# ---------------------------------------------------------------- I/O errors
if [[ "$(id -u)" != 0 ]]; then
  chmod a-w tasks/2025
  run_env DUBAN_LOCK_TIMEOUT=0 -- note 2025-0004 只读目录
  expect_exit 4 "an unwritable task directory: exit 4"
  chmod u+w tasks/2025
fi
# stdout closed / full: exit 4 rather than a silent success
if [[ -w /dev/full ]]; then
  LAST_CMD="duban list >/dev/full"
  "$DUBAN" list >/dev/full 2>"$ERR_FILE"
  RC=$?
  expect_exit 4 "writing to a full stdout: exit 4"
fi

# ---------------------------------------------------------------- one place for errors
# Help, version and CLI11's refusals are answered in the parse step, every
# other failure is a duban::Error reported once: same text, same exit codes.
cd "$SCRATCH" || exit 2
run --help
expect_stderr_empty "--help writes nothing to stderr"
run list --bogus --help
expect_exit 0 "help wins over an unknown option: exit 0"
expect_stdout_match '^Usage: duban list \[OPTIONS\]' "list --bogus --help prints list's usage"
run --version
expect_stdout_eq "duban $("$DUBAN" --version | sed 's/^duban //')" "--version prints one line"
expect_stderr_empty "--version writes nothing to stderr"
LAST_CMD="duban --help >/dev/full"
if [[ -w /dev/full ]]; then
  "$DUBAN" --help >/dev/full 2>"$ERR_FILE"
  RC=$?
  expect_exit 0 "help to a full stdout: exit 0, as before"
fi
run list --bogus
expect_exit 2 "an unknown option: exit 2"
expect_stderr_eq "duban: error: The following argument was not expected: --bogus
Usage: duban list [OPTIONS]
Try 'duban list --help' for more." "an unknown option: CLI11's message, the usage line and the hint"
expect_stdout_empty "an unknown option: nothing on stdout"
run list --format
expect_exit 2 "an option without its value: exit 2"
expect_stderr_contains "duban: error: --format: 1 required" "an option without its value: CLI11's message"
expect_stderr_contains "Try 'duban list --help' for more."
run --format xml list
expect_usage_error "a value outside the choices: usage error"
expect_stderr_contains "--format: xml not in {text,md,csv,json,yaml,html,xlsx}"
run
expect_usage_error "no command: usage error"
expect_stderr_contains "A subcommand is required"
# std::filesystem's failures arrive as duban errors in its words: exit 4.
ln -s loop "$SCRATCH/loop"
run --dir "$SCRATCH/loop/x" list
expect_exit 4 "a --dir std::filesystem cannot examine: exit 4"
expect_stderr_eq "duban: error: filesystem error: status: Too many levels of symbolic links [$SCRATCH/loop/x/duban.yaml]" \
  "a --dir std::filesystem cannot examine: its message, once"
run init "$SCRATCH/loop/x"
expect_exit 4 "init below a symbolic link loop: exit 4"
expect_stderr_contains "duban: error: filesystem error: status: Too many levels of symbolic links"

finish
