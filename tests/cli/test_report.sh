#!/usr/bin/env bash
# duban report (SPEC §9): every format on tests/fixtures/report, with the
# numbers worked out by hand from the table in tests/fixtures/make-report.sh.
# Reference day: Wednesday 2025-06-18.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCHEMA="$DUBAN_SOURCE_DIR/tests/cli/report_schema.py"
use_fixture report
export DUBAN_TODAY=2025-06-18

# ---------------------------------------------------------------- helpers

# The nine metrics of one JSON object, space-separated, null for no rate:
# total new closed closed_on_time closed_late open overdue completion_rate on_time_rate
_row_expr() {
  printf "' '.join('null' if x is None else str(x) for x in [(%s)[k] for k in ('total','new','closed','closed_on_time','closed_late','open','overdue','completion_rate','on_time_rate')])" "$1"
}
_expect_eval() {  # DESC EXPR WANT
  local got
  got="$(json_eval "$2")"
  if [[ "$got" == "$3" ]]; then pass "$1"; else fail "$1" "expected: $3" "got:      $got"; fi
}
expect_totals() { _expect_eval "${2:-totals} = $1" "$(_row_expr "d['totals']")" "$1"; }
# expect_group KEY ROW
expect_group() {
  _expect_eval "group '$1' = $2" "$(_row_expr "next((g for g in d['groups'] if g['key'] == '$1'), None)")" "$2"
}
# expect_group_keys KEY… (the empty key written as -), in order
expect_group_keys() {
  _expect_eval "groups in order: $*" "[g['key'] or '-' for g in d['groups']]" "$*"
}
# expect_schema: stdout passes report_schema.py
expect_schema() {
  local msg desc="${1:-JSON matches the report schema}"
  if msg="$("$PYTHON" "$SCHEMA" "$OUT_FILE" 2>&1)"; then pass "$desc"; else fail "$desc" "$msg"; fi
}
# json ARGS…: run report --format json ARGS, expect exit 0 and a valid shape
json() {
  run report --format json "$@"
  expect_exit 0 "report --format json $*: exit 0"
  expect_schema "report --format json $*: matches the schema"
}
# expect_file_contains FILE TEXT
expect_file_contains() {
  if [[ -f "$1" ]] && grep -Fq -- "$2" "$1"; then pass "$1 contains $2"; else
    fail "$1 contains $2" "not found: $2"
  fi
}
expect_file_not_contains() {
  if [[ -f "$1" ]] && ! grep -Fq -- "$2" "$1"; then pass "$1 does not contain $2"; else
    fail "$1 does not contain $2" "found (or no file): $2"
  fi
}

check "the fixture is valid" "$DUBAN" check -q
snapshot

# ---------------------------------------------------------------- text, the default period (month)
run report
expect_exit 0 "report: exit 0"
expect_stderr_empty
expect_no_escape_bytes "no colour when stdout is not a terminal"
expect_stdout_line "督查通报"
expect_stdout_line "江北市人民政府督查室　统计期间：2025-06-01 至 2025-06-18" "the default period is the month up to today"
expect_stdout_line "交办督办事项 9 项，其中新增 2 项；办结 3 项（按时办结 2 项，超时办结 1 项），在办 6 项，超期未办结 1 项。办结率 33.3%，按时办结率 50.0%。办结事项中 2 件有满意度评价，满意率 100.0%。"
check "month: the group table and the overdue table" test "$(sed -n '/^二、/,/^四、/p' "$OUT_FILE")" = "二、分单位情况
单位        交办总数  新增  办结  按时办结  超时办结  在办  超期未办结  办结率  按时办结率  办结率图示
市发改委           2     0     1         1         0     1           0   50.0%      100.0%  ##########..........
市城管局           2     0     1         1         0     1           0   50.0%      100.0%  ##########..........
城东区             1     1     1         0         1     0           0  100.0%        0.0%  ####################
市水务局           2     0     0         0         0     2           1    0.0%        0.0%  ....................
（未指定）         1     1     0         0         0     1           0    0.0%           —  ....................
市住建局           1     0     0         0         0     1           0    0.0%           —  ....................
合计               9     2     3         2         1     6           1   33.3%       50.0%  #######.............

三、超期事项
编号       事项                  牵头单位  办结时限    超期天数  升级督办
2025-0011  汛期防汛物资储备核查  市水务局  2025-05-30        19         1

四、超时办结达到 3 件的单位"
expect_stdout_line "城东区             3" "城东区 flagged with 3 late closures this year"
expect_stdout_line "五、领导批示办理情况"
expect_stdout_line "张市长           1     0     1           0"
expect_stdout_line "王副市长         1     0     1           0"
expect_stdout_line "六、办理满意度"
expect_stdout_line "人大代表建议     1         0       0         1  100.0%"
expect_stdout_line "政协提案         0         1       0         1  100.0%"
expect_stdout_line "合计             1         1       0         2  100.0%"
# 李书记's only instruction was closed in January: nothing of his in June
expect_stdout_not_contains "李书记" "a leader with nothing in the period gets no row of zeros"

# ---------------------------------------------------------------- text, the year: the whole page
run report --period year
expect_exit 0
expect_stdout_eq "督查通报
江北市人民政府督查室　统计期间：2025-01-01 至 2025-06-18

一、总体情况
交办督办事项 16 项，其中新增 15 项；办结 10 项（按时办结 5 项，超时办结 5 项），在办 6 项，超期未办结 1 项。办结率 62.5%，按时办结率 45.5%。办结事项中 2 件有满意度评价，满意率 100.0%。

二、分单位情况
单位        交办总数  新增  办结  按时办结  超时办结  在办  超期未办结  办结率  按时办结率  办结率图示
市住建局           3     3     2         2         0     1           0   66.7%      100.0%  #############.......
市发改委           4     3     3         2         1     1           0   75.0%       66.7%  ###############.....
市城管局           3     3     2         1         1     1           0   66.7%       50.0%  #############.......
城东区             3     3     3         0         3     0           0  100.0%        0.0%  ####################
市水务局           2     2     0         0         0     2           1    0.0%        0.0%  ....................
（未指定）         1     1     0         0         0     1           0    0.0%           —  ....................
合计              16    15    10         5         5     6           1   62.5%       45.5%  #############.......

三、超期事项
编号       事项                  牵头单位  办结时限    超期天数  升级督办
2025-0011  汛期防汛物资储备核查  市水务局  2025-05-30        19         1

四、超时办结达到 3 件的单位
单位    本年超时办结
城东区             3

五、领导批示办理情况
批示领导  交办总数  办结  在办  超期未办结
张市长           3     2     1           0
李书记           1     1     0           0
王副市长         2     1     1           0

六、办理满意度
来源          满意  基本满意  不满意  评价件数  满意率
人大代表建议     1         0       0         1  100.0%
政协提案         0         1       0         1  100.0%
合计             1         1       0         2  100.0%" "report --period year: the whole text page"
YEAR_TEXT="$OUT"

# ---------------------------------------------------------------- JSON, the year
json --period year
expect_json "d['from']" 2025-01-01
expect_json "d['to']" 2025-06-18
expect_json "d['as_of']" 2025-06-18
expect_json "d['by']" unit
expect_json "d['office']" 江北市人民政府督查室
expect_totals "16 15 10 5 5 6 1 0.625 0.4545"
expect_group 市住建局 "3 3 2 2 0 1 0 0.6667 1"
expect_group 市发改委 "4 3 3 2 1 1 0 0.75 0.6667"
expect_group 市城管局 "3 3 2 1 1 1 0 0.6667 0.5"
expect_group 城东区 "3 3 3 0 3 0 0 1 0"
expect_group 市水务局 "2 2 0 0 0 2 1 0 0"
expect_group "" "1 1 0 0 0 1 0 0 null"
expect_group_keys 市住建局 市发改委 市城管局 城东区 市水务局 -
expect_json "[(f['unit'], f['late_closures']) for f in d['flagged']]" "('城东区', 3)"
expect_json "[(o['id'], o['lead'], o['due'], o['days_overdue']) for o in d['overdue']]" \
  "('2025-0011', '市水务局', '2025-05-30', 19)"
expect_json "d['overdue'][0]['title']" 汛期防汛物资储备核查
expect_json "[(l['leader'], l['total'], l['closed'], l['open'], l['overdue']) for l in d['leaders']]" \
  "('张市长', 3, 2, 1, 0) ('李书记', 1, 1, 0, 0) ('王副市长', 2, 1, 1, 0)"
expect_json "[d['satisfaction'][k] for k in ('rated', 'satisfied', 'basically_satisfied', 'dissatisfied', 'satisfaction_rate')]" "2 1 1 0 1"
expect_json "[(k['kind'], k['satisfied'], k['basically_satisfied']) for k in d['satisfaction']['kinds']]" "('npc', 1, 0) ('cppcc', 0, 1)"
expect_json "d['scores']" ""
expect_json "'null' if d['groups'][-1]['on_time_rate'] is None else 'number'" null

# ---------------------------------------------------------------- CSV, the year
run report --period year --format csv
expect_exit 0
expect_stdout_eq "unit,total,new,closed,closed_on_time,closed_late,open,overdue,completion_rate,on_time_rate,rated,satisfied,basically_satisfied,dissatisfied,satisfaction_rate
市住建局,3,3,2,2,0,1,0,0.6667,1.0000,0,0,0,0,
市发改委,4,3,3,2,1,1,0,0.7500,0.6667,1,0,1,0,1.0000
市城管局,3,3,2,1,1,1,0,0.6667,0.5000,1,1,0,0,1.0000
城东区,3,3,3,0,3,0,0,1.0000,0.0000,0,0,0,0,
市水务局,2,2,0,0,0,2,1,0.0000,0.0000,0,0,0,0,
,1,1,0,0,0,1,0,0.0000,,0,0,0,0,
total,16,15,10,5,5,6,1,0.6250,0.4545,2,1,1,0,1.0000" "report --format csv: one row per unit and a total row, no rate left empty"

# ---------------------------------------------------------------- Markdown, the previous quarter
run report --period quarter --previous --format md
expect_exit 0
expect_stdout_eq "# 督查通报

江北市人民政府督查室　统计期间：2025-01-01 至 2025-03-31

## 一、总体情况

交办督办事项 7 项，其中新增 6 项；办结 2 项（按时办结 1 项，超时办结 1 项），在办 5 项，超期未办结 0 项。办结率 28.6%，按时办结率 50.0%。

## 二、分单位情况

| 单位     | 交办总数 | 新增 | 办结 | 按时办结 | 超时办结 | 在办 | 超期未办结 | 办结率 | 按时办结率 |
| -------- | -------: | ---: | ---: | -------: | -------: | ---: | ---------: | -----: | ---------: |
| 市发改委 |        3 |    2 |    2 |        1 |        1 |    1 |          0 |  66.7% |      50.0% |
| 市住建局 |        1 |    1 |    0 |        0 |        0 |    1 |          0 |   0.0% |          — |
| 市城管局 |        2 |    2 |    0 |        0 |        0 |    2 |          0 |   0.0% |          — |
| 市水务局 |        1 |    1 |    0 |        0 |        0 |    1 |          0 |   0.0% |          — |
| 合计     |        7 |    6 |    2 |        1 |        1 |    5 |          0 |  28.6% |      50.0% |

## 三、超期事项

无超期未办结事项。

## 四、领导批示办理情况

| 批示领导 | 交办总数 | 办结 | 在办 | 超期未办结 |
| -------- | -------: | ---: | ---: | ---------: |
| 张市长   |        2 |    1 |    1 |          0 |
| 李书记   |        1 |    1 |    0 |          0 |" "report --period quarter --previous --format md: the whole page"

# ---------------------------------------------------------------- periods and --previous (JSON)
json
expect_json "d['from'] + ' ' + d['to']" "2025-06-01 2025-06-18"
expect_totals "9 2 3 2 1 6 1 0.3333 0.5" "month totals"
expect_group 市发改委 "2 0 1 1 0 1 0 0.5 1"
expect_group 市城管局 "2 0 1 1 0 1 0 0.5 1"
expect_group 城东区 "1 1 1 0 1 0 0 1 0"
expect_group 市水务局 "2 0 0 0 0 2 1 0 0"
expect_group "" "1 1 0 0 0 1 0 0 null"
expect_group 市住建局 "1 0 0 0 0 1 0 0 null"
expect_group_keys 市发改委 市城管局 城东区 市水务局 - 市住建局

json --period month --previous
expect_json "d['from'] + ' ' + d['to']" "2025-05-01 2025-05-31"
expect_totals "12 4 5 2 3 7 1 0.4167 0.3333" "previous month totals"
expect_group 市住建局 "3 0 2 2 0 1 0 0.6667 1"
expect_group 城东区 "2 2 2 0 2 0 0 1 0"
expect_group 市城管局 "3 1 1 0 1 2 0 0.3333 0"
expect_group 市水务局 "2 0 0 0 0 2 1 0 0"
expect_group 市发改委 "2 1 0 0 0 2 0 0 null"
expect_group_keys 市住建局 城东区 市城管局 市水务局 市发改委
expect_json "[(o['id'], o['days_overdue']) for o in d['overdue']]" "('2025-0011', 1)"
expect_json "len(d['flagged'])" 0 # 城东区 had two late closures by the end of May
expect_json "(d['satisfaction']['rated'], d['satisfaction']['satisfaction_rate'], d['satisfaction']['kinds'])" "0 None []"

json --period quarter
expect_json "d['from'] + ' ' + d['to']" "2025-04-01 2025-06-18"
expect_totals "14 9 8 4 4 6 1 0.5714 0.4444" "quarter totals"
expect_group 市住建局 "3 2 2 2 0 1 0 0.6667 1"
expect_group 市发改委 "2 1 1 1 0 1 0 0.5 1"
expect_group 市城管局 "3 1 2 1 1 1 0 0.6667 0.5"
expect_group_keys 市住建局 市发改委 市城管局 城东区 市水务局 -

json --period quarter --previous
expect_json "d['from'] + ' ' + d['to']" "2025-01-01 2025-03-31"
expect_totals "7 6 2 1 1 5 0 0.2857 0.5" "previous quarter totals"

json --period week
expect_json "d['from'] + ' ' + d['to']" "2025-06-16 2025-06-18"
expect_totals "7 0 1 1 0 6 1 0.1429 0.5" "week totals (Monday 06-16 to Wednesday)"
# 城东区's tasks were all closed before Monday: it has nothing this week
_expect_eval "no group without tasks in the period" "[g['key'] for g in d['groups'] if g['total'] == 0]" ""

json --period week --previous
expect_json "d['from'] + ' ' + d['to']" "2025-06-09 2025-06-15"
expect_totals "9 0 2 1 1 7 1 0.2222 0.3333" "previous week totals"
expect_json "[(o['id'], o['days_overdue']) for o in d['overdue']]" "('2025-0011', 16)"

json --period year --previous
expect_json "d['from'] + ' ' + d['to']" "2024-01-01 2024-12-31"
expect_totals "1 1 0 0 0 1 1 0 0" "2024 totals: one overdue task"
expect_json "[(o['id'], o['due'], o['days_overdue']) for o in d['overdue']]" "('2024-0001', '2024-11-29', 32)"
expect_json "[(l['leader'], l['total'], l['overdue']) for l in d['leaders']]" "('李书记', 1, 1)"

# --as-of gives the same as DUBAN_TODAY
run --as-of 2025-05-31 report --format json
expect_json "d['from'] + ' ' + d['to'] + ' ' + d['as_of']" "2025-05-01 2025-05-31 2025-05-31"
expect_totals "12 4 5 2 3 7 1 0.4167 0.3333" "--as-of 2025-05-31: May"
run report --format json --date 2025-06-22 --period week
_expect_eval "a Sunday closes the Monday–Sunday week" "d['from'] + ' ' + d['to']" "2025-06-16 2025-06-22"

# ---------------------------------------------------------------- --from / --to
# The extension of 2025-0015 (06-10 → 06-30) was logged on 06-12: up to 06-11
# the task was overdue; so was 2025-0009 (due 06-10, closed 06-12).
json --from 2025-06-01 --to 2025-06-11
expect_json "d['from'] + ' ' + d['to']" "2025-06-01 2025-06-11"
expect_totals "9 2 1 1 0 8 3 0.1111 0.25" "06-01..06-11 totals"
expect_json "[(o['id'], o['due'], o['days_overdue']) for o in d['overdue']]" \
  "('2025-0011', '2025-05-30', 12) ('2025-0009', '2025-06-10', 1) ('2025-0015', '2025-06-10', 1)"
expect_group 市住建局 "1 0 0 0 0 1 1 0 0"
json --from 2025-06-01 --to 2025-06-12
expect_group 市住建局 "1 0 0 0 0 1 0 0 null" "from 06-12 the extension is in force"

# 2025-0004 closed on 04-08 (on time), was returned on 04-15 and closed late on 05-12;
# 2025-0013 was cancelled only on 04-20, so it still counts up to 04-12.
json --from 2025-04-01 --to 2025-04-12
expect_totals "8 3 1 1 0 7 0 0.125 1" "04-01..04-12 totals"
expect_group 市城管局 "2 0 1 1 0 1 0 0.5 1"
expect_group 城东区 "1 1 0 0 0 1 0 0 null"
json --from 2025-04-01 --to 2025-04-30
expect_group 市城管局 "2 0 0 0 0 2 1 0 0" "April: 2025-0004 returned, open and overdue at the end"
_expect_eval "the cancelled 2025-0013 counts nowhere after 04-20" "[g['key'] for g in d['groups'] if g['key'] == '城东区']" ""
json --from 2025-05-01 --to 2025-05-31
expect_group 市城管局 "3 1 1 0 1 2 0 0.3333 0" "May: the last closing of 2025-0004 (05-12) is late"
run report --from 2025/5/1 --to 2025年5月31日 --format csv
expect_stdout_line "total,12,4,5,2,3,7,1,0.4167,0.3333,0,0,0,0," "--from/--to accept the other date forms"
json --from 2025-06-18 --to 2025-06-18
expect_totals "6 0 0 0 0 6 1 0 0" "a one-day period (2025-0006 closed on 06-16)"

run report --from 2025-06-01
expect_usage_error "--from without --to"
run report --to 2025-06-01
expect_usage_error "--to without --from"
run report --from 2025-06-30 --to 2025-06-01
expect_usage_error "--to before --from"
expect_stderr_contains "before"
run report --from 2025-13-01 --to 2025-12-31
expect_usage_error "a bad --from date"
run report --period day
expect_usage_error "--period day"
run report --by title
expect_usage_error "--by title"
run report --format xml
expect_usage_error "--format xml"
run report --issue-no 0
expect_usage_error "--issue-no 0"

# ---------------------------------------------------------------- --by kind | leader | owner
json --period year --by kind
expect_json "d['by']" kind
expect_group instruction "6 5 4 3 1 2 0 0.6667 0.75"
expect_group meeting "1 1 1 0 1 0 0 1 0"
expect_group npc "1 1 1 1 0 0 0 1 1"
expect_group cppcc "1 1 1 1 0 0 0 1 1"
expect_group hotline "3 3 3 0 3 0 0 1 0"
expect_group work-report "1 1 0 0 0 1 0 0 null"
expect_group superior "1 1 0 0 0 1 1 0 0"
expect_group special "1 1 0 0 0 1 0 0 null"
expect_group petition "1 1 0 0 0 1 0 0 null"
expect_group_keys cppcc npc instruction hotline meeting superior petition special work-report
expect_totals "16 15 10 5 5 6 1 0.625 0.4545" "by kind: the same totals"
run report --period year --by kind
expect_stdout_line "二、分来源情况"
expect_stdout_line "便民热线             3     3     3         0         3     0           0  100.0%        0.0%  ####################" \
  "kinds by their Chinese labels"
expect_stdout_line "政府工作报告         1     1     0         0         0     1           0    0.0%           —  ...................."
run report --period year --by kind --format csv
expect_stdout_line "hotline,3,3,3,0,3,0,0,1.0000,0.0000,0,0,0,0," "CSV keeps the kind's name"

json --period year --by leader
expect_group 张市长 "3 3 2 2 0 1 0 0.6667 1"
expect_group 王副市长 "3 3 2 1 1 1 0 0.6667 0.5"
expect_group 李书记 "1 0 1 0 1 0 0 1 0"
expect_group "" "9 9 5 2 3 4 1 0.5556 0.3333"
expect_group_keys 张市长 王副市长 - 李书记
run report --period year --by leader
expect_stdout_line "二、分批示领导情况"

json --period year --by owner
expect_group 周敏 "3 3 2 2 0 1 0 0.6667 1"
expect_group 李明 "2 1 2 1 1 0 0 1 0.5"
expect_group 赵磊 "2 2 1 0 1 1 0 0.5 0"
expect_group "" "9 9 5 2 3 4 1 0.5556 0.3333"
expect_group_keys 周敏 李明 - 赵磊

# ---------------------------------------------------------------- filters
json --period year --kind hotline
expect_totals "3 3 3 0 3 0 0 1 0" "--kind hotline"
json --period year --kind 便民热线
expect_totals "3 3 3 0 3 0 0 1 0" "--kind by its label"
# lead or co-unit, given by an alias: 2024-0001 2025-0001 0006 0014 lead, 0003 co
json --period year --unit 发改委
expect_totals "5 4 4 3 1 1 0 0.8 0.75" "--unit 发改委 (alias; lead or co)"
expect_group 市发改委 "4 3 3 2 1 1 0 0.75 0.6667"
expect_group 市住建局 "1 1 1 1 0 0 0 1 1"

# ---------------------------------------------------------------- heading options
run report --issue-no 12
expect_exit 0
expect_stdout_match "^督查通报（第12期）$" "--issue-no 12: 第12期 in the heading"
run report --title 江北市督查通报 --issue-no 3
expect_stdout_match "^江北市督查通报（第3期）$" "--title replaces the heading"
run report --format md --title 专项督查通报
expect_stdout_match "^# 专项督查通报$" "--title in Markdown"

# ---------------------------------------------------------------- --lang en
run report --period year --lang en
expect_exit 0
expect_stdout_line "Supervision bulletin"
expect_stdout_line "江北市人民政府督查室  period: 2025-01-01 to 2025-06-18"
expect_stdout_line "1. Overview"
expect_stdout_line "16 tasks, 15 new; 10 closed (5 on time, 5 late), 6 open, 1 overdue. Completion rate 62.5%, on-time rate 45.5%. Satisfaction rate 100.0% (2 rated)."
expect_stdout_line "2. By unit"
expect_stdout_line "3. Overdue at period end"
expect_stdout_match "^Unit +Total +New +Closed +On time +Late +Open +Overdue +Completion +On-time rate"
expect_stdout_match "^\(none\) +1 +1 +0 +0 +0 +1 +0 +0\.0% +— "
expect_stdout_match "^Total +16 +15 +10 +5 +5 +6 +1 +62\.5% +45\.5% "
expect_stdout_not_contains "一、总体情况"
run report --period year --lang en --issue-no 12
expect_stdout_line "Supervision bulletin No. 12"
run report --period year --lang en --format json
expect_json "d['by']" unit "--lang en does not change the JSON keys"
expect_json "[g['key'] for g in d['groups']][:2]" "市住建局 市发改委"

# ---------------------------------------------------------------- --out
run report --period year --out "$SCRATCH/year.txt"
expect_exit 0 "--out: exit 0"
expect_stdout_eq "$SCRATCH/year.txt" "--out prints the path it wrote"
expect_file_eq "$SCRATCH/year.txt" "$YEAR_TEXT" "--out writes the same report as stdout"
run report --period year --out "$SCRATCH/year-color.txt" --color always
if LC_ALL=C grep -q $'\x1b' "$SCRATCH/year-color.txt"; then
  fail "--out never writes colour codes"
else pass "--out never writes colour codes"; fi
run report --period year --format json --out out.json
expect_stdout_eq "out.json"
check "--out relative to the current directory" "$PYTHON" "$SCHEMA" out.json
rm -f out.json
run report --period year --format csv --out "$SCRATCH/no-such-dir/r.csv"
check "--out into a missing directory fails" test "$RC" != 0
expect_no_file "$SCRATCH/no-such-dir/r.csv"

# ---------------------------------------------------------------- HTML (no browser needed)
HTML_OK=0
run report --period year --format html --issue-no 12
if expect_exit 0 "report --format html: exit 0"; then
  HTML_OK=1
  cp "$OUT_FILE" "$SCRATCH/year.html"
  H="$SCRATCH/year.html"
  expect_stdout_match '^<!DOCTYPE html>' "an HTML document"
  expect_file_contains "$H" '<meta charset="utf-8">'
  expect_file_contains "$H" '<style>'
  expect_file_contains "$H" '<h1>督查通报</h1>'
  expect_file_contains "$H" '第12期'
  expect_file_contains "$H" '2025-01-01 至 2025-06-18'
  # the three bulletin sections, in order
  check "sections 一、二、三 in order" "$PYTHON" -c '
import sys
t = open(sys.argv[1], encoding="utf-8").read()
idx = [t.find("<h2>" + s + "</h2>") for s in ("一、总体情况", "二、分单位情况", "三、超期事项", "四、超时办结达到 3 件的单位", "五、领导批示办理情况", "六、办理满意度")]
sys.exit(0 if all(i >= 0 for i in idx) and idx == sorted(idx) else 1)' "$H"
  check "tables: groups, overdue, flagged, leaders, satisfaction" test "$(grep -o '<table' "$H" | wc -l)" = 5
  expect_file_contains "$H" '<tr><td>市发改委</td><td class="n">4</td><td class="n">3</td><td class="n">3</td><td class="n">2</td><td class="n">1</td><td class="n">1</td><td class="n">0</td><td class="n">75.0%</td><td class="n">66.7%</td></tr>'
  expect_file_contains "$H" '<tr class="total"><td>合计</td><td class="n">16</td><td class="n">15</td><td class="n">10</td><td class="n">5</td><td class="n">5</td><td class="n">6</td><td class="n">1</td><td class="n">62.5%</td><td class="n">45.5%</td></tr>'
  expect_file_contains "$H" '<td>（未指定）</td>'
  expect_file_contains "$H" '<tr><td class="k">2025-0011</td><td>汛期防汛物资储备核查</td><td>市水务局</td><td class="k">2025-05-30</td><td class="n">19</td><td class="n">1</td></tr>'
  expect_file_contains "$H" '交办总数<b>16</b>'
  expect_file_contains "$H" '按时办结率<b>45.5%</b>'
  # the bar chart: one bar per group, its length the completion rate
  check "an inline SVG chart" test "$(grep -c '<svg' "$H")" = 1
  check "one bar <rect> per group" test "$(grep -o '<rect class="bar"' "$H" | wc -l)" = 6
  check "城东区 (100%) has the full bar" "$PYTHON" -c '
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
bars = re.findall(r">([^<>]*)</text><rect class=\"bar\"[^>]* width=\"(\d+)\"", t)
w = dict(bars)
full = max(int(x) for x in w.values())
ok = w.get("城东区") == str(full) and w.get("市水务局") == "0" and abs(int(w["市发改委"]) - 0.75 * full) <= 1
sys.exit(0 if ok and full > 0 else 1)' "$H"
  check "self-contained: no script, no external resource" \
    bash -c '! grep -Eiq "<script|<link|src=\"(https?:)?//|url\((https?:)?//" "$1"' _ "$H"
  # the same page without anything overdue says so
  run report --period quarter --previous --format html
  expect_stdout_contains "<h2>三、超期事项</h2>"
  expect_stdout_contains "无超期未办结事项。"
  # text from the files is escaped
  run report --period year --format html --title '<b>通报&</b>'
  expect_stdout_contains '&lt;b&gt;通报&amp;&lt;/b&gt;' "--title is HTML-escaped"
  expect_stdout_not_contains '<b>通报&</b>'
  run report --period year --format html --lang en
  expect_stdout_contains '<html lang="en">'
  expect_stdout_contains '<h2>1. Overview</h2>'
  run report --period year --format html --out "$SCRATCH/out.html"
  expect_stdout_eq "$SCRATCH/out.html"
  check "--format html --out writes the page" cmp -s "$SCRATCH/out.html" <("$DUBAN" report --period year --format html)
fi

# ---------------------------------------------------------------- a report writes nothing
expect_unchanged "report writes nothing to the workspace"

# ---------------------------------------------------------------- scoring rules
cp duban.yaml "$SCRATCH/duban.yaml.orig"
printf 'scoring:\n  base: 100\n  late_closure: 2\n  overdue: 5\n  escalation_level: 3\n' >>duban.yaml
json --period year
expect_json "[(s['unit'], s['score'], s['late_closures'], s['overdue'], s['escalation_levels']) for s in d['scores']]" \
  "('市住建局', 100, 0, 0, 0) ('市发改委', 98, 1, 0, 0) ('市城管局', 98, 1, 0, 0) ('城东区', 94, 3, 0, 0) ('市水务局', 92, 0, 1, 1)"
run report --period year
expect_stdout_line "七、单位得分"
expect_stdout_line "市水务局    92         0           1             1"
cp "$SCRATCH/duban.yaml.orig" duban.yaml

# ---------------------------------------------------------------- units renamed: old tasks group under the new name
run units rename 市城管局 市城市管理局
expect_exit 0
json --period year
expect_group 市城市管理局 "3 3 2 1 1 1 0 0.6667 0.5"
_expect_eval "no group under the old name" "[g['key'] for g in d['groups'] if g['key'] == '市城管局']" ""
cp "$FIXTURES/report/units.yaml" units.yaml

# ---------------------------------------------------------------- reproducibility
# Reports for periods that ended are computed from the dates in the files: the
# same before and after later changes.
PAST_RUNS=(
  "--period month --previous"
  "--period month"
  "--period year --previous"
  "--period quarter --previous"
  "--from 2025-06-01 --to 2025-06-11"
  "--from 2025-04-01 --to 2025-04-12"
  "--period year --by kind"
)
FORMATS=(text md csv json)
((HTML_OK)) && FORMATS+=(html)
save_reports() {  # save_reports DIR
  mkdir -p "$1"
  local i=0 args f
  for args in "${PAST_RUNS[@]}"; do
    for f in "${FORMATS[@]}"; do
      # shellcheck disable=SC2086
      "$DUBAN" report $args --format "$f" >"$1/$i.$f" 2>&1
    done
    i=$((i + 1))
  done
}
save_reports "$SCRATCH/before"
d() { "$DUBAN" -q "$@" >/dev/null 2>&1 || fail "setup: duban $*" "exit $?"; }
d progress 2025-0010 完成一期管网改造 --date 2025-06-19
d "done" 2025-0011 --result 核查完毕 --date 2025-06-20
d extend 2025-0012 --to 2025-07-31 --reason 涉及拆迁 --date 2025-06-21
d "done" 2025-0015 --result 改造完成 --date 2025-06-22
d return 2025-0006 答复不到位 --date 2025-06-23
d escalate 2025-0012 推进缓慢 --date 2025-06-24
d cancel 2025-0010 纳入省级项目 --date 2025-06-25
d reopen 2025-0014 政策已出台 --date 2025-06-26
d add 新增督办事项 --kind instruction --leader 张市长 --lead 住建局 --due 2025-07-15 --date 2025-06-27
d recheck 2025-0009 --problem 污水问题反弹 --date 2025-06-28
save_reports "$SCRATCH/after"
if diff -r "$SCRATCH/before" "$SCRATCH/after" >"$SCRATCH/repro.diff"; then
  pass "past reports are byte-identical after later changes (${#PAST_RUNS[@]} periods × ${#FORMATS[@]} formats)"
else
  fail "past reports are byte-identical after later changes" "$(head -n 30 "$SCRATCH/repro.diff")"
fi
check "the reports were not empty" test "$(cat "$SCRATCH/after/0.csv" | wc -l)" -gt 2
# …while a period that includes the changes does change
json --as-of 2025-06-30 --period month
# (the tasks returned, reopened and rechecked in June got new deadlines in July:
# none of them is overdue at June's end)
expect_totals "10 4 3 2 1 7 0 0.3 0.6667" "June after the changes"
expect_group 城东区 "1 1 0 0 0 1 0 0 null"

# 转办 after the period: the past report still shows the unit that held the task
# then (the assign entries of the log say who held it when).
d assign 2025-0016 --lead 城东区 --date 2025-06-29
d assign 2025-0012 --lead 住建局 --date 2025-06-30
save_reports "$SCRATCH/after-assign"
if diff -r "$SCRATCH/before" "$SCRATCH/after-assign" >"$SCRATCH/repro.diff"; then
  pass "past reports are unchanged by a later 转办 (assign)"
else
  fail "past reports are unchanged by a later 转办 (assign)" "$(head -n 30 "$SCRATCH/repro.diff")"
fi
json --as-of 2025-06-30 --period month
expect_group 城东区 "2 2 0 0 0 2 0 0 null" "June, after the assign on 06-29: 2025-0016 is 城东区's"

# ---------------------------------------------------------------- a broken task file
use_fixture report
printf 'id: [\n' >tasks/2025/2025-0099.yaml
run report --period year --format csv
expect_exit 3 "a task file that does not parse: exit 3"
expect_stderr_contains "2025-0099.yaml"
expect_stdout_line "total,16,15,10,5,5,6,1,0.6250,0.4545,2,1,1,0,1.0000" "…and the report of all other files is printed"

# ---------------------------------------------------------------- a task closed before the period and reopened in it
# Closed 03-20, returned 04-10, closed again (late) 04-20: work of April, so
# April's total has it, and 交办总数 = 办结 + 在办 holds.
new_workspace 市发改委
d add 复查不合格的事项 --kind instruction --lead 市发改委 --due 2025-03-31 --date 2025-03-01
d "done" 2025-0001 --date 2025-03-20
d return 2025-0001 不合格 --date 2025-04-10 --due 2025-04-15
d add 四月新事项 --kind instruction --lead 市发改委 --due 2025-04-30 --date 2025-04-02
run report --format json --as-of 2025-04-30
expect_totals "2 1 0 0 0 2 1 0 0" "returned in April, open at its end: in total and open"
expect_schema "reopened task: total = closed + open"
d "done" 2025-0001 --date 2025-04-20
d "done" 2025-0002 --date 2025-04-25
run report --format json --as-of 2025-04-30
expect_totals "2 1 2 1 1 0 0 1 0.5" "closed again in April: completion 100%, not 200%"
expect_schema "reopened and closed again: the rates stay within [0, 1]"

# ---------------------------------------------------------------- satisfaction: proposals and hotline tickets
# SPEC §9: 满意率 = (满意 + 基本满意) / rated closings, for rated proposals and
# hotline tickets, in every format. May: a hotline ticket rated 不满意, one
# 基本满意, an NPC proposal 满意, an unrated ticket; one rated in April (outside).
new_workspace 城东区 市住建局
d add '12345 反映噪声扰民' --kind hotline --lead 城东区 --date 2025-05-06
d "done" 2025-0001 --rating 不满意 --date 2025-05-09
d add '12345 反映路灯不亮' --kind hotline --lead 城东区 --date 2025-05-07
d "done" 2025-0002 --rating 基本满意 --date 2025-05-12
d add '12345 反映井盖缺失' --kind hotline --lead 城东区 --date 2025-05-08
d "done" 2025-0003 --date 2025-05-13
d add 关于加快老旧小区改造的建议 --kind npc --lead 市住建局 --date 2025-03-03
d "done" 2025-0004 --rating 满意 --date 2025-05-20
d add '12345 反映占道经营' --kind hotline --lead 城东区 --date 2025-04-01
d "done" 2025-0005 --rating 不满意 --date 2025-04-03
json --period month --as-of 2025-05-31
expect_json "[d['satisfaction'][k] for k in ('rated', 'satisfied', 'basically_satisfied', 'dissatisfied', 'satisfaction_rate')]" \
  "3 1 1 1 0.6667"
expect_json "[(k['kind'], k['rated'], k['satisfaction_rate']) for k in d['satisfaction']['kinds']]" \
  "('npc', 1, 1) ('hotline', 2, 0.5)"
expect_json "[(g['key'], g['rated'], g['dissatisfied'], g['satisfaction_rate']) for g in d['groups']]" \
  "('城东区', 2, 1, 0.5) ('市住建局', 1, 0, 1)"
expect_json "d['totals']['satisfaction_rate']" 0.6667
run report --as-of 2025-05-31
expect_stdout_contains "办结事项中 3 件有满意度评价，满意率 66.7%。" "text: the overview gives 满意率"
expect_stdout_line "四、办理满意度"
expect_stdout_match '^便民热线 +0 +1 +1 +2 +50\.0%$' "text: hotline tickets rated"
expect_stdout_match '^人大代表建议 +1 +0 +0 +1 +100\.0%$' "text: the proposal rated"
expect_stdout_match '^合计 +1 +1 +1 +3 +66\.7%$' "text: all rated closings"
run report --as-of 2025-05-31 --lang en
expect_stdout_contains "Satisfaction rate 66.7% (3 rated)."
run report --as-of 2025-05-31 --format md
expect_stdout_match '^\| 便民热线 +\| +0 \| +1 \| +1 \| +2 \| +50\.0% \|$' "md: hotline tickets rated"
run report --as-of 2025-05-31 --format csv
expect_stdout_line "unit,total,new,closed,closed_on_time,closed_late,open,overdue,completion_rate,on_time_rate,rated,satisfied,basically_satisfied,dissatisfied,satisfaction_rate"
expect_stdout_line "城东区,3,3,3,3,0,0,0,1.0000,1.0000,2,0,1,1,0.5000" "csv: the unit's rated tickets"
expect_stdout_line "total,4,3,4,4,0,0,0,1.0000,1.0000,3,1,1,1,0.6667" "csv: all rated closings"
run report --as-of 2025-05-31 --format csv --by kind
expect_stdout_line "hotline,3,3,3,3,0,0,0,1.0000,1.0000,2,0,1,1,0.5000" "csv --by kind: hotline 满意率"
run report --as-of 2025-05-31 --format html
expect_stdout_contains "<div class=\"card\">满意率<b>66.7%</b></div>" "html: a 满意率 card"
expect_stdout_contains "<h2>四、办理满意度</h2>"
expect_stdout_contains "<td>便民热线</td><td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">2</td><td class=\"n\">50.0%</td>"
json --period month --as-of 2025-04-30
expect_json "[(k['kind'], k['dissatisfied']) for k in d['satisfaction']['kinds']]" "('hotline', 1)"
json --period month --as-of 2025-06-30
expect_json "[d['satisfaction'][k] for k in ('rated', 'satisfaction_rate')]" "0 None"
expect_json "d['satisfaction']['kinds']" ""
run report --as-of 2025-06-30
expect_stdout_not_contains "满意" "nothing rated: no satisfaction section"

# ---------------------------------------------------------------- the overdue list names the lead unit of `to`
# Overdue at the end of January under 甲局, transferred to 乙局 in February: January's
# report lists it under 甲局 (SPEC §9: a group is the lead unit in force on `to`).
new_workspace 甲局 乙局
moved=$("$DUBAN" add 转办前超期 --kind special --due 2026-01-20 --lead 甲局 --date 2026-01-05 2>/dev/null)
run report --from 2026-01-01 --to 2026-01-31 --format json
cp "$OUT_FILE" "$SCRATCH/january-before.json"
"$DUBAN" -q assign "$moved" --lead 乙局 --date 2026-02-10 >/dev/null 2>&1
run report --from 2026-01-01 --to 2026-01-31 --format json
expect_json "[(o['id'], o['lead']) for o in d['overdue']]" "('$moved', '甲局')" "January's overdue list: 甲局, the lead of 01-31"
expect_same_file "$SCRATCH/january-before.json" "$OUT_FILE" "January's report is the same after the transfer"
run report --from 2026-01-01 --to 2026-01-31
expect_stdout_match "$moved +转办前超期 +甲局 " "the text table too"
run report --from 2026-02-01 --to 2026-02-28 --format json
expect_json "[o['lead'] for o in d['overdue']]" "乙局" "February's: 乙局"

# ---------------------------------------------------------------- an empty workspace
new_workspace
run report --format json
expect_exit 0
expect_schema "an empty workspace: valid JSON"
expect_totals "0 0 0 0 0 0 0 null null" "no tasks: zero counts, null rates"
run report
expect_stdout_contains "办结率 —，按时办结率 —" "no tasks: rates print as —"
expect_stdout_contains "无超期未办结事项。"

finish
