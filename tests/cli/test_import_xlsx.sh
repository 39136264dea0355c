#!/usr/bin/env bash
# duban import of .xlsx workbooks (SPEC §10), made the way offices make them:
# openpyxl for Excel's own layout (a merged title row, Chinese headers, date
# cells and text dates, ticket numbers stored as numbers, rare characters),
# python's zipfile for a WPS-style workbook (prefixed elements, inline
# strings, cells without references), and files that are no workbook at all.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PY=/usr/bin/python3
IN="$SCRATCH/in"
mkdir -p "$IN"

if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
  echo "test_import_xlsx: SKIP: /usr/bin/python3 has no openpyxl (apt-get install python3-openpyxl)" >&2
  # A cancelled or suspended row without a closing date: the state change comes
# after the progress it reports, never before it (the office's own ledger
# export holds such rows).
for status in cancelled suspended; do
  new_workspace 市发改委
  printf 'title,lead,created,due,status,progress,progress_date\n撤销的事项,市发改委,2025-06-16,2025-07-01,%s,已完成选址论证,2025-06-27\n' \
    "$status" >"$IN/progress-$status.csv"
  run import "$IN/progress-$status.csv" --kind meeting
  expect_exit 0 "a $status row whose progress is dated after its registration"
  expect_file_match "$(task_file 2025-0001)" "^status: $status$" "it is $status"
  check "its log is in date order, the progress before the $status entry" \
    /usr/bin/python3 -c 'import sys, yaml; log = yaml.safe_load(open(sys.argv[1]))["log"]; d = [str(e["date"]) for e in log]; sys.exit(d != sorted(d) or log[-1]["type"] == "progress")' "$(task_file 2025-0001)"
done

finish
fi

ids_of_stdout() { tr '\n' ' ' <"$OUT_FILE" | sed 's/ $//'; }

# ---------------------------------------------------------------- the workbooks
"$PY" - "$IN" <<'PY'
import sys, datetime, zipfile
from openpyxl import Workbook
from openpyxl.styles import Font

d = sys.argv[1]
HEAD = ["序号", "标题", "牵头单位", "责任人", "立项日期", "办结时限", "工单编号"]

def ledger(ws, rows, title="XX市2025年重点工作督办台账", head=HEAD):
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    ws.append([])
    ws.append(head)
    for r in rows:
        ws.append(r)

wb = Workbook()
ws = wb.active
ws.title = "台账"
ledger(ws, [
    [1, "推进城区热电联产项目建设", "市发改委", "王堃", datetime.date(2025, 3, 1),
     datetime.date(2025, 12, 31), 202511280001],
    [2, "老旧小区改造", "𠮷家街道", "李喆", "2025/3/2", "2025年12月31日", 202511280002],
    [3, "财政资金绩效评价", "市财政局", "朱镕", datetime.datetime(2025, 4, 1, 9, 30),
     "2025/12/31", None],
])
ws["E4"].number_format = "yyyy/m/d"
ws["F4"].number_format = "yyyy\"年\"m\"月\"d\"日\""
ws["E6"].number_format = "yyyy-mm-dd h:mm"
# Blank trailing rows: cells with a style and no value, as Excel keeps them.
for r in (8, 9, 10):
    for c in range(1, 8):
        ws.cell(row=r, column=c).font = Font(bold=True)
second = wb.create_sheet("第二批")
second.append(["标题", "牵头单位", "立项日期", "办结时限", "进展情况", "进展日期"])
second.append(["优化营商环境专项行动", "市发改委", "2025-09-01", datetime.date(2025, 11, 30),
               "已完成方案起草", datetime.date(2025, 10, 9)])
second["D2"].number_format = "yyyy/m/d"
second["F2"].number_format = "yyyy/m/d"
wb.save(f"{d}/ledger.xlsx")

# One bad row (row 5: a deadline that is no date) among good ones.
wb = Workbook()
ledger(wb.active, [
    [1, "甲事项", "市发改委", "", "2025/3/1", "2025/12/31", 1],
    [2, "乙事项", "市发改委", "", "2025/3/1", "明年年底", 2],
])
wb.save(f"{d}/bad.xlsx")

# A formula whose result was never saved (openpyxl writes none).
wb = Workbook()
ledger(wb.active, [[1, "丙事项", "市发改委", "", "2025/3/1", "=TODAY()+30", 3]])
wb.save(f"{d}/formula.xlsx")

# An unknown column.
wb = Workbook()
ledger(wb.active, [["丁事项", "市发改委", "2025/12/31"]],
       head=["标题", "牵头单位", "办结时限要求"])
wb.save(f"{d}/unknown.xlsx")

# No header row at all.
wb = Workbook()
wb.active.append(["会议纪要"])
wb.active.append(["一、关于某某工作"])
wb.save(f"{d}/noheader.xlsx")

# A zip that is no workbook.
with zipfile.ZipFile(f"{d}/notes.xlsx", "w") as z:
    z.writestr("notes.txt", "hello")

# WPS-style: prefixed elements, inline strings, rows and cells without r,
# rich text with a phonetic guide, a custom date format, absolute targets.
X = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
def inline(s):
    return f'<x:c t="inlineStr"><x:is><x:t xml:space="preserve">{s}</x:t></x:is></x:c>'
with zipfile.ZipFile(f"{d}/wps.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml",
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>')
    z.writestr("_rels/.rels",
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RT}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><x:workbook {X} {R}><x:sheets>'
        f'<x:sheet name="Sheet1" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>')
    z.writestr("xl/_rels/workbook.xml.rels",
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RT}/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{RT}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{RT}/styles" Target="styles.xml"/></Relationships>')
    z.writestr("xl/sharedStrings.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><x:sst {X} count="1" uniqueCount="1">'
        '<x:si><x:r><x:t>推进</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>数字政府建设</x:t></x:r>'
        '<x:rPh sb="0" eb="2"><x:t>スイシン</x:t></x:rPh></x:si></x:sst>')
    z.writestr("xl/styles.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><x:styleSheet {X}>'
        '<x:numFmts count="1"><x:numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></x:numFmts>'
        '<x:cellStyleXfs count="1"><x:xf numFmtId="0"/></x:cellStyleXfs>'
        '<x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="176" applyNumberFormat="1"/></x:cellXfs>'
        '</x:styleSheet>')
    z.writestr("xl/worksheets/sheet1.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet {X}><x:sheetData>'
        '<x:row>' + inline("标题") + inline("牵头单位") + inline("办结时限") + inline("工单编号") + '</x:row>'
        '<x:row><x:c t="s"><x:v>0</x:v></x:c>' + inline("市发改委")
        + '<x:c s="1"><x:v>46022</x:v></x:c><x:c><x:v>2.02511280003E+11</x:v></x:c></x:row>'
        '<x:row>' + inline("清理_x000D_拖欠账款") + inline("市财政局")
        + '<x:c t="str"><x:f>"2025/12/31"</x:f><x:v>2025/12/31</x:v></x:c></x:row>'
        '</x:sheetData></x:worksheet>')
PY

# ================================================================ an office ledger
new_workspace 市发改委 市财政局 𠮷家街道
run import "$IN/ledger.xlsx" --kind work-report
expect_exit 0 "a ledger with a merged title row, Chinese headers and date cells imports"
check "three tasks, one a row" test "$(ids_of_stdout)" = "2025-0001 2025-0002 2025-0003"
expect_stderr_eq "ledger.xlsx: 3 new, 0 updated, 0 unchanged duplicates skipped" \
  "blank trailing rows are no tasks"
T1=$(task_file 2025-0001)
T2=$(task_file 2025-0002)
T3=$(task_file 2025-0003)
expect_file_match "$T1" "^ref: [\"']?202511280001[\"']?$" "a ticket number stored as a number keeps its 12 digits"
expect_file_line "$T1" "created: 2025-03-01" "a date cell (yyyy/m/d)"
expect_file_line "$T1" "due: 2025-12-31" "a date cell in a custom Chinese format"
expect_file_line "$T1" "owner: 王堃" "a rare character in a person's name"
expect_file_line "$T2" "lead: 𠮷家街道" "a character beyond the BMP in a unit name"
expect_file_line "$T2" "owner: 李喆"
expect_file_line "$T2" "created: 2025-03-02" "a text date 2025/3/2"
expect_file_line "$T2" "due: 2025-12-31" "a text date 2025年12月31日"
expect_file_line "$T3" "created: 2025-04-01" "a date-time cell gives its day"
expect_file_line "$T3" "owner: 朱镕"
expect_file_no_line "$T3" "ref: ''" "an empty ticket cell gives no ref"

# Importing twice creates nothing the second time.
snapshot
run import "$IN/ledger.xlsx" --kind work-report
expect_exit 0 "re-importing the same workbook"
expect_stdout_empty "no new ids the second time"
expect_stderr_contains "0 new, 0 updated, 3 unchanged duplicates skipped"
expect_unchanged "the second import wrote nothing"

# ---- --sheet
run import "$IN/ledger.xlsx" --sheet 第二批 --kind work-report
expect_exit 0 "--sheet picks the second sheet"
check "one task from it" test "$(ids_of_stdout)" = "2025-0004"
T4=$(task_file 2025-0004)
expect_file_line "$T4" "title: 优化营商环境专项行动"
expect_file_line "$T4" "due: 2025-11-30"
expect_file_tail "$T4" "  - date: 2025-10-09
    type: progress
    by: 市发改委
    text: 已完成方案起草" "进展日期 dates the progress entry of 进展情况"
run import "$IN/ledger.xlsx" --sheet 无此表 --kind work-report
expect_data_error "no sheet named '无此表'" "an unknown sheet is a data error"
expect_stderr_contains "台账, 第二批" "the message lists the sheets in tab order"
# A value from the command line or a file cannot start a line of its own on
# stderr: it would read as a message duban never gave.
run import "$IN/ledger.xlsx" --sheet $'x\nduban: error: forged' --kind work-report
expect_exit 3 "a sheet name with a newline is an unknown sheet"
if grep -q '^duban: error: forged' "$ERR_FILE"; then
  fail "no stderr line starts with the forged message" "$(cat -A "$ERR_FILE" | head -3)"
else
  pass "no stderr line starts with the forged message"
fi

# ================================================================ dry run
new_workspace 市发改委 市财政局 𠮷家街道
snapshot
run import "$IN/ledger.xlsx" --kind work-report --dry-run
expect_exit 0 "--dry-run of a workbook"
check "the ids that would be created" test "$(ids_of_stdout)" = "2025-0001 2025-0002 2025-0003"
expect_unchanged "--dry-run writes nothing"

# ================================================================ all or nothing
snapshot
run import "$IN/bad.xlsx" --kind work-report
expect_data_error "nothing was imported" "one bad row fails the import"
expect_stderr_match "^duban: error: bad\.xlsx:5:6: 办结时限: '明年年底' is not a date" \
  "the error names the file, the spreadsheet's row (below the title) and the column"
expect_unchanged "nothing is written when a row is bad"

run import "$IN/formula.xlsx" --kind work-report
expect_data_error "" "a formula without a saved result is an error"
expect_stderr_match "formula\.xlsx:4:6: 办结时限: a formula without a saved result" \
  "naming the cell"

run import "$IN/unknown.xlsx" --kind work-report
expect_data_error "" "an unknown column in a workbook"
expect_stderr_match "unknown\.xlsx:3:3: column '办结时限要求' is not a task field \(did you mean '办结时限'\?\)" \
  "the unknown column with a did-you-mean, on the header's row"

run import "$IN/noheader.xlsx" --kind work-report
expect_data_error "no header row" "a sheet without a header row"
expect_unchanged "still nothing written"

# ================================================================ not a workbook
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' >"$IN/old.xls"
head -c 2048 /dev/zero >>"$IN/old.xls"
run import "$IN/old.xls" --kind work-report
expect_data_error "Excel 97-2003" "a legacy .xls is refused"
expect_stderr_contains "save it as .xlsx" "and the message says what to do"
cp "$IN/old.xls" "$IN/renamed.xlsx"
run import "$IN/renamed.xlsx" --kind work-report
expect_data_error "save it as .xlsx" "told by its content, not its name"

printf 'PK\x03\x04this is not really a zip archive' >"$IN/corrupt.xlsx"
run import "$IN/corrupt.xlsx" --kind work-report
expect_data_error "corrupt.xlsx: not a valid .xlsx workbook" "a corrupt zip"
head -c 600 "$IN/ledger.xlsx" >"$IN/truncated.xlsx"
run import "$IN/truncated.xlsx" --kind work-report
expect_data_error "truncated.xlsx: not a valid .xlsx workbook" "a truncated workbook"
run import "$IN/notes.xlsx" --kind work-report
expect_data_error "notes.xlsx: not a valid .xlsx workbook" "a zip that holds no workbook"
# A zip bomb: a sheet that inflates to 257 MiB (of spaces) is refused before it is inflated.
"$PY" - "$IN/bomb.xlsx" "$IN/wps.xlsx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[2]) as src, zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for n in src.namelist():
        if n != "xl/worksheets/sheet1.xml":
            z.writestr(n, src.read(n))
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        chunk = b" " * (1 << 20)
        for _ in range(257):
            f.write(chunk)
        f.write(b"<sheetData/></worksheet>")
PY
run_limited 60 import "$IN/bomb.xlsx" --kind work-report
expect_data_error "more than the 256 MiB allowed" "a part that would inflate beyond 256 MiB is refused"
cp "$IN/ledger.xlsx" "$IN/ledger-xlsx.csv"
run import "$IN/ledger-xlsx.csv" --kind work-report --dry-run
expect_exit 0 "a workbook named .csv is read as the workbook it is"
expect_unchanged "nothing written by any refusal or dry run"

# ---- --sheet is for workbooks only
printf '标题,牵头单位,办结时限\n某事项,市发改委,2025-12-31\n' >"$IN/plain.csv"
run import "$IN/plain.csv" --sheet 台账 --kind work-report
expect_usage_error "--sheet with a CSV file"

# ================================================================ WPS-style
new_workspace 市发改委 市财政局
run import "$IN/wps.xlsx" --kind work-report
expect_exit 0 "a WPS-style workbook (prefixed elements, inline strings, no cell references)"
check "two tasks" test "$(ids_of_stdout)" = "2025-0001 2025-0002"
T1=$(task_file 2025-0001)
expect_file_line "$T1" "title: 推进数字政府建设" "rich-text runs joined, the phonetic guide left out"
expect_file_line "$T1" "due: 2025-12-31" "a serial in a custom date format (1900 system)"
expect_file_match "$T1" "^ref: [\"']?202511280003[\"']?$" "a number in E-notation keeps every digit"
expect_file_line "$(task_file 2025-0002)" "lead: 市财政局" "cells without r follow each other"
expect_file_line "$(task_file 2025-0002)" "due: 2025-12-31" "a formula's saved text result"

# ================================================================ progress_date in CSV
new_workspace 市发改委
printf 'title,lead,created,due,progress,progress_date\n某事项,市发改委,2025-09-01,2025-12-31,方案已印发,2025-10-10\n' \
  >"$IN/progress.csv"
run import "$IN/progress.csv" --kind work-report
expect_exit 0 "a CSV with progress_date"
expect_file_tail "$(task_file 2025-0001)" "  - date: 2025-10-10
    type: progress
    by: 市发改委
    text: 方案已印发" "progress_date dates the progress entry"
# An update logs new progress on its progress date when that is this month
# and after the task's last entry; a past month's report stays as it was.
printf 'title,lead,created,due,progress,progress_date\n某事项,市发改委,2025-09-01,2025-12-31,已完成招标,2025-10-12\n' \
  >"$IN/progress-2.csv"
run import "$IN/progress-2.csv" --kind work-report --on-duplicate update
expect_exit 0 "an update with a new progress and its date"
expect_file_tail "$(task_file 2025-0001)" "  - date: 2025-10-12
    type: progress
    by: 市发改委
    text: 已完成招标" "the update's progress entry has the row's date"
printf 'title,lead,created,due,progress,progress_date\n某事项,市发改委,2025-09-01,2025-12-31,已开工,2025-09-20\n' \
  >"$IN/progress-3.csv"
run import "$IN/progress-3.csv" --kind work-report --on-duplicate update
expect_exit 0 "an update with progress dated in a past month"
expect_stderr_contains "the progress date 2025-09-20 is logged as 2025-10-15" "a warning says so"
expect_file_tail "$(task_file 2025-0001)" "  - date: 2025-10-15
    type: progress
    by: 市发改委
    text: 已开工" "and the entry is dated today"
printf 'title,lead,created,due,progress,progress_date\n另一事项,市发改委,2025-09-01,2025-12-31,方案已印发,2025-10-20\n' \
  >"$IN/progress-late.csv"
run import "$IN/progress-late.csv" --kind work-report
expect_data_error "progress_date" "a progress date after today is refused"

# A cancelled or suspended row without a closing date: the state change comes
# after the progress it reports, never before it (the office's own ledger
# export holds such rows).
for status in cancelled suspended; do
  new_workspace 市发改委
  printf 'title,lead,created,due,status,progress,progress_date\n撤销的事项,市发改委,2025-06-16,2025-07-01,%s,已完成选址论证,2025-06-27\n' \
    "$status" >"$IN/progress-$status.csv"
  run import "$IN/progress-$status.csv" --kind meeting
  expect_exit 0 "a $status row whose progress is dated after its registration"
  expect_file_match "$(task_file 2025-0001)" "^status: $status$" "it is $status"
  check "its log is in date order, the progress before the $status entry" \
    /usr/bin/python3 -c 'import sys, yaml; log = yaml.safe_load(open(sys.argv[1]))["log"]; d = [str(e["date"]) for e in log]; sys.exit(d != sorted(d) or log[-1]["type"] == "progress")' "$(task_file 2025-0001)"
done

finish
