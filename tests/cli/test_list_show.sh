#!/usr/bin/env bash
# duban list and duban show on the office-small fixture (SPEC §7, §8, §11).
# As of 2025-10-15 the fixture holds (by due date):
#   0001 done      instruction  市发改委  due 2025-04-30 (extended)  listed, 重点, 张市长
#   0003 done      hotline      城东区    2025-06-19
#   0011 cancelled npc          城东区    2025-06-20
#   0004 active    npc          市城管局  2025-07-01  red (106 days), co 市发改委, 民生
#   0005 done      cppcc        市城管局  2025-08-06
#   0006 assigned  meeting      城东区    2025-09-16  red (29 days), 王副市长, escalation 1
#   0009 assigned  media        市城管局  2025-10-24
#   0012 active    instruction  市财政局  2025-10-28  co 市发改委, 李书记, owner 周敏
#   0007 assigned  superior     市水务局  2025-10-31  listed, 防汛, 重点
#   0010 registered petition    —         2025-12-09
#   0008 suspended special      市发改委  2025-12-15  张市长
#   0002 active    work-report  市住建局  2025-12-31  co 市水务局, 民生
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

use_fixture office-small
export DUBAN_TODAY=2025-10-15
OPEN="2025-0004 2025-0006 2025-0009 2025-0012 2025-0007 2025-0010 2025-0008 2025-0002"

# ---------------------------------------------------------------- text table
run list
expect_exit 0 "list exits 0"
expect_stderr_empty
expect_stdout_match '^编号 +状态 +亮灯 +来源 +事项 +牵头单位 +责任人 +办结时限$' "zh header line"
expect_stdout_match '^2025-0004 +办理中 +红灯 +人大代表建议 +关于加快城市停车设施建设的建议 +市城管局 +2025-07-01$' "row of 0004"
expect_stdout_match '^2025-0012 +办理中 +绿灯 +领导批示 +统筹推进城市更新项目前期工作 +市财政局 +周敏 +2025-10-28$' "row of 0012"
expect_stdout_match '^2025-0008 +暂缓 +专项督查 +营商环境问题专项整改 +市发改委 +2025-12-15$' "suspended: no light"
expect_stdout_match '^2025-0010 +立项 +绿灯 +信访 +某小区物业纠纷信访事项 +2025-12-09$' "registered, no lead"
expect_stdout_line "共 8 项" "count line"
check "default list: open tasks only, by due date" \
  test "$(grep -o '^2025-[0-9]*' "$OUT_FILE" | tr '\n' ' ')" = "$OPEN "
expect_stdout_not_contains 2025-0001 "done task not listed by default"
expect_stdout_not_contains 2025-0011 "cancelled task not listed by default"
# columns line up although titles are Chinese (wide) and of different lengths
expect_aligned 状态 办理中 已交办 立项 暂缓
expect_aligned 来源 人大代表建议 会议决定事项 媒体反映 上级交办 信访 专项督查 政府工作报告
expect_aligned 事项 关于加快城市停车设施建设的建议 落实全市安全生产工作会议部署 江滨路路面塌陷 某小区物业纠纷信访事项
expect_aligned 牵头单位 市城管局 城东区 市财政局 市水务局 市发改委 市住建局
expect_aligned 办结时限 2025-07-01 2025-09-16 2025-10-24 2025-10-28 2025-10-31 2025-12-09 2025-12-15 2025-12-31
expect_no_escape_bytes "no escape bytes when piped"
check "no trailing spaces" bash -c "! grep -q ' \$' '$OUT_FILE'"

run list --color never
expect_no_escape_bytes "--color never"
run list --color always
expect_exit 0
check "--color always adds escape bytes" grep -q $'\x1b\\[' "$OUT_FILE"
run_env NO_COLOR=1 -- list --color always
check "--color always wins over NO_COLOR" grep -q $'\x1b\\[' "$OUT_FILE"
for fmt in csv md json; do
  run list --format "$fmt" --color always
  expect_no_escape_bytes "--color always does not colour --format $fmt"
done
run list --color sometimes
expect_usage_error "--color sometimes: exit 2"
if command -v script >/dev/null; then
  script -qec "'$DUBAN' list" /dev/null >"$OUT_FILE" 2>&1 </dev/null
  LAST_CMD="duban list (on a terminal)"
  check "auto: colour on a terminal" grep -q $'\x1b\\[' "$OUT_FILE"
  NO_COLOR=1 script -qec "'$DUBAN' list" /dev/null >"$OUT_FILE" 2>&1 </dev/null
  LAST_CMD="NO_COLOR=1 duban list (on a terminal)"
  expect_no_escape_bytes "auto: no colour on a terminal with NO_COLOR"
fi

run list --lang en
expect_stdout_match '^ID +Status +Light +Kind +Title +Lead +Owner +Due$' "en header line"
expect_stdout_match '^2025-0004 +active +red +npc +关于加快城市停车设施建设的建议 +市城管局 +2025-07-01$'
expect_aligned Title 关于加快城市停车设施建设的建议 江滨路路面塌陷
expect_aligned Due 2025-07-01 2025-12-31

# yellow window: 0009 (due 10-24) is yellow as of 2025-10-22
run list --as-of 2025-10-22 --format csv
expect_stdout_line "2025-0009,assigned,yellow,media,江滨路路面塌陷,市城管局,,2025-10-24" "yellow as of 2025-10-22"
expect_stdout_line "2025-0012,active,green,instruction,统筹推进城市更新项目前期工作,市财政局,周敏,2025-10-28"
run list --as-of 2025-10-24 --format csv
expect_stdout_match '^2025-0009,assigned,yellow,' "the deadline day itself is not red"
run list --as-of 2025-10-25 --format csv
expect_stdout_match '^2025-0009,assigned,red,' "the day after the deadline is red"

# ---------------------------------------------------------------- filters
run list --status all --format csv
expect_csv_ids 2025-0001 2025-0003 2025-0011 2025-0004 2025-0005 2025-0006 2025-0009 2025-0012 2025-0007 2025-0010 2025-0008 2025-0002
run list --status "done" --format csv
expect_csv_ids 2025-0001 2025-0003 2025-0005
run list --status done,cancelled --format csv
expect_csv_ids 2025-0001 2025-0003 2025-0011 2025-0005
run list --status assigned --format csv
expect_csv_ids 2025-0006 2025-0009 2025-0007
run list --status suspended --format csv
expect_csv_ids 2025-0008
run list --status finished
expect_usage_error "--status finished: exit 2"
run list --lead 市发改委 --status all --format csv
expect_csv_ids 2025-0001 2025-0008
run list --lead 发改委 --status all --format csv
expect_csv_ids 2025-0001 2025-0008
run list --lead 市发展和改革委员会 --format csv
expect_csv_ids 2025-0008
run list --lead 东区 --status all --format csv
expect_csv_ids 2025-0003 2025-0011 2025-0006
run list --unit 市发改委 --status all --format csv
expect_csv_ids 2025-0001 2025-0004 2025-0012 2025-0008
run list --unit 水务局 --format csv
expect_csv_ids 2025-0007 2025-0002
run list --lead 市不存在局
expect_data_error "unknown unit" "--lead with an unknown unit: exit 3"
run list --kind npc --status all --format csv
expect_csv_ids 2025-0011 2025-0004
run list --kind 人大代表建议 --status all --format csv
expect_csv_ids 2025-0011 2025-0004
run list --kind 领导批示 --status all --format csv
expect_csv_ids 2025-0001 2025-0012
run list --kind memo
expect_data_error "unknown kind" "--kind memo: exit 3"
run list --leader 张市长 --status all --format csv
expect_csv_ids 2025-0001 2025-0008
run list --leader 王副市长 --format csv
expect_csv_ids 2025-0006
run list --tag 重点 --status all --format csv
expect_csv_ids 2025-0001 2025-0007
run list --tag 民生 --format csv
expect_csv_ids 2025-0004 2025-0002
run list --listed --format csv
expect_csv_ids 2025-0007
run list --listed --status all --format csv
expect_csv_ids 2025-0001 2025-0007
run list --due-before 2025-10-01 --format csv
expect_csv_ids 2025-0004 2025-0006
run list --due-before 2025-09-16 --format csv
expect_csv_ids 2025-0004
run list --due-after 2025-10-28 --format csv
expect_csv_ids 2025-0007 2025-0010 2025-0008 2025-0002
run list --due-after 2025-10-01 --due-before 2025/11/1 --format csv
expect_csv_ids 2025-0009 2025-0012 2025-0007
run list --due-before 2025-99-99
expect_usage_error "--due-before with a bad date: exit 2"
run list --text 停车 --format csv
expect_csv_ids 2025-0004
run list --text 已召开协调会 --format csv
expect_csv_ids 2025-0012
run list --text 12345 --status all --format csv
expect_csv_ids 2025-0003
run list --text 市政府〔2025〕 --status all --format csv
expect_csv_ids 2025-0001
run list --unit 市发改委 --kind instruction --status all --format csv
expect_csv_ids 2025-0001 2025-0012
run list --text 没有这样的事项
expect_exit 0 "no match: exit 0"
expect_stdout_line "共 0 项"

# ---------------------------------------------------------------- formats
run list --format csv
# Machine output: English keys and raw values, as in JSON; the ★ that marks a
# listed task in the text table is not part of the data.
expect_stdout_eq "id,status,light,kind,title,lead,owner,due
2025-0004,active,red,npc,关于加快城市停车设施建设的建议,市城管局,,2025-07-01
2025-0006,assigned,red,meeting,落实全市安全生产工作会议部署,城东区,,2025-09-16
2025-0009,assigned,green,media,江滨路路面塌陷,市城管局,,2025-10-24
2025-0012,active,green,instruction,统筹推进城市更新项目前期工作,市财政局,周敏,2025-10-28
2025-0007,assigned,green,superior,汛期防汛物资储备核查,市水务局,,2025-10-31
2025-0010,registered,green,petition,某小区物业纠纷信访事项,,,2025-12-09
2025-0008,suspended,,special,营商环境问题专项整改,市发改委,,2025-12-15
2025-0002,active,green,work-report,整治老旧小区雨污混接问题,市住建局,,2025-12-31" "csv, whole output"
run list --format csv --lang en
expect_stdout_match '^id,status,light,kind,title,lead,owner,due$' "csv header: the same keys in English"
run list --format csv --headers zh
expect_stdout_match '^编号,状态,亮灯,来源,事项,牵头单位,责任人,办结时限$' "csv header in Chinese on request"
expect_stdout_match '^2025-0004,active,red,npc,' "--headers zh: raw values"

run list --format md
expect_exit 0
expect_stdout_match '^\| 编号 +\| 状态 +\| 亮灯 +\| 来源 +\| 事项 +\| 牵头单位 +\| 责任人 +\| 办结时限 +\|$' "md header"
expect_stdout_match '^\| -+ \| -+ \| -+ \| -+ \| -+ \| -+ \| -+ \| -+ \|$' "md separator"
expect_stdout_match '^\| 2025-0004 +\| 办理中 +\| 红灯 +\| 人大代表建议 +\| 关于加快城市停车设施建设的建议 +\| 市城管局 +\| +\| 2025-07-01 +\|$'
check "md: a header, a separator and 8 rows" test "$(grep -c '^|' "$OUT_FILE")" -eq 10

run list --format json
expect_exit 0
expect_stdout_json "list --format json is valid JSON"
expect_json "len(d)" 8
expect_json "[t['id'] for t in d]" "$OPEN"
expect_json "all(k in t for t in d for k in ('id','title','kind','lead','due','status','log','light','days_overdue'))" true
expect_json "d[0]['title']" 关于加快城市停车设施建设的建议
expect_json "d[0]['kind']" npc
expect_json "d[0]['lead']" 市城管局
expect_json "d[0]['co']" 市发改委
expect_json "d[0]['due']" 2025-07-01
expect_json "d[0]['status']" active
expect_json "d[0]['light']" red
expect_json "d[0]['days_overdue']" 106
expect_json "d[1]['days_overdue']" 29
expect_json "d[1]['escalation']" 1
expect_json "d[2]['light']" green
expect_json "d[2]['days_overdue']" 0
expect_json "[e['type'] for e in d[0]['log']]" "assign progress"
expect_json "d[0]['log'][1]['text']" 已梳理停车缺口
expect_json "d[4]['listed']" true
expect_json "d[4]['title']" 汛期防汛物资储备核查
expect_json "d[4]['tags']" "防汛 重点"
run list --format json --as-of 2025-10-22
expect_json "[t['light'] for t in d if t['id']=='2025-0009'][0]" yellow
run list --format json --text 没有这样的事项
expect_stdout_json "empty list is valid JSON"
expect_json "len(d)" 0

run list --format xml
expect_usage_error "--format xml: exit 2"
run list --sort created --format csv
expect_csv_ids 2025-0002 2025-0004 2025-0008 2025-0006 2025-0007 2025-0009 2025-0010 2025-0012
run list --sort lead --status all --lead 城东区 --format csv
expect_csv_ids 2025-0003 2025-0006 2025-0011

# ---------------------------------------------------------------- show
run show 2025-0001
expect_exit 0 "show"
expect_stdout_eq "2025-0001  推进城区热电联产项目建设
  状态      已办结
  来源      领导批示
  文号      市政府〔2025〕12号
  批示领导  张市长
  牵头单位  市发改委
  配合单位  市财政局、市住建局
  责任人    李明
  立项日期  2025-03-03
  办结时限  2025-04-30  (原 2025-03-18, 延期 1 次)
  反馈要求  每周
  挂牌督办  是
  标签      重点
  办理过程
    2025-03-03  交办  市发改委  配合 市财政局、市住建局  责任人 李明
    2025-03-10  反馈  市发改委：已完成可研批复，正在推进用地审批。  30%
    2025-03-15  延期  2025-03-18 → 2025-04-30  用地审批尚未完成
    2025-04-25  办结  项目已开工建设" "show 2025-0001, whole text"
expect_no_escape_bytes

run show 6
expect_exit 0 "show with the short id"
expect_stdout_line "2025-0006  落实全市安全生产工作会议部署"
expect_stdout_line "  状态      已交办 · 红灯 · 超期 29 天"
expect_stdout_line "  升级督办  1 整改通知"
expect_stdout_line "    2025-09-20  升级  1 整改通知  超期未反馈"

run show 2025-0006 --lang en
expect_exit 0
expect_stdout_line "  Status      assigned · red · 29 days overdue" "--lang en status line"
expect_stdout_match '^  Kind +meeting$'
expect_stdout_match '^  Lead +城东区$'
expect_stdout_match '^  Due +2025-09-16$'
expect_stdout_match '^  History$'
expect_stdout_not_contains "牵头单位" "no Chinese labels with --lang en"

sed -i 's/^lang: zh$/lang: en/' duban.yaml
run show 2025-0006
expect_stdout_match '^  Lead +城东区$' "lang: en in duban.yaml"
run show 2025-0006 --lang zh
expect_stdout_match '^  牵头单位 +城东区$' "--lang zh overrides duban.yaml"
sed -i 's/^lang: en$/lang: zh/' duban.yaml

run show 2025-0002
expect_stdout_contains "完成排查" "show lists milestones"

run show 2025-0004 --format json
expect_stdout_json "show --format json is valid JSON"
expect_json "len(d)" 1 "show ID --format json: an array of one"
expect_json "d[0]['id']" 2025-0004
expect_json "d[0]['ref']" 第123号
expect_json "d[0]['light']" red
expect_json "d[0]['days_overdue']" 106
expect_json "d[0]['created']" 2025-04-01
expect_json "d[0]['log'][0]['to']" 市城管局
run show 2025-0001 --format json
expect_json "d[0]['light']" null
expect_json "d[0]['log'][2]['type']" extend
expect_json "d[0]['log'][2]['from']" 2025-03-18
run show 1 2 --format json
expect_json "[t['id'] for t in d]" "2025-0001 2025-0002"
run show 1 2
expect_stdout_line "2025-0002  整治老旧小区雨污混接问题" "show of two ids shows both"
expect_stdout_line "2025-0001  推进城区热电联产项目建设"
run show 2025-0004 --format csv
expect_usage_error "show --format csv: exit 2"
run show 2025-0099
expect_data_error "no task 2025-0099" "show of an unknown id: exit 3"

# ---------------------------------------------------------------- terminal escapes in the data
sed 's/^id: 2025-0009$/id: 2025-0013/; s/^title: .*/title: "恶意\\e[31m标题\\a"/' tasks/2025/2025-0009.yaml \
  >tasks/2025/2025-0013.yaml
for fmt in text md csv; do
  run list --format "$fmt"
  expect_stdout_contains "2025-0013" "list --format $fmt shows the task"
  expect_no_escape_bytes "list --format $fmt: control characters from a file are neutralised"
done
run show 2025-0013
expect_no_escape_bytes "show: control characters from a file are neutralised"
run list --format json
expect_no_escape_bytes "json escapes control characters"
expect_json "[t['title'] for t in d if t['id']=='2025-0013'][0] == '恶意\x1b[31m标题\x07'" true
rm tasks/2025/2025-0013.yaml

# ---------------------------------------------------------------- a broken task file
printf 'id: 2025-0013\ntitle: [未闭合\nkind: media\n' >tasks/2025/2025-0013.yaml
run list --format csv
expect_exit 3 "a broken file: exit 3"
check "the other tasks are still listed" \
  test "$(tail -n +2 "$OUT_FILE" | cut -d, -f1 | tr '\n' ' ')" = "$OPEN "
expect_stderr_match '^duban: error: tasks/2025/2025-0013\.yaml:[0-9]+: ' "stderr names the file and line"
run list
expect_exit 3
expect_stdout_line "共 8 项" "text list still complete"
run show 2025-0004
expect_exit 0 "show of another task is unaffected"
run show 2025-0013
expect_exit 3 "show of the broken task: exit 3"
expect_stderr_contains "tasks/2025/2025-0013.yaml:"
printf '\x00\x01\xff\xfe binary junk' >tasks/2025/2025-0014.yaml
run list --status all --format json
expect_exit 3 "binary junk: exit 3, no crash"
expect_stdout_json
expect_json "len(d)" 12
expect_stderr_contains "2025-0014.yaml"
rm tasks/2025/2025-0013.yaml tasks/2025/2025-0014.yaml
# deep nesting and an aliases bomb in an otherwise valid file: an error or a
# refusal, never a crash or a blow-up
"$PYTHON" - <<'PY'
base = open("tasks/2025/2025-0010.yaml", encoding="utf-8").read()
open("tasks/2025/2025-0013.yaml", "w", encoding="utf-8").write(
    base.replace("2025-0010", "2025-0013") + "deep: " + "[" * 50000 + "]" * 50000 + "\n")
bomb = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
for i in range(1, 10):
    bomb += f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]\n"
open("tasks/2025/2025-0014.yaml", "w", encoding="utf-8").write(
    base.replace("2025-0010", "2025-0014") + bomb)
PY
LAST_CMD="duban list --status all --format csv (deep nesting, aliases bomb)"
# At most 2 GB: by address space, or under AddressSanitizer (which reserves
# terabytes of shadow address space) by resident memory.
if [[ -n "${DUBAN_SANITIZED:-}" ]]; then
  ASAN_OPTIONS="${ASAN_OPTIONS:-}:hard_rss_limit_mb=2000" timeout 60 "$DUBAN" list --status all --format csv
else
  (ulimit -v 2000000; timeout 20 "$DUBAN" list --status all --format csv)
fi >"$OUT_FILE" 2>"$ERR_FILE"
RC=$?
check "deep nesting / aliases bomb: exit 0 or 3, no crash or timeout (exit $RC)" test "$RC" -eq 0 -o "$RC" -eq 3
expect_stderr_match '^duban: error: tasks/2025/2025-0013\.yaml:[0-9]+: ' "deep nesting is reported with file and line"
check "the other tasks are still listed" grep -q '^2025-0012,' "$OUT_FILE"
rm tasks/2025/2025-0013.yaml tasks/2025/2025-0014.yaml
run list
expect_exit 0 "clean again"

# ---------------------------------------------------------------- lights (SPEC §8)
new_workspace "${STD_UNITS[@]}"
export DUBAN_TODAY=2025-09-01
run add 有阶段目标 --kind work-report --lead 住建局 --milestone '完成设计@2025-09-30'
run add 普通事项 --kind superior --due 2025-10-10 --lead 财政局
light_of() {  # light_of ID AS-OF
  run list --status all --as-of "$2" --format json
  json_eval "[t['light'] for t in d if t['id']=='$1'][0]"
}
check "an unfinished milestone past its date makes the task red" test "$(light_of 2025-0001 2025-10-01)" = red
check "a milestone within 3 days: yellow" test "$(light_of 2025-0001 2025-09-27)" = yellow
check "a milestone 4 days ahead: green" test "$(light_of 2025-0001 2025-09-26)" = green
check "the deadline day itself: yellow, not red" test "$(light_of 2025-0002 2025-10-10)" = yellow
check "deadline in 3 days: yellow" test "$(light_of 2025-0002 2025-10-07)" = yellow
check "deadline in 4 days: green" test "$(light_of 2025-0002 2025-10-06)" = green
check "the day after the deadline: red" test "$(light_of 2025-0002 2025-10-11)" = red
run list --as-of 2025-10-13 --format json
expect_json "[t['days_overdue'] for t in d if t['id']=='2025-0002'][0]" 3
sed -i 's/^yellow_days: 3$/yellow_days: 5/' duban.yaml
check "yellow_days: 5 in duban.yaml widens the window" test "$(light_of 2025-0002 2025-10-05)" = yellow
run progress 2025-0001 设计完成 --milestone 1 --date 2025-09-29
check "a reached milestone no longer counts" test "$(light_of 2025-0001 2025-10-01)" = green
run "done" 2025-0002 --date 2025-10-12
check "a closed task has no light" test "$(light_of 2025-0002 2025-10-20)" = null

finish
