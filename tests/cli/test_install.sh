#!/usr/bin/env bash
# `cmake --install` of the build tree ctest runs in (the directory of $DUBAN,
# or $DUBAN_BUILD_DIR) into a scratch prefix: binary, man pages, completions,
# examples.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

BUILD="${DUBAN_BUILD_DIR:-$(dirname "$DUBAN")}"
if [[ ! -f "$BUILD/cmake_install.cmake" ]]; then
  echo "test_install: $BUILD is not a CMake build tree; set DUBAN_BUILD_DIR" >&2
  LAST_CMD="ls $BUILD/cmake_install.cmake"
  fail "a build tree to install from"
  finish
fi

PREFIX="$SCRATCH/prefix"
LAST_CMD="cmake --install $BUILD --prefix $PREFIX"
if cmake --install "$BUILD" --prefix "$PREFIX" >"$OUT_FILE" 2>"$ERR_FILE"; then
  pass "cmake --install"
else
  fail "cmake --install" "$(tail -n 5 "$ERR_FILE")"
fi

expect_file_exists "$PREFIX/bin/duban"
check "installed binary is executable" test -x "$PREFIX/bin/duban"
man_dir="$PREFIX/share/man"
expect_file_exists "$man_dir/man1/duban.1"
expect_file_exists "$man_dir/man5/duban-format.5"
expect_file_exists "$man_dir/man7/duban-metrics.7"
for c in init units add assign progress done recheck extend receipt return escalate suspend cancel reopen note \
  show list edit check overdue remind report import export merge-driver git-setup sync history renumber; do
  expect_file_exists "$man_dir/man1/duban-$c.1"
done
n_src="$(find "$DUBAN_SOURCE_DIR/man" -name 'duban*.[157]' | wc -l)"
n_inst="$(find "$man_dir" -name 'duban*.[157]' | wc -l)"
check "every page of man/ installed ($n_src)" test "$n_src" -eq "$n_inst"
expect_file_exists "$PREFIX/share/bash-completion/completions/duban"
expect_file_exists "$PREFIX/share/zsh/vendor-completions/_duban"
expect_file_exists "$PREFIX/share/doc/duban/examples/cron/duban.crontab"
expect_file_exists "$PREFIX/share/doc/duban/examples/office/duban.yaml"
expect_file_exists "$PREFIX/share/doc/duban/examples/calendar/2025.yaml"
expect_file_exists "$PREFIX/share/doc/duban/README.md"

LAST_CMD="$PREFIX/bin/duban --version"
got="$("$PREFIX/bin/duban" --version 2>&1)"
if [[ "$got" == "duban 0.1.0" ]]; then pass "installed --version"; else
  fail "installed --version prints 'duban 0.1.0'" "got: $got"
fi

# The installed binary works on the installed example office.
cp -r "$PREFIX/share/doc/duban/examples/office" "$SCRATCH/office"
LAST_CMD="duban --dir office check"
if "$PREFIX/bin/duban" --dir "$SCRATCH/office" check >"$OUT_FILE" 2>"$ERR_FILE"; then pass "installed binary checks the example office"; else
  fail "installed binary checks the example office"
fi

# The installed bash completion loads.
LAST_CMD="source completions/duban"
check "installed bash completion defines _duban" \
  bash --norc --noprofile -c "source '$PREFIX/share/bash-completion/completions/duban' && declare -F _duban >/dev/null"

finish
