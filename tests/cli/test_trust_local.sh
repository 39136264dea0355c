#!/usr/bin/env bash
# This clone's local state and the repository files duban rewrites (SPEC §11):
# `.duban/` is never taken from a repository, `.duban/ids` is read strictly,
# `.gitattributes` is never followed through a link, and `edit` keeps the uid
# and the log's past (SPEC §4).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/git_lib.sh"

# A repository seeded with one unit and one task; cd into it.
new_seed() {
  _new_dir "$1"
  SEED="$NEW_DIR"
  "$DUBAN" -q init --git "$SEED" >/dev/null || fail "new_seed: init --git"
  cd "$SEED" || return 1
  "$DUBAN" -q units add 市财政局 >/dev/null && "$DUBAN" -q add t --kind meeting --lead 市财政局 >/dev/null ||
    fail "new_seed: add"
}

# A clone of $SEED; cd into it.
clone_seed() {
  _new_dir clone
  git clone -q "$SEED" "$NEW_DIR" && cd "$NEW_DIR" || fail "clone_seed"
}

# ------------------------------------------------ .duban/ids read strictly
new_seed ids
for bad in '2025- 99999999999999999999' '2025- 2147483647' '2025- -1' '2025 7' 'x y z' '2025-ab 3' '2025- 12 extra'; do
  printf '# comment\n%s\n' "$bad" >.duban/ids
  snapshot
  run add y --kind meeting --lead 市财政局
  expect_exit 3 "ids '$bad': add is refused as invalid data"
  expect_stderr_contains "duban: error: .duban/ids:2:" "ids '$bad': the message names the file and line"
  expect_unchanged "ids '$bad': add changes nothing"
  run check
  expect_exit 3 "ids '$bad': check fails"
  expect_stdout_contains ".duban/ids:2:" "ids '$bad': check names the file and line"
done
printf '2025- 41\n' >.duban/ids
run add y --kind meeting --lead 市财政局
expect_exit 0 "a good ids file: add works"
expect_stdout_eq 2025-0042 "a good ids file: the next id follows its mark"
run check
expect_exit 0 "a good ids file: check is clean"

# .duban/ids as a link, a FIFO, a directory: refused by every command
mkdir -p "$SCRATCH/outside"
echo '2025- 5' >"$SCRATCH/outside/ids"
for kind in link fifo dir; do
  rm -rf .duban/ids
  case $kind in
    link) ln -s "$SCRATCH/outside/ids" .duban/ids ;;
    fifo) mkfifo .duban/ids ;;
    dir) mkdir .duban/ids ;;
  esac
  for cmd in "add z --kind meeting --lead 市财政局" "list" "check"; do
    # shellcheck disable=SC2086
    run_limited 10 $cmd
    expect_exit 4 ".duban/ids as a $kind: ${cmd%% *} is refused (exit 4)"
    expect_stderr_contains ".duban/ids" ".duban/ids as a $kind: ${cmd%% *} names it"
  done
  check ".duban/ids as a $kind: it is left alone" test -e .duban/ids -o -L .duban/ids
done
expect_file_eq "$SCRATCH/outside/ids" '2025- 5'
rm -rf .duban/ids

# ------------------------------------------------ .duban tracked by git
new_seed tracked
printf '2025- 99999999999999999999\n' >.duban/ids
git add -f .duban/ids && git commit -qm ids
clone_seed
run add y --kind meeting --lead 市财政局
expect_exit 4 "a committed .duban/ids: add is refused (exit 4), no crash"
expect_stderr_contains "'.duban/ids' is tracked by git" "a committed .duban/ids: the message names it"
expect_stderr_contains "git rm -r --cached .duban" "a committed .duban/ids: the message says the remedy"
run check
expect_exit 4 "a committed .duban/ids: check fails"
expect_stdout_contains "'.duban/ids' is tracked by git" "a committed .duban/ids: check reports it"
git rm -q -r --cached .duban && git commit -qm 'untrack .duban'
rm -rf .duban
run add y --kind meeting --lead 市财政局
expect_exit 0 "after git rm --cached: add works"
expect_stdout_eq 2025-0002 "after git rm --cached: the next id"

new_seed prefix
mkdir -p .duban && printf 'id_prefix: EVIL\n' >.duban/local.yaml
git add -f .duban/local.yaml && git commit -qm prefix
clone_seed
run add y --kind meeting --lead 市财政局
expect_exit 4 "a committed .duban/local.yaml: add is refused"
expect_stdout_not_contains "EVIL" "a committed .duban/local.yaml: no id with its prefix"
expect_stderr_contains "'.duban/local.yaml' is tracked by git" "a committed .duban/local.yaml: the message names it"
check "a committed .duban/local.yaml: no task file with its prefix" test -z "$(find tasks -name '*EVIL*')"

# ------------------------------------------------ .duban/local.yaml read strictly
new_workspace 市财政局
for bad in 'id_prefix: evil' 'id_prefix: [A]' 'id_prefix: ABCDEFGHI' 'id_prefix: "A1"' '- id_prefix' 'x: &a [*a]'; do
  printf '# local\n%s\n' "$bad" >.duban/local.yaml
  run_limited 10 add y --kind meeting --lead 市财政局
  expect_exit 3 "local.yaml '$bad': add is refused as invalid data"
  expect_stderr_contains "duban: error: .duban/local.yaml:2:" "local.yaml '$bad': the message names the file and line"
done
printf 'id_prefix: AB\n' >.duban/local.yaml
run add y --kind meeting --lead 市财政局
expect_exit 0 "id_prefix AB: add works"
expect_stdout_eq 2025-AB0001 "id_prefix AB: the id has the prefix"

# ------------------------------------------------ .gitattributes through a link
for target in /dev/stdin "$SCRATCH/outside/attrs"; do
  echo 'outside' >"$SCRATCH/outside/attrs"
  _new_dir attrs
  "$DUBAN" -q init --git "$NEW_DIR" >/dev/null && cd "$NEW_DIR" || fail "attrs: init"
  ln -sf "$target" .gitattributes && git add .gitattributes && git commit -qm attrs
  SEED="$NEW_DIR"
  clone_seed
  # stdin stays open (a pipe nobody writes to): reading it would hang
  LAST_CMD="duban sync <(sleep 12)"
  timeout 10 "$DUBAN" sync >"$OUT_FILE" 2>"$ERR_FILE" < <(exec sleep 12 2>/dev/null)
  RC=$?
  OUT="$(cat "$OUT_FILE")" ERR="$(cat "$ERR_FILE")"
  expect_exit 4 ".gitattributes -> $target: sync is refused (exit 4), no hang"
  expect_stderr_contains ".gitattributes is a symbolic link" ".gitattributes -> $target: sync names it"
  run_limited 10 git-setup
  expect_exit 4 ".gitattributes -> $target: git-setup is refused (exit 4)"
  check ".gitattributes -> $target: still the link" test -L .gitattributes
  expect_file_eq "$SCRATCH/outside/attrs" 'outside'
done

# ------------------------------------------------ edit keeps uid and log
new_workspace 市财政局
run add t --kind meeting --lead 市财政局
run note 2025-0001 第一次进展
run note 2025-0001 第二次进展
F=$(task_file 2025-0001)
check "the task has a uid" grep -q '^uid: ' "$F"
cp "$F" "$SCRATCH/orig.yaml"
edits=(
  "s/^uid: .*/uid: 0123456789abcdef0123456789abcdef/m|a changed uid"
  "s/^uid: [^\\n]*\\n//m|a removed uid"
  "s/\\n  - date: [^\\n]*\\n    type: note\\n    text: 第一次进展\\n/\\n/|a deleted log entry"
  "s/第二次进展/改写的进展/|a changed log entry"
)
for e in "${edits[@]}"; do
  script="${e%%|*}" what="${e#*|}"
  printf '#!/bin/sh\nexec perl -0pi -e %q "$1"\n' "$script" >"$SCRATCH/ed.sh"
  chmod +x "$SCRATCH/ed.sh"
  run_env EDITOR="$SCRATCH/ed.sh" -- edit 2025-0001
  expect_exit 3 "edit with $what: refused (exit 3)"
  expect_stderr_contains "$F" "edit with $what: the message names the file"
  expect_stderr_match "cannot change|append-only" "edit with $what: the message says why"
  expect_same_file "$F" "$SCRATCH/orig.yaml" "edit with $what: the task file is unchanged"
done
# appending an entry and changing the title are fine
printf '#!/bin/sh\nsed -i "s/^title: .*/title: 新标题/" "$1"\nprintf "%%s\\n" "  - date: 2025-10-15" "    type: note" "    text: 补记" >>"$1"\n' \
  >"$SCRATCH/ed.sh"
run_env EDITOR="$SCRATCH/ed.sh" -- edit 2025-0001
expect_exit 0 "edit that appends a log entry: saved"
expect_file_match "$F" "补记" "edit that appends a log entry: the entry is there"
# an original without uid may gain one
sed -i '/^uid: /d' "$F"
printf '#!/bin/sh\nsed -i "s/^title: .*/title: 又一个标题/; /^id: /a uid: 0123456789abcdef0123456789abcdef" "$1"\n' \
  >"$SCRATCH/ed.sh"
run_env EDITOR="$SCRATCH/ed.sh" -- edit 2025-0001
expect_exit 0 "edit of a task without uid that gives it one: saved"
expect_file_line "$F" "uid: 0123456789abcdef0123456789abcdef" "edit of a task without uid: the uid is kept"

finish
