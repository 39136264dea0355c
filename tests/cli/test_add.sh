#!/usr/bin/env bash
# duban add (SPEC §4, §6, §7).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

new_workspace "${STD_UNITS[@]}"
export DUBAN_TODAY=2025-09-20   # a Saturday, ten days before the National Day holiday

# ---------------------------------------------------------------- the id alone on stdout
run add 推进城区热电联产项目建设 --kind instruction --lead 市发改委
expect_exit 0 "add exits 0"
expect_stdout_eq "2025-0001" "add prints only the id"
expect_stderr_empty "add prints nothing else"
expect_file_exists tasks/2025/2025-0001.yaml
run add 第二件事 --kind meeting
expect_stdout_eq "2025-0002" "ids count up"

# the whole file, canonical (SPEC §4 key order)
run add 全面推进老旧小区改造 --kind instruction --ref '市政府〔2025〕12号' --leader 张市长 \
  --lead 发改委 --co '财政局、住建局' --owner 李明 --cadence weekly --tag 重点 --listed \
  --milestone '完成设计@2025-09-30'
expect_stdout_eq "2025-0003"
check "the uid (32 random hex digits) comes right after the id" \
  bash -c "sed -n 2p tasks/2025/2025-0003.yaml | grep -Eqx 'uid: [0-9a-f]{32}'"
expect_file_eq tasks/2025/2025-0003.yaml "id: 2025-0003
$(sed -n 2p tasks/2025/2025-0003.yaml)
title: 全面推进老旧小区改造
kind: instruction
ref: 市政府〔2025〕12号
leader: 张市长
listed: true
lead: 市发改委
co:
  - 市财政局
  - 市住建局
owner: 李明
created: 2025-09-20
due: 2025-10-09
cadence: weekly
status: assigned
escalation: 0
tags:
  - 重点
milestones:
  - title: 完成设计
    due: 2025-09-30
log:
  - date: 2025-09-20
    type: assign
    to: 市发改委
    co:
      - 市财政局
      - 市住建局
    owner: 李明" "a full task file in the canonical format"
check "task file ends with a newline" test "$(tail -c 1 tasks/2025/2025-0003.yaml | od -An -c | tr -d ' ')" = '\n'
check "task file has no CR" bash -c "! grep -q $'\r' tasks/2025/2025-0003.yaml"

# without --lead: registered, no log
run add 待交办的事项 --kind instruction
f=$(task_file "$OUT")
expect_file_line "$f" "status: registered"
expect_file_no_line "$f" "log:"

# ---------------------------------------------------------------- default deadlines per kind
# due_of KIND…: add a task, print its due line
due_of() {
  run add "期限测试" "$@"
  if [[ "$RC" != 0 ]]; then echo "exit $RC: $ERR"; return; fi
  grep '^due: ' "$(task_file "$OUT")"
}
check "instruction: 15 days, off the National Day holiday → 2025-10-09" \
  test "$(due_of --kind instruction)" = "due: 2025-10-09"
check "meeting: 15 days → 2025-10-09" test "$(due_of --kind meeting)" = "due: 2025-10-09"
check "media (label 媒体反映): 15 days → 2025-10-09" test "$(due_of --kind 媒体反映)" = "due: 2025-10-09"
check "hotline: 5 working days → 2025-09-26" test "$(due_of --kind hotline)" = "due: 2025-09-26"
check "work-report: end of year" test "$(due_of --kind work-report)" = "due: 2025-12-31"
check "npc: 3 months → 2025-12-20 is a Saturday → 2025-12-22" test "$(due_of --kind npc)" = "due: 2025-12-22"
check "cppcc: 3 months → 2025-12-22" test "$(due_of --kind cppcc)" = "due: 2025-12-22"
check "petition: 60 days → 2025-11-19" test "$(due_of --kind petition)" = "due: 2025-11-19"
check "instruction from 2025-03-03 → 2025-03-18" \
  test "$(DUBAN_TODAY=2025-03-03 due_of --kind instruction)" = "due: 2025-03-18"
check "hotline from Thursday 2025-06-12 → 2025-06-19" \
  test "$(DUBAN_TODAY=2025-06-12 due_of --kind hotline)" = "due: 2025-06-19"
check "hotline counts the swapped working day 2025-09-28: from 2025-09-25 → 2025-10-09" \
  test "$(DUBAN_TODAY=2025-09-25 due_of --kind hotline)" = "due: 2025-10-09"
check "--within 10wd" test "$(due_of --kind special --within 10wd)" = "due: 2025-10-10"
check "--date overrides DUBAN_TODAY" test "$(due_of --kind instruction --date 2025-03-03)" = "due: 2025-03-18"

snapshot
run add 上级交办的事 --kind superior
expect_usage_error "superior without --due: exit 2"
expect_stderr_contains "--due"
run add 专项 --kind special
expect_usage_error "special without --due: exit 2"
run add 两个期限 --kind instruction --due 2025-12-01 --within 15d
expect_usage_error "--due and --within together: exit 2"
expect_unchanged "nothing written by refused adds"

# ---------------------------------------------------------------- --due forms
check "--due 2025-12-01" test "$(due_of --kind superior --due 2025-12-01)" = "due: 2025-12-01"
check "--due 2025/12/1" test "$(due_of --kind superior --due 2025/12/1)" = "due: 2025-12-01"
check "--due 2025.12.1" test "$(due_of --kind superior --due 2025.12.1)" = "due: 2025-12-01"
check "--due 2025年12月1日" test "$(due_of --kind superior --due 2025年12月1日)" = "due: 2025-12-01"
check "--due 2025/3/2 (registered 2025-01-10)" \
  test "$(DUBAN_TODAY=2025-01-10 due_of --kind superior --due 2025/3/2)" = "due: 2025-03-02"
check "--due 2025年3月2日 (registered 2025-01-10)" \
  test "$(DUBAN_TODAY=2025-01-10 due_of --kind superior --due 2025年3月2日)" = "due: 2025-03-02"
check "--due +10wd skips the holiday, counts 2025-09-28" \
  test "$(due_of --kind superior --due +10wd)" = "due: 2025-10-10"
check "--due eom" test "$(due_of --kind superior --due eom)" = "due: 2025-09-30"
check "--due eoq" test "$(due_of --kind superior --due eoq)" = "due: 2025-09-30"
check "--due eoy" test "$(due_of --kind superior --due eoy)" = "due: 2025-12-31"
check "--due +3m moved off Saturday" test "$(due_of --kind superior --due +3m)" = "due: 2025-12-22"
check "--due +15d moved off the holiday" test "$(due_of --kind superior --due +15d)" = "due: 2025-10-09"

# bad dates: exit 2, nothing written
snapshot
for bad in 2025-13-45 2025-02-30 tomorrowish 2025/3 '+x' ''; do
  run add 日期错误 --kind superior --due "$bad"
  expect_usage_error "--due '$bad': exit 2"
done
expect_stderr_contains "--due"
run add 日期错误 --kind superior --due 2025-03-02
expect_data_error "before the registration date" "deadline before the registration date: exit 3"
run add 里程碑错误 --kind instruction --milestone '完成设计'
expect_usage_error "--milestone without @DATE: exit 2"
run add 里程碑错误 --kind instruction --milestone '完成设计@2025-99-01'
expect_usage_error "--milestone with a bad date: exit 2"
expect_unchanged "nothing written by bad dates"

# ---------------------------------------------------------------- other options
run add 多个配合单位 --kind instruction --lead 住建局 --co 财政局 --co 发改委,城东区
f=$(task_file "$OUT")
expect_file_tail "$f" "    co:
      - 市财政局
      - 市发改委
      - 城东区" "--co repeated and comma-separated, canonical, in order"
run add 配合单位含牵头 --kind instruction --lead 住建局 --co '住建局、财政局、财政局'
f=$(task_file "$OUT")
check "the lead is not repeated among co-units, no duplicates" \
  test "$(awk '/^co:/{f=1;next} /^[a-z]/{f=0} f' "$f")" = "  - 市财政局"

run add 两个里程碑 --kind work-report --lead 住建局 --milestone '完成设计@2025-10-31' --milestone '开工@2025年11月14日'
f=$(task_file "$OUT")
expect_file_tail "$f" "milestones:
  - title: 完成设计
    due: 2025-10-31
  - title: 开工
    due: 2025-11-14
log:
  - date: 2025-09-20
    type: assign
    to: 市住建局" "two milestones, in order"

run add 挂牌 --kind instruction --listed --tag 重点 --tag 民生
f=$(task_file "$OUT")
expect_file_line "$f" "listed: true"
expect_file_line "$f" "  - 重点"
expect_file_line "$f" "  - 民生"
run add 不挂牌 --kind instruction
expect_file_line "$(task_file "$OUT")" "listed: false"

run add 月报 --kind work-report --cadence monthly
expect_file_line "$(task_file "$OUT")" "cadence: monthly"
run add 坏周期 --kind work-report --cadence daily
expect_usage_error "--cadence daily: exit 2"
run add 无牵头配合 --kind instruction --co 财政局
expect_usage_error "--co without --lead: exit 2"

run add 中文来源 --kind 领导批示
expect_file_line "$(task_file "$OUT")" "kind: instruction" "kind given by its Chinese label"
snapshot
run add 来源错误 --kind memo
expect_data_error "unknown kind 'memo'" "unknown kind: exit 3"
expect_stderr_contains "instruction"
run add 缺来源
expect_usage_error "missing --kind: exit 2"
expect_stderr_contains "--kind"
run add --kind instruction
expect_usage_error "missing TITLE: exit 2"
run add '   ' --kind instruction
expect_usage_error "blank TITLE: exit 2"
expect_unchanged

# ---------------------------------------------------------------- units
snapshot
run add 未知单位 --kind instruction --lead 市发展委
expect_data_error "unknown unit '市发展委'" "unknown lead unit: exit 3"
expect_stderr_contains "did you mean 市发改委"
run add 未知配合单位 --kind instruction --lead 市发改委 --co 市财政厅
expect_data_error "市财政厅" "unknown co-unit: exit 3"
expect_stderr_contains "did you mean 市财政局"
expect_unchanged "unknown units: nothing written, units.yaml untouched"

run add 新单位 --kind instruction --lead 市水务局 --co 市园林局 --add-units
expect_exit 0 "--add-units"
f=$(task_file "$OUT")
expect_file_line "$f" "lead: 市水务局"
expect_file_line "$f" "  - 市园林局"
expect_file_line units.yaml "  - name: 市水务局" "--add-units adds the lead to units.yaml"
expect_file_line units.yaml "  - name: 市园林局" "--add-units adds the co-unit to units.yaml"
expect_stderr_contains "市水务局"
run add 已知 --kind instruction --lead 市水务局
expect_exit 0 "the added unit is known afterwards"

# ---------------------------------------------------------------- --dry-run
snapshot
next=$(printf '2025-%04d' $(($(ls tasks/2025 | wc -l) + 1)))
run add 试运行 --kind instruction --lead 发改委 --dry-run
expect_exit 0 "--dry-run exits 0"
expect_stdout_eq "$next" "--dry-run prints the id it would use"
expect_stderr_contains "title: 试运行"
expect_unchanged "--dry-run writes nothing"
run add 试运行 --kind instruction --lead 市不存在局 --add-units -n
expect_exit 0
expect_unchanged "--dry-run --add-units writes nothing, not even units.yaml"
run add 试运行 --kind instruction
expect_stdout_eq "$next" "the id is not consumed by --dry-run"

# ---------------------------------------------------------------- years and prefixes
run_env DUBAN_TODAY=2026-01-05 -- add 新年第一件 --kind instruction
expect_stdout_eq "2026-0001" "a new year restarts at 0001"
expect_file_exists tasks/2026/2026-0001.yaml
expect_file_line tasks/2026/2026-0001.yaml "created: 2026-01-05"
run_env DUBAN_TODAY=2026-01-06 -- add 新年第二件 --kind instruction
expect_stdout_eq "2026-0002"
run add 又回到今年 --kind instruction --date 2025-12-30
expect_stdout_eq "$(printf '2025-%04d' $(($(ls tasks/2025 | wc -l))))" "2025 continues its own sequence"
check "2025 sequence does not see 2026" test -f "tasks/2025/$OUT.yaml"

mkdir -p .duban
echo 'id_prefix: B' >.duban/local.yaml
run add 第二台电脑 --kind instruction
expect_stdout_eq "2025-B0001" "id_prefix B gives 2025-B0001"
expect_file_exists tasks/2025/2025-B0001.yaml
expect_file_line tasks/2025/2025-B0001.yaml "id: 2025-B0001"
run add 第二台电脑又一件 --kind instruction
expect_stdout_eq "2025-B0002"
run show 2025-B0002 --format json
expect_json "d[0]['id']" 2025-B0002
rm .duban/local.yaml
n=$(find tasks/2025 -name "2025-[0-9]*.yaml" | wc -l)
run add 第一台电脑 --kind instruction
expect_stdout_eq "$(printf '2025-%04d' $((n + 1)))" "without a prefix, B ids do not disturb the sequence"
echo 'id_prefix: b1' >.duban/local.yaml
snapshot
run add 坏前缀 --kind instruction
expect_exit 3 "an invalid id_prefix: exit 3"
expect_stderr_contains "id_prefix"
expect_unchanged
rm .duban/local.yaml
run check
expect_exit 0 "the workspace is valid after all this"

finish
