#!/usr/bin/env bash
# duban check and duban edit (SPEC §7, §11).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

use_fixture office-small
export DUBAN_TODAY=2025-10-15
F=tasks/2025/2025-0009.yaml
cp "$F" "$SCRATCH/orig9"
restore() { cp "$SCRATCH/orig9" "$F"; }

# ---------------------------------------------------------------- check
run check
expect_exit 0 "check on the clean fixture: exit 0"
expect_stdout_empty "no problems printed"
expect_stderr_contains "checked 12 task files"

# break_and_check DESCRIPTION REGEX-OF-THE-LINE SED-SCRIPT: break 2025-0009 with
# the sed script, then expect exit 3 and a "path:line: message" line on stdout.
break_and_check() {
  local desc="$1" want="$2" script="$3"
  restore
  sed -i "$script" "$F"
  run check
  expect_exit 3 "check, $desc: exit 3"
  expect_stdout_match "$want" "check, $desc: the problem as path:line: message"
  check "check, $desc: only one problem" test "$(wc -l <"$OUT_FILE")" -eq 1
}
break_and_check "unknown unit in lead" \
  '^tasks/2025/2025-0009\.yaml:5: .*市不存在局' 's/^lead: 市城管局$/lead: 市不存在局/'
break_and_check "unknown kind" \
  '^tasks/2025/2025-0009\.yaml:3: .*blah' 's/^kind: media$/kind: blah/'
break_and_check "due before created" \
  '^tasks/2025/2025-0009\.yaml:7: .*2025-10-01' 's/^due: 2025-10-24$/due: 2025-10-01/'
break_and_check "id not matching the file name" \
  '^tasks/2025/2025-0009\.yaml:1: .*2025-0019' 's/^id: 2025-0009$/id: 2025-0019/'
break_and_check "broken YAML" \
  '^tasks/2025/2025-0009\.yaml:[0-9]+: .*YAML' 's/^title: .*/title: [未闭合/'
break_and_check "unknown status" \
  '^tasks/2025/2025-0009\.yaml:8: .*status' 's/^status: assigned$/status: finished/'
break_and_check "invalid date" \
  '^tasks/2025/2025-0009\.yaml:7: .*due' 's/^due: 2025-10-24$/due: 2025-02-30/'
break_and_check "unknown co-unit" \
  '^tasks/2025/2025-0009\.yaml:[0-9]+: .*市园林局' 's/^lead: 市城管局$/lead: 市城管局\nco:\n  - 市园林局/'
restore

# several problems at once, each reported; the rest still checked
cp "$F" tasks/2025/2025-0013.yaml
sed -i 's/^kind: npc$/kind: blah/' tasks/2025/2025-0004.yaml
run check
expect_exit 3 "several problems: exit 3"
expect_stdout_match '^tasks/2025/2025-0004\.yaml:3: ' "first problem"
expect_stdout_match '^tasks/2025/2025-0013\.yaml:1: .*2025-0009' "copied file: id does not match the file name"
expect_stdout_match '^tasks/2025/2025-0013\.yaml:1: .*also used by tasks/2025/2025-0009\.yaml' "duplicate id reported"
check "three problems, one line each" test "$(wc -l <"$OUT_FILE")" -eq 3
expect_stderr_contains "checked 13 task files"
rm tasks/2025/2025-0013.yaml
sed -i 's/^kind: blah$/kind: npc/' tasks/2025/2025-0004.yaml

# a task file in the wrong year directory
mkdir -p tasks/2024
mv tasks/2025/2025-0012.yaml tasks/2024/2025-0012.yaml
run check
expect_exit 3 "a file in the wrong year directory: exit 3"
expect_stdout_match '^tasks/2024/2025-0012\.yaml:1: ' "names the misplaced file"
mv tasks/2024/2025-0012.yaml tasks/2025/2025-0012.yaml

# a leftover temporary file is reported
touch tasks/2025/.2025-0009.yaml.tmp123
run check
expect_exit 3 "leftover temporary file: exit 3"
expect_stdout_match '^tasks/2025/\.2025-0009\.yaml\.tmp123:1: ' "names the leftover"
rm tasks/2025/.2025-0009.yaml.tmp123

# check reads nothing but writes nothing either
snapshot
run check -q
expect_exit 0 "clean again"
expect_stderr_empty "check --quiet prints no summary"
expect_unchanged "check writes nothing"

# a broken units.yaml: check reports it (exit 3), no crash
cp units.yaml "$SCRATCH/units.orig"
printf 'units:\n  - name: [broken\n' >units.yaml
run check
expect_exit 3 "broken units.yaml: exit 3"
check "units.yaml named with a line" bash -c "grep -Eq '^units\.yaml:[0-9]+: ' '$OUT_FILE' '$ERR_FILE'"
cp "$SCRATCH/units.orig" units.yaml

# ---------------------------------------------------------------- edit
# Editors are small scripts in the scratch dir; each gets the file as $1.
ED="$SCRATCH/editors"
mkdir -p "$ED"
cat >"$ED/retitle" <<'EOF'
#!/bin/sh
sed -i 's/^title: .*/title: 江滨路路面塌陷修复/' "$1"
EOF
cat >"$ED/messy" <<'EOF'
#!/bin/sh
# valid but not canonical: due first, a quoted title, an unknown key at the end
f="$1"
{ grep '^due:' "$f"; grep -v '^due:' "$f" | sed 's/^title: .*/title: "江滨路路面塌陷抢修"/'; printf 'custom: 保留\n'; } >"$f.new"
mv "$f.new" "$f"
EOF
cat >"$ED/break" <<'EOF'
#!/bin/sh
printf 'title: [oops\n' >>"$1"
EOF
cat >"$ED/change-id" <<'EOF'
#!/bin/sh
sed -i 's/^id: .*/id: 2025-0099/' "$1"
EOF
cat >"$ED/bad-unit" <<'EOF'
#!/bin/sh
sed -i 's/^lead: .*/lead: 市不存在局/' "$1"
EOF
cat >"$ED/nothing" <<'EOF'
#!/bin/sh
exit 0
EOF
cat >"$ED/fails" <<'EOF'
#!/bin/sh
sed -i 's/^title: .*/title: 改了但编辑器失败/' "$1"
exit 1
EOF
chmod +x "$ED"/*

restore
run_env EDITOR="$ED/retitle" -- edit 2025-0009
expect_exit 0 "edit with a title change"
expect_stdout_eq "2025-0009" "edit prints the id"
expect_file_line "$F" "title: 江滨路路面塌陷修复" "the new title is saved"
check "only the title line changed, and a uid was added (the file had none)" \
  test "$(diff "$SCRATCH/orig9" "$F" | grep -c '^[<>]')" -eq 3
expect_file_match "$F" '^uid: [0-9a-f]{32}$' "the file written gets a uid (SPEC §4)"
check "no scratch copy left behind" test -z "$(find .duban -name '*.yaml' -path '*edit*' 2>/dev/null)"

restore
run_env EDITOR="$ED/messy" -- edit 9
expect_exit 0 "edit with a valid, non-canonical result"
expect_file_eq "$F" "id: 2025-0009
$(grep '^uid: ' "$F")
title: 江滨路路面塌陷抢修
kind: media
listed: false
lead: 市城管局
created: 2025-10-09
due: 2025-10-24
status: assigned
escalation: 0
log:
  - date: 2025-10-09
    type: assign
    to: 市城管局
custom: 保留" "saved in canonical form, unknown key kept"
run check
expect_exit 0 "the edited workspace checks clean"

restore
run_env VISUAL="$ED/retitle" EDITOR="$ED/break" -- edit 9
expect_exit 0 "VISUAL wins over EDITOR"
expect_file_line "$F" "title: 江滨路路面塌陷修复"

for ed in break change-id bad-unit; do
  restore
  snapshot
  run_env EDITOR="$ED/$ed" -- edit 2025-0009
  expect_exit 3 "edit, $ed: refused with exit 3"
  expect_same_file "$SCRATCH/orig9" "$F" "edit, $ed: the task file is byte-identical"
  expect_unchanged "edit, $ed: nothing else written"
  expect_stderr_contains "tasks/2025/2025-0009.yaml" "edit, $ed: the error names the file"
done
run_env EDITOR="$ED/change-id" -- edit 2025-0009
expect_stderr_contains "id cannot change"
expect_no_file tasks/2025/2025-0099.yaml
run_env EDITOR="$ED/break" -- edit 2025-0009
expect_stderr_match 'tasks/2025/2025-0009\.yaml:[0-9]+: ' "broken YAML: path:line in the message"

snapshot
run_env EDITOR="$ED/nothing" -- edit 2025-0009
expect_exit 0 "edit without changes: exit 0"
expect_stderr_contains "no changes"
expect_unchanged "edit without changes writes nothing"

run_env EDITOR="$ED/fails" -- edit 2025-0009
check "editor failing: non-zero exit" test "$RC" -ne 0
expect_same_file "$SCRATCH/orig9" "$F" "editor failing: the task file is unchanged"

run_env EDITOR="$ED/retitle" -- edit 2025-0099
expect_data_error "no task 2025-0099" "edit of an unknown id: exit 3"
run_env EDITOR="$ED/retitle" -- edit ../units
expect_exit 3 "edit of a malformed id: exit 3"
expect_unchanged

# ---- check on many files: threads do not change the answer or its order
use_fixture office-small
"$PYTHON" - <<'PY'
import pathlib, re
src = pathlib.Path("tasks/2025/2025-0001.yaml").read_text(encoding="utf-8")
for i in range(100, 400):
    text = re.sub(r"2025-0001", f"2025-{i:04d}", src)
    if i % 37 == 0:
        text = text.replace("lead: ", "lead: 不存在的单位")      # a validation problem
    if i % 53 == 0:
        text = text.replace("id: ", "id: [")                     # broken YAML
    if i % 71 == 0:
        text = text.replace(f"2025-{i:04d}", "2025-0002", 1)      # a duplicate id
    pathlib.Path(f"tasks/2025/2025-{i:04d}.yaml").write_text(text, encoding="utf-8")
PY
run check --jobs 1
expect_exit 3 "check of 312 files with problems: exit 3"
cp "$OUT_FILE" "$SCRATCH/check-j1.txt"
check "check lists problems of many files" test "$(wc -l <"$SCRATCH/check-j1.txt")" -gt 10
expect_stdout_contains "tasks/2025/2025-0355.yaml:1: id 2025-0002 is also used by tasks/2025/2025-0002.yaml" \
  "a duplicate id is found across files"
for j in 2 8; do
  run check --jobs "$j"
  expect_exit 3 "check --jobs $j: exit 3"
  expect_same_file "$SCRATCH/check-j1.txt" "$OUT_FILE" "check --jobs $j prints what --jobs 1 prints, in the same order"
done

finish
