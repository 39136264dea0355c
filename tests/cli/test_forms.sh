#!/usr/bin/env bash
# duban remind --format xlsx and --forms (SPEC §15): one 反馈表 per notice, read
# back by an independent reader (openpyxl, tests/cli/form_check.py) against the
# layout of duban-remind(1), FORMS — the contract with `duban feedback`: its
# sheets, rows, protection, validations and hidden originals; its document
# number (督催〔year〕N号, shared with the notice under --forms); the remind
# entries; a dry run; hostile text; a form that cannot be made; LibreOffice.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PY=/usr/bin/python3
CHECKER="$DUBAN_SOURCE_DIR/tests/cli/form_check.py"
HAVE_OPENPYXL=
if has_python_module openpyxl python3-openpyxl; then
  HAVE_OPENPYXL=1
fi

# check_form FILE UNIT NUMBER AS_OF REPLY_BY CO: the layout facts of one form,
# against the overdue list and the export of the workspace as it is now.
check_form() {
  local file="$1" as_of="$4"
  if [[ -z "$HAVE_OPENPYXL" ]]; then
    expect_file_exists "$file"
    return
  fi
  "$DUBAN" overdue --as-of "$as_of" --format json >"$SCRATCH/.overdue.json"
  "$DUBAN" export --format json >"$SCRATCH/.export.json"
  local line
  while IFS= read -r line; do
    case "$line" in
      PASS*) pass "${file##*/}: ${line#PASS }" ;;
      *) fail "${file##*/}: ${line#FAIL }" "$line" ;;
    esac
  done < <("$PY" "$CHECKER" "$@" "$SCRATCH/.overdue.json" "$SCRATCH/.export.json" 2>&1 ||
    echo "FAIL the checker ran: exit $?")
}

# form_true DESC FILE EXPR: EXPR (Python) holds; ws is the first sheet, data the hidden one.
form_true() {
  local desc="$1" file="$2" expr="$3" msg
  [[ -n "$HAVE_OPENPYXL" ]] || return 0
  if msg="$("$PY" -c '
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws, data = wb.worksheets[0], wb.worksheets[-1]
ok = eval(sys.argv[2])
print(ok)
sys.exit(0 if ok is True else 1)
' "$file" "$expr" 2>&1)"; then pass "$desc"; else fail "$desc" "$msg"; fi
}

# The document number in a .docx notice.
docx_number() { unzip -p "$1" word/document.xml | grep -Eo '督催〔[0-9]+〕[0-9]+号' | head -n 1; }

same() {
  if [[ "$2" == "$3" ]]; then pass "$1"; else fail "$1" "expected: $2" "got:      $3"; fi
}

UNITS=(城东区 市水务局 市发改委 市住建局 市城管局)

# ---------------------------------------------------------------- a first run

use_fixture chase
FIRST="$WS"
run remind --as-of 2025-10-13 --format xlsx --out forms
expect_exit 0 "remind --format xlsx exits 0"
for u in "${UNITS[@]}"; do
  expect_stdout_line "forms/2025-10-13-$u.xlsx"
done
same "one form per notice, nothing else" 5 "$(ls forms | wc -l)"
expect_file_line numbers.yaml "  2025: 5" "the five forms take five numbers"
n=1
for u in "${UNITS[@]}"; do
  check_form "forms/2025-10-13-$u.xlsx" "$u" "督催〔2025〕${n}号" 2025-10-13 2025-10-16 0
  n=$((n + 1))
done
form_true "a task file without a uid is named by the uid it gets when written" \
  forms/2025-10-13-市住建局.xlsx 'data["C8"].value == "24e2bea9f2a61c6ba9dd8565f481749f"'

# The remind entries are those of a .docx run of the same notices.
use_fixture chase
run remind --as-of 2025-10-13 --format docx --out notices
expect_exit 0 "the same notices as .docx"
if diff -r "$FIRST/tasks" tasks >/dev/null; then pass "the forms log the remind entries a .docx run logs"; else
  fail "the forms log the remind entries a .docx run logs" "$(diff -r "$FIRST/tasks" tasks | head -n 10)"
fi
cd "$FIRST" || exit 1
expect_file_match "$(task_file 2025-0002)" "type: remind" "a task of a form has its remind entry"

# ---------------------------------------------------------------- dry run, next run, co-units

snapshot
run remind --as-of 2025-10-14 --format xlsx --out later --dry-run
expect_exit 0 "remind --format xlsx --dry-run exits 0"
expect_stderr_contains "dry run: would write later/2025-10-14-市城管局.xlsx (督催〔2025〕10号)"
expect_stderr_contains "later/2025-10-14-城东区.xlsx (督催〔2025〕6号)"
expect_unchanged "a dry run takes no number, logs nothing"
expect_no_file later

run remind --as-of 2025-10-14 --format xlsx --out later --unit 住建局
expect_exit 0 "remind --unit --format xlsx"
expect_stdout_eq "later/2025-10-14-市住建局.xlsx"
expect_file_line numbers.yaml "  2025: 6" "the next run takes the next number"
check_form later/2025-10-14-市住建局.xlsx 市住建局 "督催〔2025〕6号" 2025-10-14 2025-10-17 1
form_true "the co-operated task follows the led ones, marked （配合）" later/2025-10-14-市住建局.xlsx \
  'ws["B6"].value == "汛后水毁设施修复（配合）" and data["F10"].value == "1" and data["D10"].value == "汛后水毁设施修复"'

run remind --as-of 2025-10-14 --format xlsx --out later --unit 市城管局 --doc-no 40
expect_exit 0 "--doc-no with --format xlsx"
form_true "--doc-no numbers the form" later/2025-10-14-市城管局.xlsx 'ws["E2"].value == "通知号：督催〔2025〕40号"'
expect_file_line numbers.yaml "  2025: 40"

# ---------------------------------------------------------------- --forms beside the notices

run remind --as-of 2025-10-15 --format docx --forms --out both --unit 市城管局 --dry-run
expect_exit 0 "--forms --dry-run"
expect_stderr_contains "both/2025-10-15-市城管局.docx (督催〔2025〕41号)"
expect_stderr_contains "both/2025-10-15-市城管局.xlsx (督催〔2025〕41号)"
expect_no_file both

run remind --as-of 2025-10-15 --format docx --forms --out both --unit 市城管局
expect_exit 0 "remind --format docx --forms"
expect_stdout_line "both/2025-10-15-市城管局.docx"
expect_stdout_line "both/2025-10-15-市城管局.xlsx"
expect_file_line numbers.yaml "  2025: 41" "a notice and its form take one number"
same "the notice's number" "督催〔2025〕41号" "$(docx_number both/2025-10-15-市城管局.docx)"
check_form both/2025-10-15-市城管局.xlsx 市城管局 "督催〔2025〕41号" 2025-10-15 2025-10-20 1

run remind --as-of 2025-10-15 --format docx --out docx-only --unit 市城管局
expect_exit 0
same "without --forms a .docx run writes no form" "2025-10-15-市城管局.docx" "$(ls docx-only)"

run --lang en remind --as-of 2025-10-15 --format xlsx --out en --unit 市城管局
expect_exit 0 "a form under --lang en"
form_true "the form is Chinese whatever --lang (the reader relies on its texts)" \
  en/2025-10-15-市城管局.xlsx \
  'ws.title == "反馈表" and ws["A1"].value == "督查事项反馈表" and ws["A3"].value == "编号" and ws["F4"].value.startswith(("红灯", "黄灯", "绿灯"))'

# ---------------------------------------------------------------- usage

snapshot
for f in text md xlsx; do
  run remind --format "$f" --forms --out x
  expect_usage_error "--forms with --format $f"
done
run remind --format xlsx
expect_usage_error "--format xlsx without --out"
expect_stderr_contains "--format xlsx needs --out DIR"
expect_unchanged "usage errors change nothing"

# ---------------------------------------------------------------- hostile text

use_fixture chase
HOSTILE="=cmd|' /C calc'!A0"
run units add "$HOSTILE"
expect_exit 0 "a unit named like a formula"
run add $'=HYPERLINK("http://x","点")\x07\x1b[31m标题_x0041_' --lead "$HOSTILE" --kind special \
  --due 2025-10-10 --date 2025-09-01
expect_exit 0 "a title like a formula, with control characters"
ID="$OUT"
run progress "$ID" $'@SUM(A1) 已排查\r\n第二行' --date 2025-09-10
expect_exit 0
run remind --as-of 2025-10-13 --format xlsx --out hostile --unit "$HOSTILE"
expect_exit 0 "a form for the hostile unit"
FORM="$(ls hostile/*.xlsx)"
check_form "$FORM" "$HOSTILE" "督催〔2025〕1号" 2025-10-13 2025-10-16 1
form_true "the unit stays text" "$FORM" \
  "ws['A2'].value == \"填报单位：=cmd|' /C calc'!A0\" and data['B2'].value == \"=cmd|' /C calc'!A0\""
form_true "the title stays text, its control characters shown (^G, ^[), _x0041_ kept" "$FORM" \
  'ws["B4"].value == "=HYPERLINK(\"http://x\",\"点\")^G^[[31m标题_x0041_" and ws["B4"].data_type == "s"'
form_true "the feedback stays text, CRLF one line break" "$FORM" \
  'ws["D4"].value == "@SUM(A1) 已排查\n第二行"'

# ---------------------------------------------------------------- a form that cannot be made

use_fixture chase
run progress 2025-0002 "$(printf '长%.0s' $(seq 1 33000))" --date 2025-10-10
expect_exit 0 "feedback longer than a cell holds"
snapshot
run remind --as-of 2025-10-13 --format xlsx --out big
expect_data_error "cell D4: text longer than the 32767 characters"
expect_stderr_contains "big/2025-10-13-市住建局.xlsx"
expect_unchanged "no form, no number and no remind entry are written"
expect_no_file big
run remind --as-of 2025-10-13 --format docx --forms --out big
expect_data_error "cell D4"
expect_unchanged "nor with --forms: no notice either"

# ---------------------------------------------------------------- LibreOffice

cd "$FIRST" || exit 1
if command -v soffice >/dev/null 2>&1; then
  lo_profile="file://$SCRATCH/lo-profile"
  if timeout 180 soffice -env:UserInstallation="$lo_profile" --headless --convert-to pdf \
    --outdir lo forms/2025-10-13-市住建局.xlsx >"$SCRATCH/.lo" 2>&1 &&
    [[ -s lo/2025-10-13-市住建局.pdf ]]; then
    pass "LibreOffice opens a form (converts it to PDF)"
  else
    fail "LibreOffice opens a form (converts it to PDF)" "$(tail -n 5 "$SCRATCH/.lo")"
  fi
  run remind --as-of 2025-10-16 --format pdf --forms --out pdf --unit 市城管局
  expect_exit 0 "remind --format pdf --forms"
  expect_stdout_line "pdf/2025-10-16-市城管局.pdf"
  expect_stdout_line "pdf/2025-10-16-市城管局.xlsx"
  form_true "the PDF notice's form takes its number" pdf/2025-10-16-市城管局.xlsx \
    'ws["E2"].value == "通知号：督催〔2025〕44号"'
else
  echo "SKIP: LibreOffice (soffice) is not installed: a form is not opened by it"
fi

finish
