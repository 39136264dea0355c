#!/usr/bin/env bash
# duban import / export (SPEC §10, §11): encodings, formats, all-or-nothing,
# duplicates, units, formula guard, round trips, interrupted imports.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IN="$FIXTURES/import"
TMPIN="$SCRATCH/in"   # inputs written by this suite (outside every workspace)
mkdir -p "$TMPIN"

# ids_of_stdout: the lines of stdout joined by spaces.
ids_of_stdout() { tr '\n' ' ' <"$OUT_FILE" | sed 's/ $//'; }

# no_staging: no staging directory is left in .duban/
no_staging() { ! compgen -G ".duban/staging-*" >/dev/null; }

# stderr_count REGEX: the number of stderr lines matching REGEX
stderr_count() { grep -Ec -- "$1" "$ERR_FILE"; }

LEDGER_IDS="2025-0001 2025-0002 2025-0003 2025-0004"

# tasks_state [DIR]: every task file under DIR/tasks, named, with its uid line
# left out: import gives each new task a new random uid (SPEC §4).
tasks_state() {
  (cd "${1:-.}" && find tasks -type f -name '*.yaml' | LC_ALL=C sort | while read -r f; do
    echo "== $f"
    grep -v '^uid: ' "$f"
  done)
}

# ================================================================ GBK, auto-detected
new_workspace "${STD_UNITS[@]}"
GBK_WS="$WS"
run import "$IN/ledger-gbk.csv"
expect_exit 0 "GBK CSV with Chinese headers imports (auto-detected)"
check "the new ids, one a line" test "$(ids_of_stdout)" = "$LEDGER_IDS"
expect_stderr_eq "ledger-gbk.csv: 4 new, 0 updated, 0 unchanged duplicates skipped" "the summary counts"
check "no staging directory left behind" no_staging
expect_file_match tasks/2025/2025-0003.yaml '^uid: [0-9a-f]{32}$' "import gives each new task a uid"
expect_file_eq tasks/2025/2025-0003.yaml "id: 2025-0003
$(grep '^uid: ' tasks/2025/2025-0003.yaml)
title: 12345热线：某小区夜间施工噪音扰民
kind: hotline
ref: 12345-20250901-017
listed: false
lead: 城东区
owner: 赵敏
created: 2025-09-01
due: 2025-09-08
status: done
escalation: 0
log:
  - date: 2025-09-01
    type: assign
    to: 城东区
    owner: 赵敏
  - date: 2025-09-01
    type: note
    text: 已回访，群众满意
  - date: 2025-09-05
    type: done" "a historical 已办结 row: hotline deadline by default (5 working days), assign + note + done"
f1=tasks/2025/2025-0001.yaml
expect_file_line "$f1" "title: 推进城区热电联产项目建设"
expect_file_line "$f1" "kind: instruction"
expect_file_line "$f1" "ref: 市政府〔2025〕12号"
expect_file_line "$f1" "leader: 张市长"
expect_file_line "$f1" "lead: 市发改委" "alias 发改委 stored as 市发改委"
expect_file_line "$f1" "  - 市财政局"
expect_file_line "$f1" "  - 市住建局"
expect_file_line "$f1" "created: 2025-03-03" "2025/3/3 read"
expect_file_line "$f1" "due: 2025-04-30" "2025年4月30日 read"
expect_file_line "$f1" "status: active" "办理中 → active"
f2=tasks/2025/2025-0002.yaml
expect_file_line "$f2" "kind: work-report" "政府工作报告 → work-report"
expect_file_line "$f2" "created: 2025-02-10" "2025.2.10 read"
expect_file_line "$f2" "due: 2025-12-31" "work-report deadline by default: end of the year"
expect_file_line "$f2" "  - 城东区" "co-units separated by a comma inside quotes, through aliases"
expect_file_line "$f2" "status: assigned"
expect_file_tail "$f2" "  - date: 2025-02-10
    type: note
    text: 列入民生实事" "备注 becomes a note"
f4=tasks/2025/2025-0004.yaml
expect_file_line "$f4" "ref: 市政府常务会议纪要〔2025〕8号"
expect_file_line "$f4" "  - 城东区" "co-units separated by ；"
expect_file_line "$f4" "due: 2025-06-30"
expect_file_tail "$f4" "  - date: 2025-07-02
    type: done" "closed late, as the ledger says"
run check
expect_exit 0 "check passes after the import"
GBK_TASKS="$(tasks_state)"

# ================================================================ GBK with --encoding gbk
new_workspace "${STD_UNITS[@]}"
run import "$IN/ledger-gbk.csv" --encoding gbk
expect_exit 0 "--encoding gbk"
check "--encoding gbk: the same task files as auto-detection" test "$(tasks_state)" = "$GBK_TASKS"

# forcing UTF-8 on GBK bytes: an error, nothing written
new_workspace "${STD_UNITS[@]}"
snapshot
run import "$IN/ledger-gbk.csv" --encoding utf-8
expect_data_error "ledger-gbk.csv" "--encoding utf-8 on GBK bytes is a data error naming the file"
expect_stdout_empty
expect_unchanged "nothing written after a decoding error"

# ================================================================ UTF-8 with a BOM (and CRLF)
new_workspace "${STD_UNITS[@]}"
run import "$IN/ledger-bom.csv"
expect_exit 0 "UTF-8 CSV with a BOM and CRLF lines"
check "BOM CSV: the new ids" test "$(ids_of_stdout)" = "$LEDGER_IDS"
check "BOM CSV: the same task files as the GBK file of the same rows" test "$(tasks_state)" = "$GBK_TASKS"
no_cr_bom() { ! LC_ALL=C grep -rq $'\r' tasks && ! LC_ALL=C grep -rq $'\xef\xbb\xbf' tasks; }
check "no BOM or CR reaches a task file" no_cr_bom

# ================================================================ a JSON list
new_workspace "${STD_UNITS[@]}"
run import "$IN/tasks.json"
expect_exit 0 "JSON list of task maps"
check "JSON: ids" test "$(ids_of_stdout)" = "2025-0001 2025-0002"
expect_stderr_eq "tasks.json: 2 new, 0 updated, 0 unchanged duplicates skipped"
f=tasks/2025/2025-0001.yaml
expect_file_line "$f" 'title: 推进政务服务“一网通办”'
expect_file_line "$f" "kind: work-report"
expect_file_line "$f" "listed: true"
expect_file_line "$f" "lead: 市发改委"
expect_file_line "$f" "  - 市财政局" "JSON list of co-units through aliases"
expect_file_line "$f" "  - 城东区"
expect_file_line "$f" "  - 营商环境" "JSON list of tags"
expect_file_line "$f" "due: 2025-12-31"
f=tasks/2025/2025-0002.yaml
expect_file_line "$f" "kind: npc" "Chinese keys and the label 人大代表建议 in JSON"
expect_file_line "$f" "created: 2025-03-10"
expect_file_line "$f" "due: 2025-06-10" "npc: 3 months by default"
expect_file_line "$f" "status: done"
expect_file_tail "$f" "  - date: 2025-05-20
    type: done
    result: 已增设2条线路
    rating: 满意"
run check
expect_exit 0 "check passes after the JSON import"

# ================================================================ a YAML list
new_workspace "${STD_UNITS[@]}"
run import "$IN/tasks.yaml"
expect_exit 0 "YAML list of task maps"
check "YAML: ids" test "$(ids_of_stdout)" = "2025-0001 2025-0002"
f=tasks/2025/2025-0001.yaml
expect_file_line "$f" "kind: special" "专项督查 → special"
expect_file_line "$f" "due: 2025-08-31"
expect_file_line "$f" "cadence: monthly" "每月 → monthly"
expect_file_line "$f" "status: active"
expect_file_line "$f" "  - 城东区" "co-units separated by ；"
f=tasks/2025/2025-0002.yaml
expect_file_line "$f" "kind: media"
expect_file_line "$f" "lead: 城东区"
expect_file_line "$f" "created: 2025-06-01"
expect_file_line "$f" "due: 2025-06-16" "media: 15 days by default"
run check
expect_exit 0 "check passes after the YAML import"

# ================================================================ bad rows: all reported, nothing written
new_workspace "${STD_UNITS[@]}"
run add 已有的事项 --kind instruction --lead 发改委
snapshot
run import "$IN/bad-rows.csv"
expect_exit 3 "a file with bad rows fails with exit 3"
expect_stdout_empty "no ids printed"
P='^duban: error: (.*/)?bad-rows\.csv'
expect_stderr_match "$P:3:3: .*市教育局" "unknown unit: row 3, column 3"
expect_stderr_match "$P:4:5: .*2025-02-30" "bad date: row 4, column 5"
expect_stderr_match "$P:5:2: .*外星来电" "unknown kind: row 5, column 2"
expect_stderr_match "$P:6:1: " "missing title: row 6, column 1"
expect_stderr_match "$P:7:(7|8): " "已办结 without 办结日期: row 7"
expect_stderr_match "$P:8:4: .*市交通局" "unknown co-unit: row 8, column 4"
check "exactly six row errors" test "$(stderr_count "$P:[0-9]+:[0-9]+: ")" = 6
check "the good rows are not reported" test "$(stderr_count "$P:(2|9):")" = 0
expect_stderr_match "$P: 6 problems; nothing was imported" "a final line counts the problems"
expect_unchanged "the workspace is byte-identical after a failed import"
check "no staging directory after a failed import" no_staging
run import "$IN/bad-rows.csv" --dry-run
expect_exit 3 "--dry-run of a bad file also fails"
expect_unchanged

# a record that spans lines is one spreadsheet row: errors name rows, not lines
printf '事项名称,来源,牵头单位,备注\n甲,领导批示,发改委,"第一行\n第二行\n第三行"\n乙,领导批示,市教育局,\n' >"$TMPIN/multi.csv"
run import "$TMPIN/multi.csv"
expect_exit 3
expect_stderr_match '^duban: error: (.*/)?multi\.csv:3:3: ' "the row after a three-line cell is spreadsheet row 3"
expect_unchanged

# a closing date (办结日期) on a row that is not closed, or after today: errors at the cell
printf '事项名称,来源,牵头单位,状态,办结日期\n甲,领导批示,发改委,办理中,2025-10-01\n乙,领导批示,发改委,已办结,2025-10-16\n' \
  >"$TMPIN/closing.csv"
run import "$TMPIN/closing.csv"
expect_exit 3 "closing dates that cannot be are data errors"
expect_stderr_match '^duban: error: (.*/)?closing\.csv:2:5: 办结日期: 2025-10-01 .*办理中' "a 办结日期 with 办理中 is named"
expect_stderr_match '^duban: error: (.*/)?closing\.csv:3:5: 办结日期: 2025-10-16 is after today' "a 办结日期 after today is refused"
expect_unchanged


# an unterminated quote
printf '事项名称,来源\n甲,领导批示\n"乙,领导批示\n丙,领导批示\n' >"$TMPIN/unclosed.csv"
run import "$TMPIN/unclosed.csv"
expect_data_error "unclosed.csv:3:" "an unterminated quote names the line it opens on"
expect_unchanged

# ================================================================ the headers offices use
new_workspace "${STD_UNITS[@]}"
# the deadline column is never left for the kind's default
printf '事项名称,牵头单位,完成时间,工单编号,分管领导,批示内容,办理情况\nX,发改委,2026-06-30,GD-1,张市长,"请牵头落实。\n倒排工期。",已召开协调会\n' \
  >"$TMPIN/office.csv"
run import "$TMPIN/office.csv" --kind instruction
expect_exit 0 "完成时间, 工单编号, 分管领导, 批示内容 and 办理情况 are known headers"
ID="$OUT"
expect_file_line "$(task_file "$ID")" "due: 2026-06-30" "完成时间 is the deadline"
expect_file_line "$(task_file "$ID")" "ref: GD-1" "工单编号 is the ref"
expect_file_line "$(task_file "$ID")" "leader: 张市长" "分管领导 is the leader"
expect_file_line "$(task_file "$ID")" "content: |-" "批示内容 is the content, a block"
expect_file_line "$(task_file "$ID")" "  倒排工期。" "its second line"
expect_file_line "$(task_file "$ID")" "    text: 已召开协调会" "办理情况 is a progress entry"
run show "$ID"
expect_stdout_contains "倒排工期。" "show prints the content"
run show "$ID" --format json
expect_json "d[0]['content']" "请牵头落实。
倒排工期。"
printf '事项名称,牵头单位,办结时限（年月日）\nY,发改委,2026年6月30日\n' >"$TMPIN/brackets.csv"
run import "$TMPIN/brackets.csv" --kind instruction
expect_exit 0 "办结时限（年月日）: full-width brackets"
expect_file_line "$(task_file "$OUT")" "due: 2026-06-30"
snapshot
printf '序号,事项名称,牵头单位,附件,完成日期要求\n1,Z,发改委,a.pdf,2026-06-30\n' >"$TMPIN/unknown-cols.csv"
run import "$TMPIN/unknown-cols.csv" --kind instruction
expect_exit 3 "an unknown column fails the import"
expect_stderr_match "unknown-cols\.csv:1:4: column '附件' is not a task field" "naming the column"
expect_stderr_match "unknown-cols\.csv:1:5: column '完成日期要求' .*did you mean" "with a did-you-mean"
expect_unchanged "nothing imported"
run import "$TMPIN/unknown-cols.csv" --kind instruction --ignore-column 附件 --ignore-column 完成日期要求
expect_exit 0 "--ignore-column leaves columns out"
run import "$TMPIN/unknown-cols.csv" --kind instruction --ignore-column 附件 --dry-run
expect_exit 3 "every unknown column must be ignored"
printf 'import_columns:\n  完成日期要求: due\n  附件: ignore\n' >>duban.yaml
printf '序号,事项名称,牵头单位,附件,完成日期要求\n1,W,发改委,a.pdf,2026-07-31\n' >"$TMPIN/mapped-cols.csv"
run import "$TMPIN/mapped-cols.csv" --kind instruction
expect_exit 0 "import_columns in duban.yaml names a column's field"
expect_file_line "$(task_file "$OUT")" "due: 2026-07-31" "the mapped column is the deadline"

# ================================================================ --dry-run
new_workspace "${STD_UNITS[@]}"
run add 已有的事项 --kind instruction --lead 发改委 --date 2025-01-05
snapshot
run import "$IN/ledger-gbk.csv" --dry-run
expect_exit 0 "--dry-run of a good file"
check "--dry-run prints the ids that would be created, after the existing one" \
  test "$(ids_of_stdout)" = "2025-0002 2025-0003 2025-0004 2025-0005"
expect_stderr_eq "dry run: ledger-gbk.csv: 4 new, 0 updated, 0 unchanged duplicates skipped"
expect_unchanged "--dry-run writes nothing"
check "--dry-run leaves no staging directory" no_staging

# ================================================================ re-import: duplicates
cd "$GBK_WS" || exit 2
run list --status all   # warms the cache: duplicates must be found from it too
snapshot
run import "$IN/ledger-gbk.csv"
expect_exit 0 "re-importing the same file"
expect_stdout_empty "re-import creates nothing"
expect_stderr_eq "ledger-gbk.csv: 0 new, 0 updated, 4 unchanged duplicates skipped"
expect_unchanged "re-import (skip) writes nothing"
run import "$IN/ledger-bom.csv" --on-duplicate skip
expect_exit 0
expect_stdout_empty "the same rows in another encoding are duplicates too"
expect_unchanged

run import "$IN/ledger-gbk.csv" --on-duplicate error
expect_exit 3 "--on-duplicate error"
check "--on-duplicate error names every duplicate row" \
  test "$(stderr_count 'ledger-gbk\.csv:[0-9]+:[0-9]+: .*already in the ledger as 2025-000[1-4]')" = 4
expect_stderr_match 'ledger-gbk\.csv:2:3: .*2025-0001' "row 2 (文号 column) is 2025-0001"
expect_unchanged "--on-duplicate error writes nothing"

# --on-duplicate update: one row changed
sed 's/,李明,/,周杰,/' "$IN/ledger-bom.csv" >"$TMPIN/ledger-update.csv"
before2="$(sha256sum tasks/2025/2025-000[234].yaml)"
run import "$TMPIN/ledger-update.csv" --on-duplicate update
expect_exit 0 "--on-duplicate update"
expect_stdout_empty "update creates no new task"
expect_stderr_eq "ledger-update.csv: 0 new, 1 updated, 3 unchanged duplicates skipped; updated: 2025-0001"
expect_file_line tasks/2025/2025-0001.yaml "owner: 周杰" "the field is changed"
expect_file_line tasks/2025/2025-0001.yaml "    owner: 李明" "the old assign entry is kept as it was"
expect_file_tail tasks/2025/2025-0001.yaml "  - date: 2025-10-15
    type: note
    text: import from ledger-update.csv updated owner" "a note logs the update"
check "the unchanged rows' files are untouched" test "$(sha256sum tasks/2025/2025-000[234].yaml)" = "$before2"
snapshot
run import "$TMPIN/ledger-update.csv" --on-duplicate update
expect_stderr_eq "ledger-update.csv: 0 new, 0 updated, 4 unchanged duplicates skipped" "updating again changes nothing"
expect_unchanged
run check
expect_exit 0 "check passes after the update"

# the same task twice in one file
{ cat "$IN/ledger-bom.csv"; printf '推进城区热电联产项目建设,领导批示,市政府〔2025〕12号,,发改委,,,2025-03-04,,,,\r\n'; } \
  >"$TMPIN/twice.csv"
new_workspace "${STD_UNITS[@]}"
snapshot
run import "$TMPIN/twice.csv"
expect_exit 3 "the same task twice in one file"
expect_stderr_match 'twice\.csv:6:[0-9]+: .*row 2' "the second one names the first row"
expect_unchanged

# two rows claiming the same new id: an error, not one task silently lost
printf 'id,事项名称,来源,牵头单位\n2025-0007,甲事项,领导批示,发改委\n2025-0007,乙事项,领导批示,发改委\n' >"$TMPIN/same-id.csv"
new_workspace "${STD_UNITS[@]}"
snapshot
run import "$TMPIN/same-id.csv"
expect_exit 3 "two rows with the same id are a data error"
expect_stderr_match 'same-id\.csv:3:1: ' "the second row's id cell is named"
expect_unchanged "nothing written when two rows claim one id"

# updating from an older export keeps the feedback recorded since (the log is append-only)
new_workspace "${STD_UNITS[@]}"
run add 推进城区热电联产项目建设 --kind instruction --ref '市政府〔2025〕12号' --lead 发改委 --owner 李明 --date 2025-10-01
run export --format json --out "$TMPIN/older.json"
run progress 2025-0001 已完成可研批复 --by 发改委 --date 2025-10-10
"$PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d[0]["owner"] = "周杰"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
' "$TMPIN/older.json" "$TMPIN/older-changed.json"
run import "$TMPIN/older-changed.json" --on-duplicate update
expect_exit 0 "--on-duplicate update from an older JSON export"
expect_file_line tasks/2025/2025-0001.yaml "owner: 周杰" "the changed field is taken"
expect_file_line tasks/2025/2025-0001.yaml "    text: 已完成可研批复" "the progress entry recorded after the export is kept"

# ================================================================ --add-units
printf '事项名称,来源,牵头单位,配合单位\n修缮城东公交站台,领导批示,市交通局,"财政局、市交通运输执法支队"\n' >"$TMPIN/new-units.csv"
new_workspace "${STD_UNITS[@]}"
snapshot
run import "$TMPIN/new-units.csv"
expect_data_error "市交通局" "an unknown unit fails without --add-units"
expect_unchanged
run import "$TMPIN/new-units.csv" --add-units
expect_exit 0 "--add-units adds the new units"
expect_stdout_eq "2025-0001"
expect_stderr_contains "2 units added"
expect_file_line units.yaml "  - name: 市交通局"
expect_file_line units.yaml "  - name: 市交通运输执法支队"
expect_file_line tasks/2025/2025-0001.yaml "lead: 市交通局"
expect_file_line tasks/2025/2025-0001.yaml "  - 市交通运输执法支队"
run check
expect_exit 0 "check passes with the added units"

# ================================================================ export CSV
cd "$GBK_WS" || exit 2
run export
expect_exit 0 "export (CSV by default)"
ZH_HEADER="编号,事项名称,具体要求,来源,文号,批示领导,挂牌督办,牵头单位,配合单位,责任人,立项日期,办结时限,反馈要求,状态,升级督办,标签,办结日期,办理结果,满意度,进展情况,进展日期,uid"
check "the Chinese header line" test "$(head -n 1 "$OUT_FILE")" = "$ZH_HEADER"
check "one line per task" test "$(wc -l <"$OUT_FILE")" = 5
expect_stdout_line "2025-0003,12345热线：某小区夜间施工噪音扰民,,hotline,12345-20250901-017,,false,城东区,,赵敏,2025-09-01,2025-09-08,,done,0,,2025-09-05,,,,,$(sed -n 's/^uid: //p' tasks/2025/2025-0003.yaml)"
expect_stdout_line "2025-0002,整治老旧小区雨污混接问题,,work-report,,,false,市住建局,市财政局、城东区,王强,2025-02-10,2025-12-31,,assigned,0,,,,,,,$(sed -n 's/^uid: //p' tasks/2025/2025-0002.yaml)"
check "no BOM without --bom" test "$(head -c 3 "$OUT_FILE" | od -An -tx1 | tr -d ' ')" != "efbbbf"
run --lang en export
check "the English header line" test "$(head -n 1 "$OUT_FILE")" = \
  "id,title,content,kind,ref,leader,listed,lead,co,owner,created,due,cadence,status,escalation,tags,closed,result,rating,progress,progress_date,uid"
run export --bom
expect_exit 0 "export --bom"
check "--bom: the first bytes are EF BB BF" test "$(head -c 3 "$OUT_FILE" | od -An -tx1 | tr -d ' ')" = "efbbbf"
check "--bom: then the header" test "$(head -n 1 "$OUT_FILE" | tail -c +4)" = "$ZH_HEADER"
run export --bom --out "$TMPIN/台账.csv"
expect_exit 0 "export --out"
check "--out writes the file with the BOM" test "$(head -c 3 "$TMPIN/台账.csv" | od -An -tx1 | tr -d ' ')" = "efbbbf"

# ================================================================ export JSON / YAML with filters
run export --format json --lead 发改委
expect_exit 0 "export json --lead"
expect_stdout_json
expect_json "[t['id'] for t in d]" "2025-0001 2025-0004"
expect_json "d[0]['lead']" "市发改委"
expect_json "[e['type'] for e in d[0]['log']]" "assign note"
run export --format json --status "done"
expect_json "[t['id'] for t in d]" "2025-0003 2025-0004"
run export --format json --status "done" --lead 城东区
expect_json "[t['id'] for t in d]" "2025-0003"
run export --format yaml --status "done"
expect_exit 0 "export yaml --status"
check "export yaml --status done: two items" test "$(grep -c '^- ' "$OUT_FILE")" = 2
expect_stdout_line "- id: 2025-0003"
expect_stdout_line "- id: 2025-0004"
expect_stdout_line "  status: done"
run export --format yaml --lead 住建局 --status assigned
expect_stdout_line "- id: 2025-0002"
check "export yaml --lead 住建局 --status assigned: one item" test "$(grep -c '^- ' "$OUT_FILE")" = 1
run export --format json --status cancelled
expect_json "len(d)" "0"

# ================================================================ formula guard, and the round trips
use_fixture office-small
RT_WS="$WS"
for title in '=HYPERLINK("http://x","点击")' '+86 热线回访' '-负面清单管理' '@某人 请转办'; do
  run add --kind instruction --lead 发改委 --date 2025-10-10 -- "$title"
  [[ "$RC" == 0 ]] || fail "add $title" "exit $RC"
done
run add 暂缓的事项 --kind meeting --lead 财政局 --co 住建局 --date 2025-10-11
id=$OUT
run suspend "$id" 等待上级政策
run export
expect_exit 0 "export of the fixture"
expect_stdout_match "^2025-[0-9]{4},\"'=HYPERLINK\(\"\"http://x\"\",\"\"点击\"\"\)\"," "= is guarded with a leading '"
expect_stdout_match "^2025-[0-9]{4},'\+86 热线回访," "+ is guarded"
expect_stdout_match "^2025-[0-9]{4},'-负面清单管理," "- is guarded"
expect_stdout_match "^2025-[0-9]{4},'@某人 请转办," "@ is guarded"
check "no cell starts with a bare formula character" \
  bash -c "! grep -Eq '(^|,)\"?[-=+@]' '$OUT_FILE'"
run export --format json
expect_json "sorted(t['title'] for t in d if t['title'][0] in '=+-@')" \
  "+86 热线回访 -负面清单管理 =HYPERLINK(\"http://x\",\"点击\") @某人 请转办"
TASK_COUNT="$(find tasks -name '*.yaml' | wc -l)"
check "export writes every task by default" test "$(json_eval 'len(d)')" = "$TASK_COUNT"

# rt_workspace: a fresh workspace with the same duban.yaml and units.yaml
rt_workspace() {
  new_workspace
  cp "$RT_WS/duban.yaml" "$RT_WS/units.yaml" .
}
for fmt in json yaml; do
  cd "$RT_WS" || exit 2
  run export --format "$fmt" --out "$TMPIN/all.$fmt"
  rt_workspace
  run import "$TMPIN/all.$fmt"
  expect_exit 0 "import of the $fmt export"
  check "$fmt round trip: every task file byte-identical but its new uid" \
    test "$(tasks_state)" = "$(tasks_state "$RT_WS")"
  run check
  expect_exit 0 "check passes after the $fmt round trip"
  run import "$TMPIN/all.$fmt"
  expect_stdout_empty "importing the $fmt export again creates nothing"
done

cd "$RT_WS" || exit 2
run export --out "$TMPIN/all.csv"
rt_workspace
run import "$TMPIN/all.csv"
expect_exit 0 "import of the CSV export"
check "CSV round trip: the same ids" test "$(find tasks -name '*.yaml' | wc -l)" = "$TASK_COUNT"
run export --out "$TMPIN/again.csv"
# without_uid FILE: the CSV export without its last column (uid; new tasks get new ones)
without_uid() { sed -E 's/,([0-9a-f]{32}|uid)\r?$//' "$1"; }
check "CSV round trip: the same export CSV but the uids" test "$(without_uid "$TMPIN/all.csv")" = "$(without_uid "$TMPIN/again.csv")"
run export --bom --out "$TMPIN/all-bom.csv"
rt_workspace
run import "$TMPIN/all-bom.csv"
expect_exit 0 "import of the --bom CSV export"
run export --out "$TMPIN/again-bom.csv"
check "--bom CSV round trip" test "$(without_uid "$TMPIN/all.csv")" = "$(without_uid "$TMPIN/again-bom.csv")"
run check
expect_exit 0 "check passes after the CSV round trip"

# the office's own export, controls and all, is the office's own tasks again
cd "$RT_WS" || exit 2
run add $'带\x1b[31m控制\x07字符的事项' --kind instruction --ref $'督\x01号' --lead 发改委 --date 2025-10-12
expect_exit 0 "a title and ref holding control characters"
run export --out "$TMPIN/own.csv"
snapshot
for mode in skip update error; do
  run import "$TMPIN/own.csv" --on-duplicate "$mode"
  [[ "$mode" == error ]] || expect_exit 0 "re-import of the office's own CSV export (--on-duplicate $mode)"
  expect_stdout_empty "no task is created from the office's own export (--on-duplicate $mode)"
  expect_unchanged "the office's own export changes nothing (--on-duplicate $mode)"
done
expect_exit 3 "--on-duplicate error: every row of the export is a duplicate"
sed -E 's/,([0-9a-f]{32}|uid)\r?$//' "$TMPIN/own.csv" >"$TMPIN/own-no-uid.csv"
run import "$TMPIN/own-no-uid.csv" --on-duplicate update
expect_exit 0 "without the uid column"
expect_stdout_empty "the title as the export shows it is the same task"
expect_unchanged "and nothing changes"

# ================================================================ an interrupted import
# stage DIR ID TITLE: a staged task file and its manifest line, as save_tasks_together writes them
stage() {
  local dir="$1" id="$2" title="$3" n
  n=$(printf '%06d' "$(find "$dir" -name '0*.yaml' 2>/dev/null | wc -l)")
  cat >"$dir/$n.yaml" <<EOF
id: $id
title: $title
kind: instruction
listed: false
lead: 市发改委
created: 2025-10-14
due: 2025-10-29
status: assigned
escalation: 0
log:
  - date: 2025-10-14
    type: assign
    to: 市发改委
EOF
  printf '%s\t%s\n' "$n.yaml" "tasks/2025/$id.yaml" >>"$dir/manifest"
}

# own_staging DIR: record DIR as staged by this user on this machine (its
# TOKEN and the entry in $XDG_STATE_HOME/duban/staging an import writes), so
# that recovery trusts it; test_trust_fs.sh shows what happens otherwise.
own_staging() {
  local token
  token="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  mkdir -p "$XDG_STATE_HOME/duban/staging"
  realpath "$1" >"$XDG_STATE_HOME/duban/staging/$token"
  printf '%s\n' "$token" >"$1/TOKEN"
}

new_workspace "${STD_UNITS[@]}"
run add 原有事项 --kind instruction --lead 发改委
S=.duban/staging-999
mkdir -p "$S"
own_staging "$S"
stage "$S" 2025-0002 中断的导入甲
stage "$S" 2025-0003 中断的导入乙
cp "$S/000000.yaml" "$TMPIN/staged-a.yaml"
cp "$S/000001.yaml" "$TMPIN/staged-b.yaml"
: >"$S/COMMITTED"
run add 中断之后的事项 --kind instruction
expect_exit 0 "a write command after an interrupted, committed import"
expect_stdout_eq "2025-0004" "it numbers after the recovered tasks"
expect_same_file "$TMPIN/staged-a.yaml" tasks/2025/2025-0002.yaml "a committed staged task is rolled forward"
expect_same_file "$TMPIN/staged-b.yaml" tasks/2025/2025-0003.yaml "every committed staged task is rolled forward"
expect_no_file "$S/manifest"
check "the staging directory is gone" test ! -e "$S"
run check
expect_exit 0 "check passes after the roll-forward"

# committed, and interrupted half-way through the renames
mkdir -p "$S"
own_staging "$S"
stage "$S" 2025-0005 已移动的
stage "$S" 2025-0006 未移动的
mv "$S/000000.yaml" tasks/2025/2025-0005.yaml
: >"$S/COMMITTED"
run progress 2025-0001 正在推进 --by 发改委
expect_exit 0
expect_file_exists tasks/2025/2025-0005.yaml
expect_file_line tasks/2025/2025-0006.yaml "title: 未移动的" "the rest of a half-done roll-forward lands"
check "the staging directory is gone" test ! -e "$S"

# not committed: discarded
mkdir -p "$S"
own_staging "$S"
stage "$S" 2025-0007 未提交的导入
snapshot
run add 又一个事项 --kind instruction
expect_exit 0 "a write command after an interrupted, uncommitted import"
expect_stdout_eq "2025-0007" "the discarded id is free again"
check "the uncommitted staged task did not land" bash -c "! grep -q 未提交的导入 tasks/2025/*.yaml"
check "the uncommitted staging directory is gone" test ! -e "$S"
run check
expect_exit 0 "check passes after discarding"

# ================================================================ YAML / JSON keys are columns too
# An unknown key in a task map fails the import like an unknown CSV column: a
# misspelt deadline never falls back to the kind's default.
new_workspace "${STD_UNITS[@]}"
printf -- '- title: 键名写错\n  kind: instruction\n  lead: 市发改委\n  deadline: 2025-12-31\n' >"$SCRATCH/typo.yaml"
snapshot
run import "$SCRATCH/typo.yaml"
expect_data_error "typo.yaml:1:" "an unknown key in a YAML task map fails the import"
expect_stderr_contains "'deadline'"
expect_unchanged "nothing imported after an unknown YAML key"
printf '[{"title": "另一个键名写错", "kind": "instruction", "lead": "市发改委", "截至日期": "2025-12-31"}]\n' >"$SCRATCH/typo.json"
run import "$SCRATCH/typo.json"
expect_data_error "typo.json:1:" "an unknown key in a JSON task map fails the import"
run import "$SCRATCH/typo.json" --ignore-column 截至日期
expect_exit 0 "--ignore-column leaves out a JSON key"
printf 'import_columns:\n  deadline: due\n' >>duban.yaml
run import "$SCRATCH/typo.yaml"
expect_exit 0 "import_columns names a YAML key's field"
expect_file_line "tasks/2025/$OUT.yaml" "due: 2025-12-31" "the key named in import_columns is the deadline"

# An own YAML export of a task never handed over (no log) keeps its milestones.
new_workspace "${STD_UNITS[@]}"
run add 分阶段推进 --kind instruction --milestone '完成方案@2025-11-20' --due 2025-12-31
id="$OUT"
run export --format yaml --status all --out "$SCRATCH/own.yaml"
expect_exit 0
new_workspace "${STD_UNITS[@]}"
run import "$SCRATCH/own.yaml"
expect_exit 0 "own YAML export of a registered task with milestones"
expect_file_line "tasks/2025/$id.yaml" "  - title: 完成方案" "its milestone survives the round trip"
expect_file_line "tasks/2025/$id.yaml" "    due: 2025-11-20"

# ---------------------------------------------------------------- a deadline on a rest day
# Kept as the file gives it (SPEC §6: an explicit deadline is never moved), with a
# warning naming the row; many such rows give ten lines and a count.
new_workspace 甲局
export DUBAN_TODAY=2026-01-05
printf '%s\n' 事项名称,牵头单位,完成时间 '春节值守,甲局,2026-02-15' '节前检查,甲局,2026-02-13' > rest.csv
run import rest.csv --kind meeting
expect_exit 0 "import with a deadline in the Spring Festival"
expect_stderr_contains "rest.csv:2: the deadline 2026-02-15 falls on a rest day: kept, not moved"
expect_stderr_not_contains "2026-02-13" "a working day: no warning"
expect_file_line tasks/2026/2026-0001.yaml "due: 2026-02-15" "the deadline is kept"
{ echo 事项名称,牵头单位,完成时间; for i in $(seq 1 12); do echo "周末事项$i,甲局,2026-03-07"; done; } > weekend.csv
run import weekend.csv --kind meeting
expect_exit 0 "import of 12 rows due on a Saturday"
check "ten row lines and one count" test "$(grep -c 'falls on a rest day' "$ERR_FILE")" = 10
expect_stderr_contains "weekend.csv: 2 more rows have a deadline on a rest day (kept)"
unset DUBAN_TODAY

finish
