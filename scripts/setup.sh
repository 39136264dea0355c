#!/usr/bin/env bash
# Installs what is missing (Debian packages), then configures and builds duban
# in build/. Run by scripts/demo.sh and scripts/test.sh.
#
# Warnings are errors only when DUBAN_WERROR=ON (scripts/test.sh sets it): the
# demo build must not stop on a warning that a newer compiler adds.
#
#   scripts/setup.sh [TARGET…]   build only these targets (the demo: duban);
#                                 with none, everything the tests need.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages=(cmake g++ make git util-linux python3 python3-yaml python3-ruamel.yaml libcli11-dev libyaml-cpp-dev libfmt-dev
          doctest-dev mandoc clang-format pkg-config libxlsxwriter-dev libzip-dev libexpat1-dev)
# The tests read what duban writes with readers nobody here wrote: openpyxl
# (.xlsx), python-docx (.docx), LibreOffice (both to PDF) and poppler (PDF to
# PNG), with a CJK font so the PDF has Chinese glyphs. The demo needs none.
if (($# == 0)); then
  packages+=(python3-openpyxl python3-docx libreoffice-writer-nogui libreoffice-calc-nogui
             fonts-noto-cjk poppler-utils)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

build="${DUBAN_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="${DUBAN_BUILD_TYPE:-RelWithDebInfo}" \
  -DDUBAN_WERROR="${DUBAN_WERROR:-OFF}" ${DUBAN_CMAKE_ARGS:-} >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$build" -j2 "${targets[@]}"
