#!/usr/bin/env bash
# Untrusted YAML (SPEC §11): aliases that refer to themselves and alias bombs
# are refused with path:line, never a crash or a hang, in every file duban
# reads; comments, second documents and YAML tags in a task file are reported by check
# and never silently dropped by a write.
source "$(dirname "$0")/lib.sh"

new_workspace 市财政局
run add t --kind meeting --lead 市财政局
expect_exit 0 "a task to spoil"
TASK=tasks/2025/2025-0001.yaml
cp "$TASK" "$SCRATCH/orig.yaml"
lines=$(($(wc -l <"$TASK") + 1))

# The command exits 3 within 20 s (no crash: 139, no hang: 124), naming WHERE
# on stderr (check: on stdout).
refused_in_time() {
  local where="$1"
  shift
  LAST_CMD="timeout 20 duban $(_q "$@")"
  timeout 20 "$DUBAN" "$@" >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
  RC=$?
  OUT="$(cat "$OUT_FILE")"
  ERR="$(cat "$ERR_FILE")"
  expect_exit 3 "$* on $(basename "$where" | cut -d: -f1): exit 3"
  if [[ "$OUT$ERR" == *"$where"* ]]; then pass "the message names $where"; else
    fail "the message names $where" "stdout: $OUT" "stderr: $ERR"
  fi
}

# ---------------------------------------------------------------- finding 8: self-referencing aliases
for spoil in 'x: &a [*a]' 'x: &a {k: *a}' 'x: &a {*a : 1}' 'x: &a [[[*a]]]'; do
  cp "$SCRATCH/orig.yaml" "$TASK"
  echo "$spoil" >>"$TASK"
  for cmd in check "show 2025-0001" list overdue "progress 2025-0001 进展" "note 2025-0001 备注" \
    "export --format json" "report --period month"; do
    # shellcheck disable=SC2086
    refused_in_time "$TASK:$lines: not valid YAML" $cmd
  done
  expect_stderr_contains "(a cycle)" "the message says the alias makes a cycle"
done
echo 'x: &a [*a]' >"$SCRATCH/spoiled.yaml"
cat "$SCRATCH/orig.yaml" "$SCRATCH/spoiled.yaml" >"$SCRATCH/ours.yaml"
cp "$SCRATCH/ours.yaml" "$SCRATCH/ours.before"
run merge-driver "$SCRATCH/orig.yaml" "$SCRATCH/ours.yaml" "$SCRATCH/orig.yaml" "$TASK"
expect_exit 1 "merge-driver on a side with a cyclic alias: a conflict left to resolve, no crash"
expect_same_file "$SCRATCH/ours.before" "$SCRATCH/ours.yaml" "merge-driver leaves that side as it was"

cp "$SCRATCH/orig.yaml" "$TASK"
for file in units.yaml duban.yaml calendar/2025.yaml; do
  cp "$file" "$SCRATCH/keep"
  n=$(($(wc -l <"$file") + 1))
  echo 'spoiled: &a {k: *a}' >>"$file"
  refused_in_time "$file:$n: not valid YAML" list
  refused_in_time "$file:$n: not valid YAML" check
  cp "$SCRATCH/keep" "$file"
done
cp units.yaml "$SCRATCH/units.ours"
echo 'spoiled: &a [*a]' >>"$SCRATCH/units.ours"
run merge-driver units.yaml "$SCRATCH/units.ours" units.yaml units.yaml
expect_exit 1 "merge-driver on units.yaml with a cyclic alias: a conflict, no crash"
expect_stderr_contains "units.yaml:"

# ---------------------------------------------------------------- finding 8: alias bombs
# 10 "lol" times 10^11: a billion laughs, 100 times over.
bomb() {
  local i j line
  echo 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'
  for ((i = 1; i <= 11; i++)); do
    line="l$i: &l$i ["
    for ((j = 0; j < 10; j++)); do line+="*l$((i - 1)), "; done
    echo "${line%, }]"
  done
}
bomb >"$SCRATCH/laughs.yaml"
{
  cat "$SCRATCH/laughs.yaml"
  printf 'tasks:\n  - title: 笑\n    kind: meeting\n    lead: 市财政局\n    log: *l11\n'
} >"$SCRATCH/import-bomb.yaml"
snapshot
refused_in_time "import-bomb.yaml:" import "$SCRATCH/import-bomb.yaml"
expect_stderr_contains "alias bomb"
expect_unchanged "an import refused for an alias bomb changes nothing"
printf 'tasks:\n  - &t\n    title: 自身\n    kind: meeting\n    lead: 市财政局\n    log: [*t]\n' >"$SCRATCH/import-self.yaml"
refused_in_time "import-self.yaml:6: not valid YAML" import "$SCRATCH/import-self.yaml"
expect_unchanged "an import refused for a cyclic alias changes nothing"

{ cat "$SCRATCH/orig.yaml"; sed 's/^/  /; 1s/^/laughs:\n/' "$SCRATCH/laughs.yaml"; echo 'x: *l11'; } >"$TASK"
refused_in_time "$TASK:" check
expect_stdout_contains "alias bomb"
refused_in_time "$TASK:" progress 2025-0001 进展
for file in units.yaml duban.yaml calendar/2025.yaml; do
  cp "$file" "$SCRATCH/keep"
  { cat "$SCRATCH/keep"; sed 's/^/  /; 1s/^/laughs:\n/' "$SCRATCH/laughs.yaml"; echo 'x: *l11'; } >"$file"
  refused_in_time "$file:" overdue
  cp "$SCRATCH/keep" "$file"
done
# A few aliases a clerk may well use are read as before.
{ cat "$SCRATCH/orig.yaml"; printf 'who: &w 市财政局\nalso: *w\nboth: [*w, *w]\n'; } >"$TASK"
run note 2025-0001 备注
expect_exit 0 "a file with a few plain aliases is rewritten"
expect_file_line "$TASK" "also: 市财政局"
expect_file_line "$TASK" "both:"
expect_file_line "$TASK" "  - 市财政局"

# ---------------------------------------------------------------- finding 12: comments, documents
cp "$SCRATCH/orig.yaml" "$TASK"
sed -i 's/^kind: meeting$/kind: meeting  # 会议纪要第3号/' "$TASK"
cp "$TASK" "$SCRATCH/commented.yaml"
KIND_LINE="$(grep -n '^kind:' "$TASK" | cut -d: -f1)"
run check
expect_exit 3 "check on a task file holding a comment: exit 3"
expect_stdout_contains "$TASK:$KIND_LINE: a comment" "check names the comment's path:line"
run progress 2025-0001 进展
expect_data_error "$TASK:$KIND_LINE: a comment" "progress refuses to rewrite a file holding a comment"
expect_same_file "$SCRATCH/commented.yaml" "$TASK" "the file with its comment is unchanged"
run note 2025-0001 备注
expect_exit 3 "note refuses it too"
run show 2025-0001
expect_exit 0 "show reads a file with a comment"
printf '#!/bin/sh\necho "# 加一条备注" >>"$1"\n' >"$SCRATCH/editor.sh"
chmod +x "$SCRATCH/editor.sh"
cp "$SCRATCH/orig.yaml" "$TASK"
run_env EDITOR="$SCRATCH/editor.sh" -- edit 2025-0001
expect_exit 3 "edit refuses to save a comment"
expect_stderr_contains "a comment"
expect_same_file "$SCRATCH/orig.yaml" "$TASK" "the file is as before the edit"
cp "$SCRATCH/commented.yaml" "$SCRATCH/ours.yaml"
run merge-driver "$SCRATCH/orig.yaml" "$SCRATCH/ours.yaml" "$SCRATCH/orig.yaml" "$TASK"
check "merge-driver does not merge away our comment (exit $RC)" test "$RC" -ne 0
expect_same_file "$SCRATCH/commented.yaml" "$SCRATCH/ours.yaml" "merge-driver leaves the commented side as it was"
cp "$SCRATCH/orig.yaml" "$SCRATCH/ours.yaml"
run merge-driver "$SCRATCH/orig.yaml" "$SCRATCH/ours.yaml" "$SCRATCH/commented.yaml" "$TASK"
check "merge-driver does not merge away their comment (exit $RC)" test "$RC" -ne 0
expect_stderr_contains "a comment"
expect_same_file "$SCRATCH/orig.yaml" "$SCRATCH/ours.yaml" "merge-driver leaves our side as it was"

{ cat "$SCRATCH/orig.yaml"; printf -- '---\nid: 2025-0099\ntitle: 藏起来的任务\n'; } >"$TASK"
cp "$TASK" "$SCRATCH/two.yaml"
run check
expect_exit 3 "check on a task file holding a second document: exit 3"
expect_stdout_contains "$TASK:$lines: a second YAML document"
run progress 2025-0001 进展
expect_data_error "a second YAML document" "progress refuses to rewrite a file holding a second document"
expect_same_file "$SCRATCH/two.yaml" "$TASK" "the file with its second document is unchanged"

# A second document that holds nothing, a null, a tag or an anchor is one all the same.
for tail in '---' '--- ~' '--- null' '--- !secret' '--- &a'; do
  { cat "$SCRATCH/orig.yaml"; printf -- '%s\n' "$tail"; } >"$TASK"
  cp "$TASK" "$SCRATCH/two.yaml"
  run check
  expect_exit 3 "check on a task file ending in '$tail': exit 3"
  expect_stdout_contains "$TASK:$lines: a second YAML document"
  run note 2025-0001 hi
  expect_data_error "a second YAML document" "note refuses to rewrite a file ending in '$tail'"
  expect_same_file "$SCRATCH/two.yaml" "$TASK" "the file ending in '$tail' is unchanged"
done

# ---------------------------------------------------------------- YAML tags
# A tag other than !!str means something else to other readers (PyYAML runs
# !!python/object/apply, reads !!binary as bytes): never written back.
for value in '!!python/object/apply:os.system [echo pwned]' '!!binary aGVsbG8='; do
  tag="${value%% *}"
  { cat "$SCRATCH/orig.yaml"; printf 'x: %s\n' "$value"; } >"$TASK"
  cp "$TASK" "$SCRATCH/tagged.yaml"
  run check
  expect_exit 3 "check on a task file holding $tag: exit 3"
  expect_stdout_contains "$TASK:$lines: a YAML tag ($tag)" "check names the tag's path:line"
  run note 2025-0001 hi
  expect_data_error "$TASK:$lines: a YAML tag ($tag)" "note refuses to rewrite a file holding $tag"
  expect_same_file "$SCRATCH/tagged.yaml" "$TASK" "the file holding $tag is unchanged"
done
cp "$SCRATCH/orig.yaml" "$TASK"
printf 'tasks:\n  - title: 标签\n    kind: meeting\n    lead: 市财政局\n    ref: !!binary aGVsbG8=\n' \
  >"$SCRATCH/import-tag.yaml"
snapshot
run import "$SCRATCH/import-tag.yaml"
expect_data_error "import-tag.yaml:5: a YAML tag (!!binary)" "an import holding a tag is refused with file:line"
expect_unchanged "an import refused for a tag changes nothing"

# What only looks like a comment or a document is none: written back as before.
cp "$SCRATCH/orig.yaml" "$TASK"
cat >>"$TASK" <<'EOF'
quoted: "a # b"
single: 'c # d'
flow: [e#f, "g # h"]
literal: |
  # a line of the text
  ---
  more text
folded: >-
  #1 of 2
  ...
EOF
printf -- '...\n' >>"$TASK"
run check
expect_exit 0 "'#' and '---' inside scalars and a final '...' are no comment or document"
run progress 2025-0001 进展
expect_exit 0 "progress rewrites that file"
expect_file_line "$TASK" 'quoted: "a # b"'
expect_file_line "$TASK" 'literal: "# a line of the text\n---\nmore text\n"'

# ---------------------------------------------------------------- Markdown syntax in values
# A title or owner that spells a Markdown link stays text in --format md.
run add '[U](javascript:x) *粗* `码`' --kind meeting --lead 市财政局 --owner '[U](javascript:x)'
expect_exit 0 "a task whose title and owner spell Markdown"
run --format md list
expect_stdout_contains '\[U\](javascript:x) \*粗\* \`码\`' "list md: the title's Markdown is escaped"
expect_stdout_not_contains '[U](javascript:x)' "list md: no live link"

finish
