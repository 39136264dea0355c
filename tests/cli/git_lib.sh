# shellcheck shell=bash
# git for the end-to-end suites that need it (test_git, test_identity,
# test_sync_random): a known git environment, two clones of one bare origin
# (make_pair), assertions on commits and task files. Sourced after lib.sh.

if ! command -v git >/dev/null 2>&1; then
  echo "$SUITE_NAME: git is not installed; skipped"
  finish
fi

# A known git: no system or user configuration, an identity for commits, no
# repository above the scratch directory.
export HOME="$SCRATCH/home"
mkdir -p "$HOME"
export XDG_CONFIG_HOME="$HOME/.config"
export GIT_CONFIG_GLOBAL="$HOME/.gitconfig"
git config --global init.defaultBranch main
git config --global advice.detachedHead false
export GIT_AUTHOR_NAME=督查员 GIT_AUTHOR_EMAIL=clerk@example.org
export GIT_COMMITTER_NAME=督查员 GIT_COMMITTER_EMAIL=clerk@example.org
export GIT_CEILING_DIRECTORIES="$SCRATCH"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

# ---------------------------------------------------------------- helpers

commits() { git rev-list --count HEAD; }
last_msg() { git log -1 --format=%s; }
last_files() { git show --no-renames --name-only --format= HEAD | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'; }

# expect_commit DESC BEFORE MESSAGE FILE…: exactly one commit since BEFORE
# (a count), with MESSAGE, holding exactly FILE….
expect_commit() {
  local desc="$1" before="$2" msg="$3"
  shift 3
  local want now got_msg got_files
  want="$(printf '%s\n' "$@" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
  now="$(commits)"
  got_msg="$(last_msg)"
  got_files="$(last_files)"
  if [[ "$now" == $((before + 1)) && "$got_msg" == "$msg" && "$got_files" == "$want" ]]; then
    pass "$desc"
  else
    fail "$desc" "expected one new commit '$msg' with: $want" \
      "got $((now - before)) new commit(s); last '$got_msg' with: $got_files"
  fi
}

expect_no_commit() {
  local desc="$1" before="$2" now
  now="$(commits)"
  if [[ "$now" == "$before" ]]; then pass "$desc"; else fail "$desc" "$((now - before)) new commit(s): $(last_msg)"; fi
}

# expect_output_contains TEXT: on stdout or stderr.
expect_output_contains() {
  local want="$1" desc="${2:-output contains '$1'}"
  if [[ "$OUT$ERR" == *"$want"* ]]; then pass "$desc"; else
    fail "$desc" "neither stdout nor stderr contains: $want" "stdout:" "$(head -n 10 "$OUT_FILE" | sed 's/^/    < /')"
  fi
}

expect_output_match() {
  local re="$1" desc="${2:-output matches /$1/}"
  if grep -Eq -- "$re" "$OUT_FILE" "$ERR_FILE"; then pass "$desc"; else
    fail "$desc" "no line of stdout or stderr matches: $re" "stdout:" "$(head -n 10 "$OUT_FILE" | sed 's/^/    < /')"
  fi
}

expect_git_status() {  # expect_git_status WANT (git status --porcelain, untracked files omitted)
  local want="$1" desc="${2:-git status is '$1'}" got
  got="$(git status --porcelain --untracked-files=no)"
  if [[ "$got" == "$want" ]]; then pass "$desc"; else
    fail "$desc" "expected git status:" "$(printf '%s\n' "$want" | sed 's/^/    > /')" "got:" \
      "$(printf '%s\n' "$got" | sed 's/^/    < /')"
  fi
}

# count_lines FILE LINE: how many whole lines of FILE equal LINE.
count_lines() { grep -Fxc -- "$2" "$1"; }

expect_once() {  # expect_once FILE LINE
  local n
  n="$(count_lines "$1" "$2")"
  if [[ "$n" == 1 ]]; then pass "${3:-$1 has '$2' once}"; else
    fail "${3:-$1 has '$2' once}" "found $n times" "$1:" "$(sed 's/^/    | /' "$1" | head -n 60)"
  fi
}

# The log dates of a task file are in order.
log_in_date_order() {
  local dates
  dates="$(grep -E '^  - date: ' "$1" | awk '{print $3}')"
  [[ -n "$dates" && "$dates" == "$(printf '%s\n' "$dates" | LC_ALL=C sort -s)" ]]
}

no_markers() { ! grep -Eq '^(<<<<<<<|=======|>>>>>>>)' "$1"; }

# make_pair: a seed made with `init --git` and four units, a bare origin, two
# clones A and B with the merge driver installed. Sets $PAIR, $A, $B.
make_pair() {
  _new_dir pair
  PAIR="$NEW_DIR"
  mkdir -p "$PAIR"
  "$DUBAN" -q init --git "$PAIR/seed" >/dev/null || { fail "make_pair: init --git"; return 1; }
  local u
  for u in 市发改委 市财政局 市住建局 城东区; do
    (cd "$PAIR/seed" && "$DUBAN" -q units add "$u" >/dev/null) || { fail "make_pair: units add $u"; return 1; }
  done
  git clone -q --bare "$PAIR/seed" "$PAIR/origin.git"
  git clone -q "$PAIR/origin.git" "$PAIR/A"
  git clone -q "$PAIR/origin.git" "$PAIR/B"
  A="$PAIR/A"
  B="$PAIR/B"
  (cd "$A" && "$DUBAN" -q git-setup) && (cd "$B" && "$DUBAN" -q git-setup) || { fail "make_pair: git-setup"; return 1; }
}
