#!/usr/bin/env bash
# Builds a Release tree, packs it with cpack -G DEB, installs the package and
# smoke-tests it: duban --version, man -w duban.
#   scripts/package-deb.sh            # build in build-deb/, package there
#   DUBAN_DEB_NO_INSTALL=1 scripts/package-deb.sh   # only build the .deb
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${DUBAN_DEB_BUILD_DIR:-$root/build-deb}"
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi

need=()
for p in cmake g++ make libcli11-dev libyaml-cpp-dev libfmt-dev dpkg-dev file; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if ((${#need[@]})); then
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DDUBAN_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build" -j2 --target duban
(cd "$build" && rm -f duban_*.deb && cpack -G DEB)
deb="$(ls "$build"/duban_*.deb)"
echo "package-deb: built $deb"
dpkg-deb --field "$deb" Package Version Section Maintainer Depends
dpkg-deb --contents "$deb" | awk '{print $NF}' | grep -E 'bin/duban$|man1/duban.1|completions/duban$|_duban$' || true

if [ -n "${DUBAN_DEB_NO_INSTALL:-}" ]; then
  exit 0
fi
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$deb"
echo "package-deb: $(command -v duban): $(duban --version)"
test "$(duban --version)" = "duban 0.1.0"
if command -v man >/dev/null 2>&1; then
  echo "package-deb: man -w duban: $(man -w duban)"
fi
echo "package-deb: ok"
