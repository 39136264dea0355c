#!/usr/bin/env bash
# Every file duban writes reads back the same in other YAML readers (SPEC §11):
# hostile strings go in through the CLI (titles, owners, refs, leaders,
# milestone titles, progress texts, notes, reasons, results) and through
# unknown keys of hand-written files that a write then rewrites; PyYAML (YAML
# 1.1) and ruamel.yaml (1.2) must read each task file to the values `duban
# show --format json` prints (yaml-cpp's reading).
source "$(dirname "$0")/lib.sh"

SYSPY=/usr/bin/python3
HELPER="$DUBAN_SOURCE_DIR/tests/cli/yaml_fidelity.py"
if ! "$SYSPY" -c 'import yaml' 2>/dev/null; then
  fail "python3-yaml (PyYAML) is installed (scripts/setup.sh installs it)"
  finish
fi

new_workspace 市财政局
"$SYSPY" "$HELPER" strings >"$SCRATCH/strings.json"
# Under sanitizers every third string only (each command is ten times slower).
step="$(workload FIDELITY_STEP 1 3)"
"$SYSPY" -c '
import json, sys
for s in json.load(open(sys.argv[1], encoding="utf-8"))[::int(sys.argv[2])]:
    sys.stdout.write(s + "\0")
' "$SCRATCH/strings.json" "$step" >"$SCRATCH/strings.bin"

# ---------------------------------------------------------------- through the CLI
# One task per string: its title, owner, ref, leader and a milestone title,
# then one write of the same string as a log text.
written=0
refused=()
unexpected=()
ids=()
i=0
while IFS= read -r -d '' s; do
  i=$((i + 1))
  # (--milestone takes several values: an option after it ends them.)
  id="$("$DUBAN" add --milestone="$s@2025-12-01" --kind meeting --lead 市财政局 --owner="$s" --ref="$s" \
    --leader="$s" -- "$s" 2>"$SCRATCH/err")"
  rc=$?
  t="${s//[$' \t\r\n']/}"
  t="${t//$'\u3000'/}"
  blank=0
  [[ -z "$t" ]] && blank=1
  if ((rc != 0)); then
    # Only a title that is empty once trimmed may be refused, as a usage error.
    if [[ "$rc" == 2 && "$blank" == 1 ]] && grep -q 'empty' "$SCRATCH/err"; then
      refused+=("$(printf '%q' "$s")")
    else
      unexpected+=("add $(printf '%q' "$s"): exit $rc: $(head -c 200 "$SCRATCH/err")")
    fi
    continue
  fi
  written=$((written + 5))
  ids+=("$id")
  case $((i % 5)) in
    0) "$DUBAN" progress -- "$id" "$s" >/dev/null 2>"$SCRATCH/err" ;;
    1) "$DUBAN" note -- "$id" "$s" >/dev/null 2>"$SCRATCH/err" ;;
    2) "$DUBAN" extend --to +60d --reason="$s" -- "$id" >/dev/null 2>"$SCRATCH/err" ;;
    3) "$DUBAN" suspend -- "$id" "$s" >/dev/null 2>"$SCRATCH/err" ;;
    4) "$DUBAN" done --result="$s" -- "$id" >/dev/null 2>"$SCRATCH/err" ;;
  esac
  rc=$?
  if ((rc == 0)); then
    written=$((written + 1))
  elif [[ "$rc" != 2 || "$blank" != 1 ]]; then
    unexpected+=("write #$((i % 5)) $(printf '%q' "$s") on $id: exit $rc: $(head -c 200 "$SCRATCH/err")")
  fi
done <"$SCRATCH/strings.bin"

LAST_CMD="duban add/progress/note/extend/suspend/done with $i hostile strings"
if ((${#unexpected[@]} == 0)); then
  pass "every hostile string is taken, or refused only when it is blank"
else
  fail "every hostile string is taken, or refused only when it is blank" "${unexpected[@]:0:10}"
fi
check "at least $((500 / step)) hostile strings were written through the CLI (got $written, ${#ids[@]} tasks)" \
  test "$written" -ge $((500 / step))
check "only blank strings were refused (${#refused[@]}: ${refused[*]:0:8})" test "${#refused[@]}" -le 12

# ---------------------------------------------------------------- unknown keys
# Hand-written files: every string as an unknown value, short ones as unknown
# keys too, and inside a list and a map; a write then rewrites the files.
"$SYSPY" "$HELPER" yaml-quote <"$SCRATCH/strings.json" >"$SCRATCH/quoted.txt"
mapfile -t quoted <"$SCRATCH/quoted.txt"
files=10
for ((f = 0; f < files; f++)); do
  id="${ids[f]}"
  path="tasks/${id:0:4}/$id.yaml"
  {
    for ((k = f; k < ${#quoted[@]}; k += files)); do
      printf 'x%d: %s\n' "$k" "${quoted[k]}"
      if ((${#quoted[k]} < 60)); then
        printf '%s: "key %d"\n' "${quoted[k]}" "$k"
      fi
    done
    printf 'nested:\n  - %s\n  - %s: %s\n    list: [%s, %s]\n' "${quoted[f]}" "${quoted[f + 20]}" \
      "${quoted[f + 40]}" "${quoted[f + 60]}" "${quoted[f + 80]}"
  } >>"$path"
  run note "$id" 改写
  expect_exit 0 "a write rewrites $path with its hostile unknown keys"
done
# An unknown key whose value is the text "---" (it once made the file unreadable).
printf 'marker: "---"\nlooks_true: "true"\nhex: "0x10"\nexp: "1e3"\n' >>"tasks/${ids[20]:0:4}/${ids[20]}.yaml"
run note "${ids[20]}" 改写
expect_exit 0 "a file with unknown values ---, true, 0x10, 1e3 is rewritten"
expect_file_line "tasks/${ids[20]:0:4}/${ids[20]}.yaml" 'marker: "---"' "--- stays quoted"
expect_file_line "tasks/${ids[20]:0:4}/${ids[20]}.yaml" 'looks_true: "true"' "the text true stays quoted"
run show "${ids[20]}"
expect_exit 0 "the rewritten file reads back"

# ---------------------------------------------------------------- the readers
run show "${ids[@]}" --format json
expect_exit 0 "show prints every task"
cp "$OUT_FILE" "$SCRATCH/show.json"
mapfile -t task_files < <(find tasks -name '*.yaml' | LC_ALL=C sort)
LAST_CMD="yaml_fidelity.py compare (PyYAML, ruamel) on ${#task_files[@]} files"
if "$SYSPY" "$HELPER" compare "$SCRATCH/show.json" "${task_files[@]}" >"$SCRATCH/compare.txt" 2>&1; then
  pass "PyYAML and ruamel read every task file as duban does ($(tail -n 1 "$SCRATCH/compare.txt"))"
else
  fail "PyYAML and ruamel read every task file as duban does" "$(head -n 30 "$SCRATCH/compare.txt")"
fi
run check
expect_exit 0 "check finds nothing wrong in the files written"

# ---------------------------------------------------------------- specific findings
run add --kind meeting --lead 市财政局 --milestone ' @2025-05-04' -- 空标题阶段
expect_usage_error "a milestone title that is empty once trimmed is refused"
expect_stderr_contains "empty"
for t in 0b101 '<<' '=' 1:20.5 1e3 0x10 true ...; do
  run add --kind meeting --lead 市财政局 -- "$t"
  expect_exit 0 "add '$t'"
  expect_file_line "tasks/2025/$OUT.yaml" "title: \"$t\"" "title $t is written quoted"
done
run add --kind meeting --lead 市财政局 -- $'行\u0085分\u2028段\u2029落'
expect_file_line "tasks/2025/$OUT.yaml" 'title: "行\u0085分\u2028段\u2029落"' \
  "NEL, LS and PS are escaped inside double quotes"

finish
