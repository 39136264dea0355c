#!/usr/bin/env bash
# duban init and duban units (SPEC §3, §5, §7).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ---------------------------------------------------------------- init
cd "$SCRATCH" || exit 2
run init office
expect_exit 0 "init exits 0"
expect_stdout_eq "initialised a duban workspace in $SCRATCH/office"
expect_file_exists office/duban.yaml
expect_file_exists office/units.yaml
for y in 2024 2025 2026; do
  expect_file_exists "office/calendar/$y.yaml"
  expect_same_file "$DUBAN_SOURCE_DIR/examples/calendar/$y.yaml" "office/calendar/$y.yaml" \
    "calendar/$y.yaml is the shipped calendar"
done
check "init creates tasks/" test -d office/tasks
expect_file_line office/.gitignore ".duban"
expect_file_line office/duban.yaml "office: 督查室"
expect_file_line office/duban.yaml "lang: zh"
expect_file_line office/duban.yaml "yellow_days: 3"
expect_file_line office/duban.yaml "late_threshold: 3"
expect_file_line office/duban.yaml "  weekly: friday"
expect_file_line office/duban.yaml "  monthly: 5"
expect_file_line office/duban.yaml "  hotline:"
expect_file_line office/duban.yaml "    due: 5wd"
expect_file_line office/units.yaml "units: []"

# init again: refused, nothing changed
snapshot office
run init office
expect_data_error "already a duban workspace" "second init: exit 3"
expect_unchanged "second init changes nothing" office

# init in the current directory (no DIR), --office, and an existing .gitignore kept
mkdir -p "$SCRATCH/here"
cd "$SCRATCH/here" || exit 2
printf 'build/\n*.tmp' >.gitignore
run init --office 江北市人民政府督查室
expect_exit 0 "init without DIR"
expect_file_line duban.yaml "office: 江北市人民政府督查室"
expect_file_line .gitignore "build/" ".gitignore keeps its old lines"
expect_file_line .gitignore "*.tmp"
expect_file_line .gitignore ".duban"
check ".duban is listed once" test "$(grep -c '^\.duban$' .gitignore)" -eq 1
run init .
expect_exit 3 "init . in a workspace: exit 3"
check ".gitignore still lists .duban once" test "$(grep -c '^\.duban$' .gitignore)" -eq 1

# --dir on init
cd "$SCRATCH" || exit 2
run --dir "$SCRATCH/viadir" init
expect_exit 0 "init with --dir"
expect_file_exists "$SCRATCH/viadir/duban.yaml"

# ---------------------------------------------------------------- units add / list
new_workspace
run units add 市发改委 --alias 发改委 --alias 市发展和改革委员会 --kind department --liaison 王芳 --phone 0571-87001234
expect_exit 0 "units add"
expect_stdout_eq "市发改委"
run units add 市财政局 --alias 财政局 --short 财政
expect_exit 0
run units add 城东区 --kind county
expect_exit 0
expect_file_eq units.yaml "# Units (单位): name is what tasks store; any alias is accepted as input.
units:
  - name: 市发改委
    aliases:
      - 发改委
      - 市发展和改革委员会
    kind: department
    liaison: 王芳
    phone: 0571-87001234
  - name: 市财政局
    short: 财政
    aliases:
      - 财政局
  - name: 城东区
    kind: county" "units.yaml in canonical form"

run units
expect_exit 0 "units lists"
expect_stdout_match '^名称 +简称 +别名 +类型 +联络员 +电话$' "units text header"
expect_stdout_match '^市发改委 +发改委、市发展和改革委员会 +部门 +王芳 +0571-87001234$'
expect_stdout_match '^市财政局 +财政 +财政局$'
expect_aligned 别名 发改委、市发展和改革委员会
expect_aligned 类型 部门 县（市、区）
expect_aligned 联络员 王芳
expect_no_escape_bytes

run units --lang en
expect_stdout_match '^Name ' "units --lang en header"

run units --format json
expect_exit 0
expect_stdout_json
expect_json "len(d)" 3
expect_json "d[0]['name']" 市发改委
expect_json "d[0]['aliases']" "发改委 市发展和改革委员会"
expect_json "d[0]['liaison']" 王芳
expect_json "d[1]['short']" 财政
expect_json "d[2]['kind']" county

run units --format csv
expect_exit 0
expect_stdout_eq "name,short,aliases,kind,liaison,phone
市发改委,,发改委、市发展和改革委员会,department,王芳,0571-87001234
市财政局,财政,财政局,,,
城东区,,,county,,"

run units --format md
expect_stdout_match '^\| 名称 +\| 简称 +\| 别名 +\|' "units md header"
expect_stdout_match '^\| 市财政局 +\| 财政 +\| 财政局 +\|'

# --dry-run prints the new units.yaml and writes nothing
snapshot
run units add 市水务局 --alias 水务局 --dry-run
expect_exit 0 "units add --dry-run"
expect_stdout_contains "  - name: 市水务局"
expect_unchanged "units add --dry-run writes nothing"

# duplicates: by name and by alias
snapshot
run units add 市发改委
expect_data_error "市发改委" "duplicate name: exit 3"
run units add 发展改革 --alias 发改委
expect_data_error "发改委" "alias already used: exit 3"
run units add 财政局
expect_data_error "财政局" "new name equal to another unit's alias: exit 3"
expect_unchanged "refused units add changes nothing"

# ---------------------------------------------------------------- alias input
run add 编制年度投资计划 --kind instruction --lead 发改委 --co 财政局
expect_exit 0 "add with alias units"
t=$(task_file "$OUT")
expect_file_line "$t" "lead: 市发改委" "alias stored as the canonical lead"
expect_file_line "$t" "  - 市财政局" "alias stored as the canonical co-unit"
run add 另一件事 --kind instruction --lead 市发展和改革委员会
expect_file_line "$(task_file "$OUT")" "lead: 市发改委" "second alias resolves too"
run list --lead 发改委 --format csv
expect_csv_ids 2025-0001 2025-0002

# ---------------------------------------------------------------- rename
run units rename 市发改委 市发展改革委
expect_exit 0 "units rename"
expect_stdout_eq "市发展改革委"
expect_file_line units.yaml "  - name: 市发展改革委"
expect_file_line units.yaml "      - 市发改委" "the old name stays as an alias"
expect_file_line units.yaml "      - 发改委" "old aliases stay"
expect_file_no_line units.yaml "  - name: 市发改委"
# task files are untouched: they still store the old name
expect_file_line tasks/2025/2025-0001.yaml "lead: 市发改委" "rename does not rewrite task files"
run list --lead 市发展改革委 --format csv
expect_csv_ids 2025-0001 2025-0002
run list --unit 市发展改革委 --format csv
expect_csv_ids 2025-0001 2025-0002
run list --lead 市发改委 --format csv
expect_csv_ids 2025-0001 2025-0002
run check
expect_exit 0 "check accepts tasks stored under the old name"
# a new task through the old name is stored under the new one
run add 第三件事 --kind instruction --lead 市发改委
expect_file_line "$(task_file "$OUT")" "lead: 市发展改革委" "old name as input resolves to the new canonical name"

# rename refusals
snapshot
run units rename 不存在的单位 新名字
expect_data_error "不存在的单位" "rename of an unknown unit: exit 3"
run units rename 市发展改革委 市财政局
expect_data_error "市财政局" "rename onto another unit's name: exit 3"
run units rename 城东区 财政局
expect_data_error "财政局" "rename onto another unit's alias: exit 3"
expect_unchanged "refused renames change nothing"

run units rename 城东区 城东新区 --dry-run
expect_exit 0
expect_stdout_contains "  - name: 城东新区"
expect_unchanged "units rename --dry-run writes nothing"

# ---------------------------------------------------------------- after a rename every output shows the new name

# SPEC §5, §7: rename keeps the old name as an alias; the task files are not
# rewritten, yet list, show, overdue, remind, report and export all name the
# unit as it is called now, and the old name still finds its tasks.
new_workspace 甲局 乙局 丙局
run add 修缮办公楼 --kind special --lead 甲局 --co 乙局 --due 2025-09-30 --date 2025-09-01
A="$OUT"
run progress "$A" 已开工 --by 甲局 --date 2025-09-10
run remind --date 2025-10-10
run add 整治河道 --kind special --lead 丙局 --co 甲局 --due 2025-12-31 --date 2025-09-02
B="$OUT"
cp "$(task_file "$A")" "$SCRATCH/a-before.yaml"
run units rename 甲局 甲管理局
expect_exit 0
expect_same_file "$SCRATCH/a-before.yaml" "$(task_file "$A")" "rename leaves the task file as it was"
run list
expect_stdout_match "^$A .* 甲管理局 " "list: the lead by its new name"
expect_stdout_not_contains "甲局 " "list: the old name nowhere"
run list --format json
expect_json "[(t['id'], t['lead'], t['co']) for t in d]" "('$A', '甲管理局', ['乙局']) ('$B', '丙局', ['甲管理局'])"
expect_json "[e.get('to') or e.get('by') for e in d[0]['log'] if e['type'] in ('assign', 'progress', 'remind')]" \
  "甲管理局 甲管理局 甲管理局"
run list --lead 甲局 --format csv
expect_csv_ids "$A"
run list --unit 甲局 --format csv
expect_csv_ids "$A" "$B"
run show "$A"
expect_stdout_match '^  牵头单位 +甲管理局$' "show: the lead by its new name"
expect_stdout_match '交办 +甲管理局' "show: the timeline names the unit as it is called now"
expect_stdout_not_contains "甲局" "show: the old name nowhere"
run show "$B"
expect_stdout_match '^  配合单位 +甲管理局$' "show: a co-unit by its new name"
run show "$A" --format json
expect_json "d[0]['lead']" 甲管理局
run overdue --format json
expect_json "[(i['id'], i['lead'], i['co']) for i in d['items']]" "('$A', '甲管理局', ['乙局'])"
run overdue --unit 甲局
expect_stdout_contains "甲管理局"
run remind --dry-run
expect_stdout_line "甲管理局：" "remind: the notice goes to the new name"
run report --period year --format json
expect_json "[g['key'] for g in d['groups']]" "甲管理局 丙局"
expect_json "[o['lead'] for o in d['overdue']]" "甲管理局"
run export --format csv
expect_stdout_contains ",甲管理局,"
expect_stdout_not_contains ",甲局,"
run check
expect_exit 0 "check: the old name is a known alias"

# ---------------------------------------------------------------- unit kinds in Chinese output

new_workspace
"$DUBAN" -q units add 市审计局 --kind department --liaison 郑敏
"$DUBAN" -q units add 城西区 --kind county
"$DUBAN" -q units add 江北街道 --kind street
"$DUBAN" -q units add 市城投集团 --kind enterprise
"$DUBAN" -q units add 市总工会 --kind 群团组织
run units
expect_stdout_match '^市审计局 +部门 +郑敏' "units: department reads 部门"
expect_stdout_match '^城西区 +县（市、区）' "county reads 县（市、区）"
expect_stdout_match '^江北街道 +街道（乡镇）' "street reads 街道（乡镇）"
expect_stdout_match '^市城投集团 +企业' "enterprise reads 企业"
expect_stdout_match '^市总工会 +群团组织' "a kind of free text prints as typed"
expect_stdout_not_contains "department"
expect_aligned 类型 部门 县（市、区） 街道（乡镇）
run units --lang en
expect_stdout_match '^市审计局 +department +郑敏' "--lang en: the English key"
run units --format json
expect_json "[u['kind'] for u in d]" "department county street enterprise 群团组织"
run units --format csv
expect_stdout_line "市审计局,,,department,郑敏," "CSV keeps the raw key"
# A Chinese label typed for --kind is stored as its key.
run units add 城南区 --kind 县区
run units add 城北区 --kind 县（市、区）
run units --format json
expect_json "[u['kind'] for u in d if u['name'] in ('城南区', '城北区')]" "county county"

# usage errors
run units add
expect_usage_error "units add without NAME"
run units frobnicate
expect_usage_error "units with an unknown subcommand"

finish
