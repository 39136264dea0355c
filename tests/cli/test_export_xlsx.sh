#!/usr/bin/env bash
# --format xlsx (SPEC §10): export's ledger (台账) and the tables of list,
# overdue and report as workbooks read back with openpyxl: a title line, a
# frozen header row, date cells, numbers as numbers, every text a text cell
# (no formula can arise), widths that fit Chinese text; atomic --out, and
# never binary bytes on a terminal.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Debian's python with openpyxl (a pyenv python first on PATH may lack it).
XPY=/usr/bin/python3
XLSX_PY="$DUBAN_SOURCE_DIR/tests/cli/xlsx_table.py"
HAVE_OPENPYXL=1
if ! "$XPY" -c 'import openpyxl, yaml' 2>/dev/null; then
  HAVE_OPENPYXL=0
  echo "SKIP: /usr/bin/python3 with openpyxl and yaml is missing: workbook contents not read" >&2
fi

# xlsx_true DESC FILE EXPR: EXPR (Python, see xlsx_table.py) holds of FILE.
xlsx_true() {
  local desc="$1" file="$2" expr="$3" msg
  ((HAVE_OPENPYXL)) || return 0
  if msg="$("$XPY" "$XLSX_PY" eval "$file" "$expr" 2>&1)"; then pass "$desc"; else
    fail "$desc" "$msg"
  fi
}

# xlsx_same DESC FILE CSV [OPTIONS…]: the sheet holds the CSV's header and rows.
xlsx_same() {
  local desc="$1" file="$2" csv="$3" msg
  shift 3
  ((HAVE_OPENPYXL)) || return 0
  if msg="$("$XPY" "$XLSX_PY" same "$file" "$csv" "$@" 2>&1)"; then pass "$desc"; else
    fail "$desc" "$msg"
  fi
}

# is_xlsx FILE: a zip holding a workbook.
is_xlsx() { [[ "$(head -c 2 "$1")" == "PK" ]] && unzip -l "$1" 2>/dev/null | grep -q 'xl/workbook.xml'; }

use_fixture office-small
run add '=HYPERLINK("http://x","点击")' --kind superior --due 2025-10-31 --lead 市财政局 --date 2025-10-01
expect_exit 0 "a task whose title is a formula"
run add '+86 热线' --kind hotline --lead 城东区 --co 市住建局 --date 2025-10-01
expect_exit 0 "a task whose title starts with +"
HOT="$OUT"
run add '编码_x0041_照录' --kind superior --due 2025-10-31 --lead 市财政局 --date 2025-10-01
expect_exit 0 "a title holding what looks like an OOXML escape"
run progress "$HOT" '@群众 -已回访' --date 2025-10-14
expect_exit 0 "its feedback starts with @"

# ================================================================ export: the ledger
run export --format xlsx --out ledger.xlsx
expect_exit 0 "export --format xlsx --out"
expect_stdout_eq "ledger.xlsx" "the written file is named"
check "a workbook is written" is_xlsx ledger.xlsx
check "no temporary file is left beside it" test "$(ls -A | grep -c 'ledger')" = 1
run export --format csv --out ledger.csv
expect_exit 0 "the CSV export of the same tasks"

xlsx_same "the ledger holds the CSV export's header and cells, without the CSV's ' guard" \
  ledger.xlsx ledger.csv --unguard
xlsx_true "no cell holds a formula" ledger.xlsx 'formulas == []'
xlsx_true "a formula-like title arrives as exact text" ledger.xlsx \
  '[c.value for c in column("事项名称") if c.data_type == "s" and c.value.startswith(("=", "+"))] == ["=HYPERLINK(\"http://x\",\"点击\")", "+86 热线"]'
xlsx_true "a literal _x0041_ survives (its _ escaped as _x005F_, which openpyxl undoes)" ledger.xlsx \
  '"编码_x0041_照录" in [c.value for c in column("事项名称")]'
check "the escape is in the workbook's XML" \
  bash -c "unzip -p ledger.xlsx xl/sharedStrings.xml | grep -q '编码_x005F_x0041_照录'"
xlsx_true "feedback starting with @ is exact text" ledger.xlsx \
  '"@群众 -已回访" in [c.value for c in column("进展情况")]'
xlsx_true "the title line names the office and the as-of date" ledger.xlsx \
  'titles == ["江北市人民政府督查室 督查事项台账（截至2025年10月15日）"]'
xlsx_true "the title line is merged across every column" ledger.xlsx \
  '[str(r) for r in ws.merged_cells.ranges] == ["A1:" + ws.cell(row=2, column=len(header)).column_letter + "1"]'
xlsx_true "the header row (row 2) is frozen" ledger.xlsx 'ws.freeze_panes == "A3" and header_row == 2'
xlsx_true "Chinese headers by default (lang zh)" ledger.xlsx \
  'header[:3] == ["编号", "事项名称", "具体要求"] and header[-3:] == ["进展情况", "进展日期", "uid"]'
for col in 立项日期 办结时限 办结日期 进展日期; do
  xlsx_true "$col: every filled cell is a date cell shown as yyyy-mm-dd" ledger.xlsx \
    "all(isinstance(c.value, datetime.datetime) and c.number_format == 'yyyy-mm-dd' for c in column('$col') if c.value is not None) and any(c.value for c in column('$col'))"
done
xlsx_true "escalation is a number" ledger.xlsx \
  'all(type(c.value) is int for c in column("升级督办"))'
xlsx_true "ids, titles and units are text cells" ledger.xlsx \
  'all(c.data_type == "s" for n in ("编号", "事项名称", "牵头单位", "uid") for c in column(n) if c.value is not None)'
xlsx_true "every column has a width that shows its widest cell (CJK counts 2), capped at 50" \
  ledger.xlsx \
  'all(width(h) is not None and width(h) >= min(50, max([east_width(h)] + [east_width(str(c.value)) for c in column(h) if c.data_type == "s"]) + 2) for h in header)'
xlsx_true "a title of Chinese characters counts two per character" ledger.xlsx \
  'width("事项名称") >= min(50, 2 + 2 * max(len(c.value) for c in column("事项名称") if all(ord(ch) >= 0x4e00 for ch in c.value)))'
xlsx_true "long text wraps" ledger.xlsx \
  'all(c.alignment.wrap_text for c in column("事项名称") if east_width(c.value or "") > 48)'

# progress_date is the date of each task's latest progress entry in its file.
if ((HAVE_OPENPYXL)); then
  "$XPY" - ledger.xlsx <<'EOF' >progress_dates.txt
import glob, sys, yaml, openpyxl
for f in sorted(glob.glob("tasks/*/*.yaml")):
    t = yaml.safe_load(open(f, encoding="utf-8"))
    dates = [str(e["date"]) for e in t.get("log", []) if e.get("type") == "progress"]
    print(t["id"], dates[-1] if dates else "")
EOF
  "$XPY" - ledger.xlsx <<'EOF' >progress_cells.txt
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
head = [c.value for c in ws[2]]
for row in ws.iter_rows(min_row=3, values_only=True):
    d = row[head.index("进展日期")]
    print(row[0], d.date().isoformat() if d else "")
EOF
  check "progress_date is the date of the latest progress entry" \
    cmp -s progress_dates.txt progress_cells.txt
  check "the last feedback's date is there" grep -qx "$HOT 2025-10-14" progress_cells.txt
fi

run --lang en export --format xlsx --out ledger-en.xlsx
expect_exit 0 "export in English"
xlsx_true "English headers: field names" ledger-en.xlsx \
  'header[:3] == ["id", "title", "content"] and "progress_date" in header'
xlsx_true "English title line" ledger-en.xlsx \
  'titles == ["江北市人民政府督查室: task ledger as of 2025-10-15"]'

# ---------------------------------------------------------------- stdout and terminals
LAST_CMD="duban export --format xlsx >stdout.xlsx"
"$DUBAN" export --format xlsx >stdout.xlsx 2>"$ERR_FILE" </dev/null
RC=$?
expect_exit 0 "without --out the workbook goes to stdout when it is not a terminal"
check "stdout holds a workbook" is_xlsx stdout.xlsx
xlsx_same "stdout's workbook is the --out one" stdout.xlsx ledger.csv --unguard
if script -qc true /dev/null >/dev/null 2>&1; then
  LAST_CMD="script -qc 'duban export --format xlsx' (a terminal)"
  term_out="$(script -qec "'$DUBAN' export --format xlsx; echo \"rc=\$?\"" /dev/null 2>&1)"
  if [[ "$term_out" == *"--format xlsx writes a binary file: give --out FILE.xlsx or redirect the output"* &&
    "$term_out" == *"rc=2"* && "$term_out" != *PK* ]]; then
    pass "a terminal on stdout: usage error (exit 2), no bytes"
  else
    fail "a terminal on stdout: usage error (exit 2), no bytes" "got: ${term_out:0:300}"
  fi
else
  echo "SKIP: script(1) cannot give a terminal here" >&2
fi

# ---------------------------------------------------------------- failures write nothing
run export --format xlsx --out missing-dir/ledger.xlsx
expect_exit 4 "--out in a missing directory: I/O error"
expect_no_file missing-dir/ledger.xlsx
cp ledger.xlsx before.xlsx
# Content longer than the 32,767 characters a spreadsheet cell holds.
cp "tasks/2025/$HOT.yaml" task.bak
long="$("$PYTHON" -c 'print("长" * 33000)')"
printf 'content: %s\n' "$long" >>"tasks/2025/$HOT.yaml"
run export --format xlsx --out ledger.xlsx
expect_exit 3 "text too long for a cell: invalid data"
expect_stderr_contains "cell C" "the error names the cell"
check "the existing workbook is left as it was" cmp -s before.xlsx ledger.xlsx
check "no temporary file is left" test "$(ls -A | grep -c 'ledger\.xlsx')" = 1
mv task.bak "tasks/2025/$HOT.yaml"

# ================================================================ import reads it back
LEDGER_WS="$WS"
snapshot
run import ledger.xlsx --on-duplicate update
expect_exit 0 "import of the office's own workbook (--on-duplicate update)"
expect_stdout_empty "creates no task"
expect_unchanged "and changes nothing"
new_workspace
cp "$LEDGER_WS/duban.yaml" "$LEDGER_WS/units.yaml" .
run import "$LEDGER_WS/ledger.xlsx"
expect_exit 0 "import of the workbook into an empty workspace"
run export --format csv --out again.csv
# without_uid FILE: the CSV export without its last column (new tasks get new uids)
without_uid() { sed -E 's/,([0-9a-f]{32}|uid)\r?$//' "$1"; }
check "round trip: the same ledger again, but the uids" \
  test "$(without_uid again.csv)" = "$(without_uid "$LEDGER_WS/ledger.csv")"
cd "$LEDGER_WS" || exit 2

# ================================================================ list, overdue, report
for headers in en zh; do
  run --headers "$headers" list --status all --format csv
  cp "$OUT_FILE" list.csv
  run --headers "$headers" list --status all --format xlsx --out list.xlsx
  expect_exit 0 "list --format xlsx --out (headers $headers)"
  xlsx_same "list: the sheet is the CSV (headers $headers)" list.xlsx list.csv
done
xlsx_true "list: title line with the office and date, frozen header" list.xlsx \
  'titles == ["江北市人民政府督查室 督查事项清单（截至2025年10月15日）"] and ws.freeze_panes == "A3"'
xlsx_true "list: due dates are date cells" list.xlsx \
  'all(isinstance(c.value, datetime.datetime) for c in column("办结时限") if c.value is not None)'
xlsx_true "list: no formula" list.xlsx 'formulas == []'

run overdue --format csv
cp "$OUT_FILE" overdue.csv
run overdue --format xlsx --out overdue.xlsx
expect_exit 0 "overdue --format xlsx --out"
xlsx_same "overdue: the sheet is the CSV" overdue.xlsx overdue.csv
xlsx_true "overdue: title and summary lines, frozen header below them" overdue.xlsx \
  'titles[0] == "江北市人民政府督查室 超期督办清单（截至 2025-10-15）" and titles[1].startswith("红灯") and ws.freeze_panes == "A4"'
xlsx_true "overdue: days overdue are numbers, dates date cells" overdue.xlsx \
  'all(type(c.value) is int for c in column("days_overdue")) and all(isinstance(c.value, datetime.datetime) for c in column("due")) and len(column("due")) > 0'
xlsx_true "overdue: no formula" overdue.xlsx 'formulas == []'
run overdue --format csv --out overdue-out.csv
expect_exit 0 "overdue --out works for the text formats too"
check "overdue --out writes the CSV" cmp -s overdue.csv overdue-out.csv

run report --period year --format csv
cp "$OUT_FILE" report.csv
run report --period year --format xlsx --out report.xlsx
expect_exit 0 "report --format xlsx --out"
xlsx_same "report: the sheet is the CSV" report.xlsx report.csv
xlsx_true "report: counts are numbers, rates percent cells" report.xlsx \
  'all(type(c.value) is int for c in column("total")) and all(type(c.value) in (int, float) and "%" in c.number_format for c in column("completion_rate") if c.value is not None)'
xlsx_true "report: the bulletin title and the period above the table" report.xlsx \
  'titles == ["督查通报", "江北市人民政府督查室　统计期间：2025-01-01 至 2025-10-15"]'

run list --format xlsx --out nowhere/list.xlsx
expect_exit 4 "list --out in a missing directory: I/O error"

# ================================================================ LibreOffice opens it
if command -v soffice >/dev/null 2>&1; then
  mkdir -p pdf
  LAST_CMD="soffice --headless --convert-to pdf ledger.xlsx"
  if timeout 120 soffice -env:UserInstallation="file://$SCRATCH/lo" --headless \
    --convert-to pdf --outdir pdf ledger.xlsx >soffice.log 2>&1 && [[ -s pdf/ledger.pdf ]]; then
    pass "LibreOffice converts the ledger to PDF"
  else
    fail "LibreOffice converts the ledger to PDF" "$(head -n 5 soffice.log)"
  fi
else
  echo "SKIP: soffice is not installed: no PDF conversion" >&2
fi

# ================================================================ the round trip of a whole office
# examples/office: 70 tasks with rich logs (extensions, returns, a cancelled
# task with progress after its registration). A ledger carries one row a task
# (the last progress, the closing), not the whole log: the workbook carries
# exactly what the CSV ledger carries, and a ledger-shaped office comes back
# byte for byte (`export --format json`, the uids aside: a new task gets its own).
export DUBAN_TODAY=2025-11-28
_new_dir office
OFFICE="$NEW_DIR"
cp -r "$DUBAN_SOURCE_DIR/examples/office/." "$OFFICE"
cd "$OFFICE" || exit 2
run export --format xlsx --out office.xlsx
expect_exit 0 "export of examples/office as xlsx"
run export --out office.csv
# office_import FILE OUT.json: import FILE into a fresh workspace with the
# office's configuration, then its JSON export without the uids into OUT.json.
office_import() {
  new_workspace
  cp "$OFFICE/duban.yaml" "$OFFICE/units.yaml" .
  run import "$1"
  expect_exit 0 "import of $(basename "$1") into a fresh workspace"
  run export --format json
  grep -v '"uid": ' "$OUT_FILE" >"$2"
}
office_import "$OFFICE/office.xlsx" "$OFFICE/from-xlsx.json"
XLSX_WS="$WS"
office_import "$OFFICE/office.csv" "$OFFICE/from-csv.json"
check "the workbook round trip gives the same tasks as the CSV one (export --format json)" \
  cmp -s "$OFFICE/from-xlsx.json" "$OFFICE/from-csv.json"
check "all 70 tasks came back" test "$(grep -c '^    "id": ' "$OFFICE/from-xlsx.json")" = 70
cd "$XLSX_WS" || exit 2
run export --format xlsx --out again.xlsx
office_import "$XLSX_WS/again.xlsx" "$OFFICE/again.json"
check "a second round trip is byte-identical (export --format json, uids aside)" \
  cmp -s "$OFFICE/from-xlsx.json" "$OFFICE/again.json"
run export --out again.csv
check "the ledger itself is the office's, row for row (uids aside)" \
  test "$(without_uid "$OFFICE/office.csv")" = "$(without_uid again.csv)"

finish
