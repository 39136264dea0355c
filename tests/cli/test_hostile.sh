#!/usr/bin/env bash
# Hostile input (SPEC §11): malformed or huge task files, path tricks in ids,
# symlinks, terminal escapes and spreadsheet formulas, file modes. Each is a
# clear error naming the file or safe output; never a crash, never a write
# outside the workspace.
source "$(dirname "$0")/lib.sh"

# expect_no_crash DESC: the last command did not die of a signal (exit < 128,
# and not killed by the timeout), and a failure says `duban: error: …`.
expect_no_crash() {
  local desc="$1"
  if ((RC >= 124)); then
    fail "$desc: no crash or hang" "exit code $RC"
    return
  fi
  # check prints its problems on stdout as path:line: message
  if [[ "$RC" != 0 && "$RC" != 1 && "$LAST_CMD" != "duban check" ]] && ! grep -q '^duban: error: ' "$ERR_FILE"; then
    fail "$desc: a failure says 'duban: error:'" "exit $RC without 'duban: error:'"
    return
  fi
  pass "$desc: no crash"
}

# trun ARGS…: run with a time limit of 60 s.
trun() { run_limited 60 "$@"; }

new_workspace "${STD_UNITS[@]}"
good="$(run add '正常事项' --kind instruction --lead 市发改委 --due 2025-12-31; echo "$OUT")"
bad=tasks/2025/2025-0900.yaml

# A bad file: read commands report it naming the file and exit 3; the good
# task is still listed.
expect_bad_file() {
  local desc="$1"
  trun list
  expect_no_crash "$desc: list"
  if [[ "$RC" == 3 && "$ERR" == *"2025-0900.yaml"* ]]; then pass "$desc: list names the file"; else
    fail "$desc: list exits 3 naming the file" "exit $RC"
  fi
  expect_stdout_contains "$good" "$desc: the good task is still listed"
  trun check
  expect_no_crash "$desc: check"
  expect_exit 3 "$desc: check exits 3"
  expect_stdout_contains "2025-0900.yaml" "$desc: check names the file"
  trun show 2025-0900
  expect_no_crash "$desc: show"
  expect_exit 3 "$desc: show exits 3"
}

# ---- deep nesting
{ printf 'id: 2025-0900\ntitle: '; head -c 10000 /dev/zero | tr '\0' '['; echo; } >"$bad"
expect_bad_file "10,000 '['"
{ printf 'id: 2025-0900\ntitle: x\nx: '; head -c 10000 /dev/zero | tr '\0' '{'; echo; } >"$bad"
expect_bad_file "10,000 '{'"
{ printf 'id: 2025-0900\ntitle: x\nx:\n'; for i in $(seq 1 2500); do printf '%*s-\n' "$i" ''; done; } >"$bad"
trun list
expect_no_crash "deep block nesting: list"

# ---- billion laughs: the aliases must not be expanded without bound
{
  printf 'id: 2025-0900\ntitle: laughs\nkind: instruction\ncreated: 2025-01-02\ndue: 2025-12-31\nstatus: registered\n'
  printf 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
  prev=a
  for n in b c d e f g h i; do
    printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' "$n" "$n" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev"
    prev=$n
  done
} >"$bad"
trun list
expect_no_crash "alias bomb: list"
trun check
expect_no_crash "alias bomb: check"
trun show 2025-0900
expect_no_crash "alias bomb: show"
trun export --format json
expect_no_crash "alias bomb: export json"
trun progress 2025-0900 '进展'
expect_no_crash "alias bomb: progress"
rm -f "$bad"

# ---- a huge scalar: a 20 MB title
{ printf 'id: 2025-0900\ntitle: '; head -c 20000000 /dev/zero | tr '\0' 'x'; printf '\nkind: instruction\ncreated: 2025-01-02\ndue: 2025-12-31\nstatus: registered\n'; } >"$bad"
trun list
expect_no_crash "20 MB title: list"
trun check
expect_no_crash "20 MB title: check"
rm -f "$bad"

# ---- a 100 MB task file
{
  printf 'id: 2025-0900\ntitle: big\nkind: instruction\ncreated: 2025-01-02\ndue: 2025-12-31\nstatus: registered\nnotes:\n'
  yes '  - 这是一行很长的备注，用来把任务文件撑到一百兆字节以上的大小。xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' | head -c 100000000
  echo
} >"$bad"
trun list
expect_no_crash "100 MB task file: list"
trun check
expect_no_crash "100 MB task file: check"
rm -f "$bad"

# ---- invalid UTF-8 and NUL bytes
printf 'id: 2025-0900\ntitle: "bad \xff\xfe utf8 \xc3\x28"\nkind: instruction\ncreated: 2025-01-02\ndue: 2025-12-31\nstatus: registered\n' >"$bad"
trun list
expect_no_crash "invalid UTF-8: list"
if "$PYTHON" -c 'import sys; sys.stdin.buffer.read().decode("utf-8")' <"$OUT_FILE"; then
  pass "invalid UTF-8: list prints valid UTF-8"
else
  fail "invalid UTF-8: list prints valid UTF-8"
fi
trun check
expect_no_crash "invalid UTF-8: check"
printf 'id: 2025-0900\ntitle: nul\0byte\nkind: instruction\ncreated: 2025-01-02\ndue: 2025-12-31\nstatus: registered\n' >"$bad"
trun list
expect_no_crash "NUL byte: list"
trun check
expect_no_crash "NUL byte: check"
expect_stdout_contains "tasks/2025/2025-0900.yaml:2: a NUL byte: the file must be text" "NUL byte: check names file and line"
trun show 2025-0900
expect_no_crash "NUL byte: show"
expect_data_error "tasks/2025/2025-0900.yaml:2: a NUL byte" "NUL byte: show is a data error naming file and line"
rm -f "$bad"

# ---- CRLF line endings and a UTF-8 BOM are valid YAML: the task is listed
printf 'id: 2025-0900\r\ntitle: 换行符事项\r\nkind: instruction\r\ncreated: 2025-01-02\r\ndue: 2025-12-31\r\nstatus: registered\r\n' >"$bad"
trun list
expect_no_crash "CRLF: list"
expect_stdout_contains "换行符事项" "CRLF: the task is listed"
trun check
expect_no_crash "CRLF: check"
expect_exit 0 "CRLF: check passes"
printf '\xef\xbb\xbfid: 2025-0900\ntitle: 字节序事项\nkind: instruction\ncreated: 2025-01-02\ndue: 2025-12-31\nstatus: registered\n' >"$bad"
trun list
expect_no_crash "BOM: list"
expect_stdout_contains "字节序事项" "BOM: the task is listed"
trun check
expect_no_crash "BOM: check"
expect_exit 0 "BOM: check passes"
rm -f "$bad"

# ---- ids with path tricks, on every command that takes an id
mkdir -p "$SCRATCH/outside"
snapshot
outside_before="$(find "$SCRATCH" -path "$WS" -prune -o -print | LC_ALL=C sort)"
for cmd in show progress done edit renumber history; do
  for id in '../../../outside/x' '2025/../../x' '2025-0001/../../../outside/y' '/tmp/x' '..' '2025-0001/' \
    "$(printf '2025-0001\nx')"; do
    case "$cmd" in
      progress) run_env EDITOR=true -- "$cmd" "$id" '进展' ;;
      *) run_env EDITOR=true -- "$cmd" "$id" ;;
    esac
    if [[ "$RC" == 3 ]] && grep -q '^duban: error: ' "$ERR_FILE"; then pass "$cmd $id: exit 3"; else
      fail "$cmd $(_q "$id"): exit 3 with an error" "exit $RC"
    fi
  done
done
expect_unchanged "bad ids change nothing in the workspace"
outside_after="$(find "$SCRATCH" -path "$WS" -prune -o -print | LC_ALL=C sort)"
check "bad ids create nothing outside the workspace" test "$outside_before" == "$outside_after"

# ---- a symlink in tasks/2025 pointing outside the workspace
cat >"$SCRATCH/outside/2025-0950.yaml" <<'YAML'
id: 2025-0950
title: 外部文件
kind: instruction
lead: 市发改委
created: 2025-01-02
due: 2025-03-01
status: assigned
YAML
cp "$SCRATCH/outside/2025-0950.yaml" "$SCRATCH/outside.orig"
ln -s "$SCRATCH/outside/2025-0950.yaml" tasks/2025/2025-0950.yaml
trun list --status all
expect_no_crash "symlink: list"
expect_exit 4 "symlink: list refuses it (exit 4)"
expect_stderr_contains "tasks/2025/2025-0950.yaml: a symbolic link" "symlink: list names it"
expect_stdout_not_contains "外部文件" "symlink: list does not read through it"
trun check
expect_no_crash "symlink: check"
expect_exit 4 "symlink: check reports it (exit 4: refused)"
expect_stdout_line "tasks/2025/2025-0950.yaml: a symbolic link: duban does not follow links inside the workspace; remove it" \
  "symlink: check says why it is refused"
for cmd in "progress 2025-0950 通过链接写入" "note 2025-0950 通过链接写入" "show 2025-0950" "edit 2025-0950" \
  "done 2025-0950 --result 链接"; do
  # shellcheck disable=SC2086
  run_env EDITOR=true -- $cmd
  expect_exit 4 "symlink: ${cmd%% *} refuses it (exit 4)"
  expect_stderr_contains "tasks/2025/2025-0950.yaml is a symbolic link" "symlink: ${cmd%% *} names the link"
done
expect_same_file "$SCRATCH/outside.orig" "$SCRATCH/outside/2025-0950.yaml" "nothing is written through the symlink"
check "the symlink is left as it was" test -L tasks/2025/2025-0950.yaml
rm -f tasks/2025/2025-0950.yaml

# ---- a year directory that is a symlink to a directory outside
mkdir -p "$SCRATCH/outside-year"
cp "$SCRATCH/outside.orig" "$SCRATCH/outside-year/2024-0001.yaml"
sed -i 's/2025-0950/2024-0001/' "$SCRATCH/outside-year/2024-0001.yaml"
ln -s "$SCRATCH/outside-year" tasks/2024
outside_before="$(find "$SCRATCH/outside-year" -type f -exec md5sum {} + | LC_ALL=C sort)"
trun list --status all
expect_exit 4 "year symlink: list refuses it (exit 4)"
expect_stdout_not_contains "外部文件" "year symlink: list does not read through it"
run check
expect_exit 4 "year symlink: check reports it"
expect_stdout_contains "tasks/2024: a symbolic link" "year symlink: check names it"
run --as-of 2024-05-06 add 写到外面 --kind instruction --lead 市发改委 --due 2024-06-01
expect_exit 4 "year symlink: add refuses to write through it"
expect_stderr_contains "tasks/2024 is a symbolic link" "year symlink: add names it"
for cmd in "progress 2024-0001 进展" "show 2024-0001" "edit 2024-0001"; do
  # shellcheck disable=SC2086
  run_env EDITOR=true -- $cmd
  expect_exit 4 "year symlink: ${cmd%% *} refuses it"
  expect_stderr_contains "tasks/2024 is a symbolic link" "year symlink: ${cmd%% *} names the link"
done
printf '事项名称,来源,牵头单位,立项日期,办结时限\n甲,领导批示,市发改委,2024-03-01,2024-06-30\n' >"$SCRATCH/y2024.csv"
snapshot
run import "$SCRATCH/y2024.csv"
expect_exit 4 "year symlink: import refuses it"
expect_stderr_contains "tasks/2024: a symbolic link" "year symlink: import names the link"
expect_unchanged "year symlink: the refused import leaves nothing behind"
check "year symlink: no staging directory is left" test -z "$(find .duban -name 'staging-*')"
check "year symlink: nothing was written outside" \
  test "$(find "$SCRATCH/outside-year" -type f -exec md5sum {} + | LC_ALL=C sort)" == "$outside_before"
rm -f tasks/2024

# ---- terminal escapes and control characters in titles
esc_id="$(run --as-of 2025-09-01 add $'\e[31m红色\e[0m\e]0;pwned\a标题\x08\x7f\x1b[2J' --kind instruction --lead 市发改委 --due 2025-10-01; echo "$OUT")"
run progress "$esc_id" $'进展\e[5m闪烁\r覆盖'
for fmt in text md; do
  run --format "$fmt" list
  expect_exit 0 "list --format $fmt"
  expect_no_escape_bytes "list --format $fmt: no ESC"
  run --format "$fmt" overdue
  expect_no_escape_bytes "overdue --format $fmt: no ESC"
  run --format "$fmt" report
  expect_no_escape_bytes "report --format $fmt: no ESC"
done
run show "$esc_id"
expect_exit 0 "show a task with escapes"
expect_no_escape_bytes "show: no ESC"
expect_stdout_contains "红色" "show: the title's text is kept"
if LC_ALL=C grep -q $'\r\|\x07\|\x08' "$OUT_FILE"; then fail "show: no CR, BEL or BS"; else pass "show: no CR, BEL or BS"; fi

# errors and warnings quote arguments and file contents: neutralised on stderr too
no_esc_on_stderr() {
  if LC_ALL=C grep -q $'[\x1b\x07\x08]' "$ERR_FILE"; then
    fail "$1" "stderr holds control bytes: $(cat -v "$ERR_FILE" | head -n 2)"
  else pass "$1"; fi
}
run add 标题 --kind instruction --lead $'\e[31m假单位\a' --due 2025-12-31
expect_data_error "unknown unit" "an unknown unit with escapes: exit 3"
no_esc_on_stderr "an unknown unit with escapes: no ESC/BEL on stderr"
expect_stderr_contains "^[[31m假单位^G" "the escapes are shown in caret notation"
run show $'2025-0001\e]0;pwned\a'
expect_exit 3 "an id with escapes: exit 3"
no_esc_on_stderr "an id with escapes: no ESC/BEL on stderr"
run list --text $'\e[2J' --since $'\e[2J'
no_esc_on_stderr "a bad date with escapes: no ESC/BEL on stderr"
# a unit name is an identifier: control characters are refused
for name in $'\e[31m红\e[0m' $'a\tb' $'x\ny' ''; do
  snapshot
  run units add "$name"
  expect_data_error "" "units add $(printf %q "$name"): refused"
  no_esc_on_stderr "units add $(printf %q "$name"): no ESC on stderr"
  expect_unchanged "units add $(printf %q "$name"): units.yaml unchanged"
done
printf '事项名称,来源,牵头单位,立项日期,办结时限\n甲,领导批示,市发改委,2025-03-01,2025-06-30\n乙,领导批示,"\e[31m坏单位",2025-03-01,2025-06-30\n' \
  >"$SCRATCH/esc-unit.csv"
snapshot
run import "$SCRATCH/esc-unit.csv" --add-units
expect_data_error "esc-unit.csv:3:3: 牵头单位: unit name" "import --add-units of a unit with ESC: refused naming row and column"
no_esc_on_stderr "import --add-units of a unit with ESC: no ESC on stderr"
expect_unchanged "import --add-units of a unit with ESC: nothing imported"
run units rename 市发改委 $'\e[1m发改委'
expect_data_error "control character" "units rename to a name with ESC: refused"
cp units.yaml "$SCRATCH/units.orig"
printf '  - name: "\\e[5m闪烁单位"\n' >>units.yaml
run list
expect_data_error "units.yaml:" "a unit name with ESC in units.yaml: exit 3 naming the file"
no_esc_on_stderr "a unit name with ESC in units.yaml: no ESC on stderr"
cp "$SCRATCH/units.orig" units.yaml

# ---- CSV export: formulas get a leading '
new_workspace "${STD_UNITS[@]}"
for t in '=1+1' '+SUM(A1)' '-2+3' '@cmd' '普通标题'; do
  run add "$t" --kind instruction --lead 市发改委 --due 2025-12-31
done
run export --format csv
expect_exit 0 "export csv"
for t in '=1+1' '+SUM(A1)' '-2+3' '@cmd'; do
  if grep -Fq -- ",'$t," "$OUT_FILE" || grep -Fq -- ",\"'$t\"" "$OUT_FILE"; then pass "csv cell '$t' guarded"; else
    fail "csv cell '$t' gets a leading '" "$(grep -F -- "$t" "$OUT_FILE")"
  fi
done
expect_stdout_contains ",普通标题," "plain titles are not guarded"

# ---- file modes follow the umask
id1="$( (umask 027 && "$DUBAN" add '权限一' --kind instruction --lead 市发改委 --due 2025-12-31) )"
check "umask 027: a new task file is 640" test "$(stat -c %a "$(task_file "$id1")")" == 640
id2="$( (umask 022 && "$DUBAN" add '权限二' --kind instruction --lead 市发改委 --due 2025-12-31) )"
check "umask 022: a new task file is 644" test "$(stat -c %a "$(task_file "$id2")")" == 644
(umask 027 && "$DUBAN" progress "$id2" '进展' >/dev/null)
check "umask 027: a rewritten task file keeps its mode 644" test "$(stat -c %a "$(task_file "$id2")")" == 644
chmod 600 "$(task_file "$id2")"
(umask 022 && "$DUBAN" progress "$id2" '再进展' >/dev/null)
check "umask 022: a rewritten 0600 task file stays 600" test "$(stat -c %a "$(task_file "$id2")")" == 600


# ---- shell metacharacters in user text are never run: autocommit passes the
# title to git as an argument, export and notices only write it out
export HOME="$SCRATCH/home" GIT_CONFIG_GLOBAL="$SCRATCH/home/.gitconfig"
mkdir -p "$HOME"
export GIT_AUTHOR_NAME=督查员 GIT_AUTHOR_EMAIL=clerk@example.org
export GIT_COMMITTER_NAME=督查员 GIT_COMMITTER_EMAIL=clerk@example.org
export GIT_CEILING_DIRECTORIES="$SCRATCH"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
_new_dir shell
"$DUBAN" -q init --git "$NEW_DIR" >/dev/null && cd "$NEW_DIR" || exit 2
"$DUBAN" -q units add 市发改委 >/dev/null
canary="$SCRATCH/canary"
evil=("\$(touch $canary-1)" "\`touch $canary-2\`" "x; touch $canary-3" "x | touch $canary-4"
  "x && touch $canary-5" "'\"; touch $canary-6; echo \"")
for t in "${evil[@]}"; do
  run add "$t" --kind instruction --lead 市发改委 --due 2025-10-20
  expect_exit 0 "add with a title of shell syntax: $t"
  id="$OUT"
  run progress "$id" "$t"
  expect_exit 0 "progress with shell syntax"
  run note "$id" "$t"
  expect_exit 0 "note with shell syntax"
  run show "$id"
  expect_stdout_contains "$t" "the title is kept verbatim"
done
check "every change was committed (init + unit + 3 per task)" \
  test "$(git rev-list --count HEAD)" == $((2 + 3 * ${#evil[@]}))
run export --format csv
expect_exit 0 "export of shell-syntax titles"
run_env DUBAN_TODAY=2025-11-30 -- remind --out "$SCRATCH/shell-notices"
expect_exit 0 "remind over shell-syntax titles"
check "the notice carries the titles as text" grep -rqF "x; touch $canary-3" "$SCRATCH/shell-notices"
run list --format json --status all
expect_exit 0 "list json of shell-syntax titles"
check "no shell ran any of the titles" test -z "$(find "$SCRATCH" -maxdepth 1 -name "canary*")"

finish
