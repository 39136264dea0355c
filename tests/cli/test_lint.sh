#!/usr/bin/env bash
# scripts/lint.sh bites: on a tiny tree with the real ARCHITECTURE.md, an
# include that goes up a layer (or a library a layer may not use) fails the
# include check with file:line, a clean tree passes; an unformatted file fails
# the format check.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

LINT="$DUBAN_SOURCE_DIR/scripts/lint.sh"

# lint ARGS…: scripts/lint.sh --root . ARGS…, with RC, OUT and ERR as `run`
# sets them.
lint() {
  LAST_CMD="scripts/lint.sh --root . $(_q "$@")"
  "$LINT" --root . "$@" >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
  _collect $?
}

# put FILE LINE…: FILE (under the current directory) holds the given lines.
put() {
  local f="$1"
  shift
  mkdir -p "$(dirname "$f")"
  printf '%s\n' "$@" >"$f"
}

# A tree every layer of which includes only what the table allows.
clean_tree() {
  _new_dir tree
  mkdir -p "$NEW_DIR"
  cd "$NEW_DIR" || exit 2
  cp "$DUBAN_SOURCE_DIR/ARCHITECTURE.md" "$DUBAN_SOURCE_DIR/.clang-format" .
  put src/core/a.hpp '#pragma once' '#include <string>' '' 'int a();'
  put src/core/a.cpp '#include "core/a.hpp"' '' '#include <fmt/format.h>' '' 'int a() { return 1; }'
  put src/store/b.hpp '#pragma once' '#include "core/a.hpp"' '' 'int b();'
  put src/store/b.cpp '#include "store/b.hpp"' '' '#include <yaml-cpp/yaml.h>' '' \
    '// #include "io/c.hpp" is a comment' 'int b() { return a(); }'
  put src/io/c.hpp '#pragma once' '#include "store/b.hpp"' '' 'int c();'
  put src/cli/d.cpp '#include <CLI/CLI.hpp>' '' '#include "core/a.hpp"' '#include "io/c.hpp"' \
    '#include "store/b.hpp"' '' 'int d() { return c(); }'
  put src/main.cpp '#include "cli/d.hpp"' '' 'int main() { return 0; }'
}

clean_tree
lint includes
expect_exit 0 "a tree that keeps the layers passes the include check"
expect_stdout_empty

# core includes store: one line naming the file, the line and the rule.
clean_tree
put src/core/a.cpp '#include "core/a.hpp"' '' '#include "store/b.hpp"' '' 'int a() { return b(); }'
lint includes
expect_exit 1 "core including a store header fails"
expect_stdout_eq 'src/core/a.cpp:3: includes "store/b.hpp": src/core/ may include core, fmt (ARCHITECTURE.md, Layers)'
expect_stderr_contains "lint: FAILED: includes"

# store includes io, and a CLI11 header; both are reported.
clean_tree
put src/store/b.cpp '#include "store/b.hpp"' '' '#include <CLI/CLI.hpp>' '#include "io/c.hpp"' 'int b();'
lint includes
expect_exit 1 "store including io and CLI11 fails"
expect_stdout_line 'src/store/b.cpp:3: includes <CLI/CLI.hpp> (CLI11): src/store/ may include core, store, yaml-cpp, fmt (ARCHITECTURE.md, Layers)'
expect_stdout_line 'src/store/b.cpp:4: includes "io/c.hpp": src/store/ may include core, store, yaml-cpp, fmt (ARCHITECTURE.md, Layers)'

# A header counts like a source; yaml-cpp is not for the core either.
clean_tree
put src/core/a.hpp '#pragma once' '#  include <yaml-cpp/yaml.h>' 'int a();'
lint includes
expect_exit 1 "a core header including yaml-cpp fails"
expect_stdout_match '^src/core/a\.hpp:2: includes <yaml-cpp/yaml\.h> \(yaml-cpp\)'

# The office-format libraries are for io alone: libzip in store fails, in io passes.
clean_tree
put src/store/b.cpp '#include "store/b.hpp"' '' '#include <zip.h>' '#include <xlsxwriter/worksheet.h>' 'int b();'
lint includes
expect_exit 1 "store including libzip and libxlsxwriter fails"
expect_stdout_line 'src/store/b.cpp:3: includes <zip.h> (libzip): src/store/ may include core, store, yaml-cpp, fmt (ARCHITECTURE.md, Layers)'
expect_stdout_match '^src/store/b\.cpp:4: includes <xlsxwriter/worksheet\.h> \(libxlsxwriter\)'
clean_tree
put src/io/c.cpp '#include "io/c.hpp"' '' '#include <expat.h>' '#include <xlsxwriter.h>' '#include <zip.h>'
lint includes
expect_exit 0 "io may include expat, libxlsxwriter and libzip"

# A header included without its layer, and a folder the table does not know.
clean_tree
put src/io/c.cpp '#include "c.hpp"'
put src/extra/e.cpp '#include "core/a.hpp"'
lint includes
expect_exit 1 "a layerless include and an unknown folder fail"
expect_stdout_line 'src/io/c.cpp:1: includes "c.hpp", which names no layer: include headers as "LAYER/x.hpp"'
expect_stdout_match '^src/extra/e\.cpp:1: src/extra/ is not a layer of the table'

# In a git tree the tracked files are checked, the same way.
if command -v git >/dev/null 2>&1; then
  clean_tree
  put src/core/a.cpp '#include "io/c.hpp"'
  git init -q . && git add -A
  lint includes
  expect_exit 1 "in a git tree, a tracked upward include fails"
  expect_stdout_match '^src/core/a\.cpp:1: includes "io/c\.hpp"'
  LAST_CMD="cd / && scripts/lint.sh --root $NEW_DIR includes"
  (cd / && "$LINT" --root "$NEW_DIR" includes >"$OUT_FILE" 2>"$ERR_FILE")
  _collect $?
  expect_exit 1 "--root DIR checks DIR from elsewhere"
fi

# Without a layer table nothing could be checked: that is an error too.
clean_tree
printf '# Architecture\n\n## Layers\n\nfour of them\n' >ARCHITECTURE.md
lint includes
expect_exit 2 "no parsable layer table fails"
expect_stderr_contains 'no layer table'

# The format check: an unformatted line is found, a formatted file passes.
if command -v clang-format >/dev/null 2>&1; then
  clean_tree
  lint format
  expect_exit 1 "the tiny tree, written by hand, is not formatted"
  find src -type f -exec clang-format -i {} +
  lint format
  expect_exit 0 "after clang-format -i, the tree passes the format check"
  put src/core/a.cpp '#include "core/a.hpp"' '' 'int   a( ) {return 1;}'
  lint format
  expect_exit 1 "an unformatted file fails the format check"
  expect_stdout_match '^src/core/a\.cpp:3: not formatted as \.clang-format says'
else
  echo "test_lint: clang-format not installed (scripts/setup.sh installs it); format check skipped" >&2
fi

finish
