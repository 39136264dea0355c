#!/usr/bin/env bash
# Machine output keeps one convention (English keys, raw values, null for what
# is absent) and small promises hold: the metrics threshold, a registered task
# without a deadline, --as-of with --date, show's JSON, check --format json,
# `--opt=` with an empty value; tables use the words a clerk uses (issue 14,
# items 12, 15, 16). On the office-small fixture as of 2025-10-15, see
# test_list_show.sh for what it holds.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

use_fixture office-small
export DUBAN_TODAY=2025-10-15

# csv_eval EXPR: evaluate a Python expression on stdout read by csv.reader,
# `rows` (the header row first); prints str() of the result.
csv_eval() {
  "$PYTHON" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
r = eval(sys.argv[2])
print(" ".join(str(x) for x in r) if isinstance(r, (list, tuple)) else r)
' "$OUT_FILE" "$1" 2>&1
}

expect_csv() {  # expect_csv EXPR VALUE [DESCRIPTION]
  local got
  got="$(csv_eval "$1")"
  if [[ "$got" == "$2" ]]; then pass "${3:-csv $1 == $2}"; else
    fail "${3:-csv $1}" "expected: $2" "got:      $got"
  fi
}

# ------------------------------------------- 12: list --format csv is machine output
run list --status all --format csv
expect_exit 0 "list --format csv: exit 0"
expect_csv "rows[0]" "id status light kind title lead owner due" "list csv: English field keys"
expect_csv "[r for r in rows if r[0] == '2025-0004'][0][:4]" "2025-0004 active red npc" \
  "list csv: raw status, light and kind, as in JSON"
expect_csv "[r for r in rows if r[0] == '2025-0008'][0][1:3]" "suspended " "list csv: no light is an empty cell"
expect_csv "[r for r in rows if r[0] == '2025-0001'][0][1]" "done"
expect_csv "set(len(r) for r in rows)" "{8}" "list csv: every row has the header's columns"
cp "$OUT_FILE" "$SCRATCH/list.csv"
run list --status all --format json
"$PYTHON" - "$SCRATCH/list.csv" "$OUT_FILE" >"$SCRATCH/same.txt" 2>&1 <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
tasks = json.load(open(sys.argv[2], encoding="utf-8"))
assert [r["id"] for r in rows] == [t["id"] for t in tasks], "ids differ"
for r, t in zip(rows, tasks):
    for k, v in r.items():
        assert (t[k] or "") == v, f"{t['id']} {k}: csv {v!r}, json {t[k]!r}"
print("same")
PY
check "list csv: every cell equals the JSON value of its key (null = empty)" grep -qx same "$SCRATCH/same.txt"

# A title holding a comma, a quote and a line break survives a CSV reader.
sed 's/^id: 2025-0009$/id: 2025-0013/; s/^title: .*/title: "甲,乙\\"丙\\"\\n丁"/' tasks/2025/2025-0009.yaml \
  >tasks/2025/2025-0013.yaml
run list --format csv
expect_csv "[r[4] for r in rows if r[0] == '2025-0013'][0] == '甲,乙\"丙\"\n丁'" True \
  "list csv: a title with , \" and a line break reads back whole"
rm tasks/2025/2025-0013.yaml

# Chinese headers only when asked for, for every CSV of list, overdue and report.
run list --format csv --headers zh
expect_csv "rows[0]" "编号 状态 亮灯 来源 事项 牵头单位 责任人 办结时限" "list --headers zh: Chinese header row"
expect_csv "[r for r in rows if r[0] == '2025-0004'][0][:4]" "2025-0004 active red npc" \
  "list --headers zh: the cells stay raw"
run list --format csv --lang zh
expect_csv "rows[0][:3]" "id status light" "--lang zh alone does not change the CSV keys"
run overdue --format csv
expect_csv "rows[0][:10]" "id title kind lead co owner due light days_overdue workdays_overdue" "overdue csv: English keys"
run overdue --format csv --headers zh
expect_csv "rows[0][:10]" "编号 事项 来源 牵头单位 配合单位 责任人 办结时限 亮灯 超期天数 超期工作日" \
  "overdue --headers zh: Chinese header row"
expect_csv "rows[0][10:]" "升级督办 报送超时 最近反馈 挂牌督办 应升级"
run report --format csv
expect_csv "rows[0][:3]" "unit total new" "report csv: English keys"
run report --format csv --headers zh
expect_csv "rows[0]" "单位 交办总数 新增 办结 按时办结 超时办结 在办 超期未办结 办结率 按时办结率 评价数 满意 基本满意 不满意 满意率" \
  "report --headers zh: Chinese header row"
run units --format csv
expect_csv "rows[0]" "name short aliases kind liaison phone" "units csv: English keys"
run units --format csv --headers zh
expect_csv "rows[0]" "名称 简称 别名 类型 联络员 电话" "units --headers zh: Chinese header row, like the other CSVs"
run list --format csv --headers fr
expect_usage_error "--headers fr: usage error"

# ------------------------------------------- 15: small lies
# show: always an array, one object per id.
run show 2025-0004 --format json
expect_json "type(d).__name__" list "show ID --format json: an array"
expect_json "[t['id'] for t in d]" 2025-0004
run show 4 6 --format json
expect_json "[t['id'] for t in d]" "2025-0004 2025-0006" "show A B --format json: an array"

# An absent owner (or lead, due) is null in every JSON, never "".
run overdue --format json
expect_json "[i['owner'] for i in d['items'] if i['id'] == '2025-0006'][0]" null "overdue json: no owner is null"
expect_json "[k for i in d['items'] for k, v in i.items() if v == '']" "" "overdue json: no empty strings"
run show 2025-0006 --format json
expect_json "d[0]['owner']" null "show json: no owner is null"

# --as-of and --date are one option: a duban error, not CLI11's.
for args in "--as-of 2025-10-01 --date 2025-10-02" "--as-of 2025-10-01 --as-of 2025-10-02" \
  "--date=2025-10-01 --as-of=2025-10-02"; do
  # shellcheck disable=SC2086  # split on purpose
  run $args list
  expect_usage_error "$args: usage error"
  expect_stderr_match '^duban: error: --as-of and --date ' "$args: says what is wrong"
  check "$args: no CLI11 wording" test "${ERR/At Most/}" == "$ERR"
done

# `--opt=` is an empty value and never takes the next argument.
new_workspace 甲局
run add --ref= 标题一 --kind instruction --lead 甲局
expect_exit 0 "add --ref= TITLE: exit 0"
id="$OUT"
run show "$id" --format json
expect_json "d[0]['title']" 标题一 "--ref= does not swallow the title"
expect_json "d[0]['ref']" null "--ref= is an empty ref"
run add --owner= 标题二 --kind instruction --lead 甲局
expect_exit 0 "add --owner= TITLE: exit 0"
run show "$OUT" --format json
expect_json "[d[0]['title'], d[0]['owner']]" "标题二 None" "--owner= does not swallow the title either"
run list --text= --format csv
expect_exit 0 "list --text= (a flagless value) is accepted"
run list --listed= --format csv
expect_usage_error "a flag written --flag= is a usage error"
expect_stderr_match "^duban: error: --listed takes no value" "--flag=: says so"

# check: a registered task may have no deadline (duban-format(5)); an assigned one may not.
run add 尚未交办 --kind instruction
reg="$OUT"
sed -i '/^due: /d' "tasks/${reg:0:4}/$reg.yaml"
run check
expect_exit 0 "check: a registered task without due is valid"
expect_stdout_empty
sed -i '/^due: /d' "tasks/${id:0:4}/$id.yaml"
run check
expect_exit 3 "check: an assigned task without due is a problem"
expect_stdout_match "^tasks/${id:0:4}/$id\\.yaml:[0-9]+: missing field 'due'"

# check --format json: a list of {path, line, message}.
run check --format json
expect_exit 3 "check --format json: exit 3 on a problem"
expect_json "[(p['path'], type(p['line']).__name__) for p in d]" "('tasks/${id:0:4}/$id.yaml', 'int')"
expect_json "'missing field' in d[0]['message']" true
printf 'x' >"tasks/${id:0:4}/notes.txt"
run check --format json
expect_json "[p['path'] for p in d if 'not a task file' in p['message']]" "tasks/${id:0:4}/notes.txt" \
  "check --format json: a problem without a line has line null"
expect_json "[p['line'] for p in d if 'not a task file' in p['message']][0]" null
rm "tasks/${id:0:4}/notes.txt" "tasks/${id:0:4}/$id.yaml"
run check --format json
expect_exit 0 "check --format json on a clean workspace: exit 0"
expect_stdout_eq "[]" "check --format json on a clean workspace: []"
run check --format csv
expect_usage_error "check --format csv is refused"

# The report flags a unit at late_threshold late closures, as duban-metrics(7) says.
new_workspace 甲局 乙局
for n in 1 2 3; do
  run --date 2025-01-02 add "迟办$n" --kind instruction --lead 甲局 --due 2025-01-10
  run --date 2025-01-2$n done "$OUT"
done
run --date 2025-01-02 add 迟办4 --kind instruction --lead 乙局 --due 2025-01-10
run --date 2025-01-20 done "$OUT"
run report --period year --as-of 2025-12-31 --format json
expect_json "[(f['unit'], f['late_closures']) for f in d['flagged']]" "('甲局', 3)" \
  "3 late closures flag a unit at late_threshold 3"
man7="$DUBAN_SOURCE_DIR/man/duban-metrics.7"
check "duban-metrics(7): flagged at late_threshold late closures (at least), not more than" \
  grep -q 'at least .fBlate_threshold.fR late closures' "$man7"
check "duban-metrics(7): no 'more late closures ... than'" \
  bash -c "! tr '\n' ' ' <'$man7' | grep -q 'more late closures in the year than'"

# ------------------------------------------- 16: the words a clerk uses
use_fixture office-small
run list
expect_stdout_match '^编号 +状态 +亮灯 +来源 ' "list: the light column is 亮灯"
expect_stdout_match '^2025-0004 +办理中 +红灯 +人大代表建议 ' "list: red is 红灯"
expect_stdout_match '^2025-0012 +办理中 +绿灯 ' "list: green is 绿灯"
run show 2025-0006
expect_stdout_line "  状态      已交办 · 红灯 · 超期 29 天" "show: 红灯"
expect_stdout_line "  升级督办  1 整改通知" "show: the escalation stage is 升级督办"
expect_stdout_not_contains 督办级别
run overdue
expect_stdout_match ' 亮灯 .* 超期天数 +超期工作日 +升级督办 ' "overdue: 亮灯, 超期天数, 超期工作日, 升级督办"
expect_stdout_not_contains 督办级别
run report --period year --as-of 2025-10-15
expect_stdout_match '超期天数 +升级督办$' "report: overdue table says 升级督办"
expect_stdout_not_contains 督办级别

finish
