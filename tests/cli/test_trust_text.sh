#!/usr/bin/env bash
# Trust: dates (issue 13, finding 9; SPEC §6).
# Dates outside 1900-01-01 … 2999-12-31 are refused on every input path, so
# duban never writes a task it cannot read back.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ================================================================ finding 9: dates

new_workspace 市财政局
id="$(run add t --kind meeting --lead 市财政局; echo "$OUT")"
T="$(task_file "$id")"

# refused NAME ARGS…: exit 2 with a message, nothing written anywhere.
refused() {
  local name="$1"
  shift
  snapshot
  run "$@"
  expect_exit 2 "$name: exit 2"
  expect_stderr_contains "duban: error: " "$name: says why"
  expect_unchanged "$name: nothing written"
}
refused_env() {
  local name="$1"
  shift
  snapshot
  run_env "$@"
  expect_exit 2 "$name: exit 2"
  expect_unchanged "$name: nothing written"
}

refused "--date +400000d progress" --date +400000d progress "$id" 进展
expect_stderr_contains "2999-12-31" "--date +400000d: the message names the range"
refused "--as-of +400000d list" --as-of +400000d list
refused "--date -999999d done" --date -999999d done "$id" --result 完成
refused "extend --to +99999m" extend "$id" --to +99999m --reason 等待
expect_stderr_contains "--to '+99999m'" "extend --to +99999m: names the option and the value"
refused "extend --to +999999w" extend "$id" --to +999999w --reason 等待
refused "extend --to +999999wd" extend "$id" --to +999999wd --reason 等待
refused "add --due +99999m" add x --kind meeting --lead 市财政局 --due +99999m
refused "add --due +400000d" add x --kind meeting --lead 市财政局 --due +400000d
refused "add --due 3000-01-01" add x --kind meeting --lead 市财政局 --due 3000-01-01
refused "add --due 1899-12-31" add x --kind meeting --lead 市财政局 --due 1899-12-31
refused "add --within 999999d" add x --kind meeting --lead 市财政局 --within 999999d
refused "add --milestone X@+400000d" add x --kind meeting --lead 市财政局 --milestone 'a@+400000d'
refused "add --due with a count past int" add x --kind meeting --lead 市财政局 --due +99999999999999999999d
refused "add --due +2147483648d" add x --kind meeting --lead 市财政局 --due +2147483648d
refused "list --due-before +400000d" list --due-before +400000d
refused_env "DUBAN_TODAY=2999-12-20 add (kind default 15d lands in 3000)" \
  DUBAN_TODAY=2999-12-20 -- add x --kind meeting --lead 市财政局
expect_stderr_contains "2999-12-31" "a default deadline past 2999: the message names the range"
refused_env "DUBAN_TODAY=2999-12-20 add --within 1m" DUBAN_TODAY=2999-12-20 -- add x --kind meeting --within 1m
refused_env "DUBAN_TODAY=2999-12-20 extend --to +1m" DUBAN_TODAY=2999-12-20 -- extend "$id" --to +1m --reason 等待
refused_env "DUBAN_TODAY=3000-01-01 list" DUBAN_TODAY=3000-01-01 -- list
refused_env "DUBAN_TODAY=1899-12-31 add" DUBAN_TODAY=1899-12-31 -- add x --kind meeting --due 1900-01-10

# the edges of the range are accepted, and what is written reads back
run_env DUBAN_TODAY=2999-12-01 -- add edge --kind meeting --lead 市财政局 --due 2999-12-31
expect_exit 0 "a deadline of 2999-12-31 is accepted"
edge="$OUT"
run show "$edge"
expect_exit 0 "the task due 2999-12-31 reads back"
run_env DUBAN_TODAY=1900-01-01 -- add early --kind meeting --due 1900-01-10
expect_exit 0 "a task registered on 1900-01-01 is accepted"

# import keeps its convention: file:row:column, exit 3, nothing imported
printf '事项名称,来源,牵头单位,立项日期,办结时限\n甲,会议决定事项,市财政局,2025-03-01,+400000d\n' >"$SCRATCH/far.csv"
snapshot
run import "$SCRATCH/far.csv"
expect_data_error "far.csv:2:5" "import of a due +400000d: exit 3 naming row and column"
expect_stderr_contains "2999-12-31" "import of a due +400000d: names the range"
expect_unchanged "import of a due +400000d: nothing imported"
printf '事项名称,来源,牵头单位\n乙,会议决定事项,市财政局\n' >"$SCRATCH/late.csv"
snapshot
run_env DUBAN_TODAY=2999-12-20 -- import "$SCRATCH/late.csv"
expect_data_error "late.csv:2" "import with the kind's default past 2999: exit 3 naming the row"
expect_unchanged "import with the kind's default past 2999: nothing imported"

run check
expect_exit 0 "after all refused dates, check is clean"
run show "$id"
expect_exit 0 "the task stays usable"
expect_file_match "$T" '^due: 2025-' "the task's deadline is untouched"

finish
