#!/usr/bin/env bash
# Renders the HTML bulletin (督查通报, `duban report --format html`) of a
# workspace to PNG and PDF with headless Chromium, and checks the result:
#
#   scripts/render-bulletin.sh [WORKSPACE [OUTDIR]]
#
#   WORKSPACE     default examples/office
#   OUTDIR        default ${TMPDIR:-/tmp}/duban-bulletin; gets bulletin.html,
#                 bulletin.png (A4 at 150 dpi: 1240×1754) and bulletin.pdf
#   DUBAN         the duban binary (default: build/duban, else duban on PATH)
#   DUBAN_TODAY   the as-of date (default 2025-11-28)
#   REPORT_ARGS   the report options (default "--period year")
#
# Installs Debian's chromium (and a CJK font, without which every Chinese
# character is a box) with apt-get when missing, like scripts/setup.sh.
# Exits non-zero when the HTML lacks a bulletin section, the table or the bar
# chart, or when Chromium leaves no (or a blank-sized) PNG or PDF.
# The e2e suite (tests/cli/test_report.sh) checks the HTML as text and does not
# need this script or a browser.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
workspace="${1:-$root/examples/office}"
outdir="${2:-${TMPDIR:-/tmp}/duban-bulletin}"
export DUBAN_TODAY="${DUBAN_TODAY:-2025-11-28}"
report_args="${REPORT_ARGS:---period year}"

if [[ -z "${DUBAN:-}" ]]; then
  if [[ -x "$root/build/duban" ]]; then
    DUBAN="$root/build/duban"
  elif command -v duban >/dev/null; then
    DUBAN="$(command -v duban)"
  else
    echo "render-bulletin: no duban binary; build it (scripts/setup.sh) or set DUBAN" >&2
    exit 2
  fi
fi

# ---------------------------------------------------------------- Chromium and fonts
missing=()
if ! command -v chromium >/dev/null; then
  missing+=(chromium)
fi
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  missing+=(fonts-noto-cjk)
fi
if ((${#missing[@]})); then
  echo "render-bulletin: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# ---------------------------------------------------------------- the HTML
mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
html="$outdir/bulletin.html"
png="$outdir/bulletin.png"
pdf="$outdir/bulletin.pdf"
rm -f "$html" "$png" "$pdf"
# shellcheck disable=SC2086  # REPORT_ARGS is a list of options
"$DUBAN" --dir "$workspace" report $report_args --format html --out "$html" >/dev/null

problems=()
for needle in '一、总体情况' '二、分单位情况' '三、超期事项' '<table' '<svg'; do
  grep -Fq -- "$needle" "$html" || problems+=("the HTML lacks $needle")
done
bars=$(grep -o '<rect[^>]*class="bar"[^>]*>\|<rect class="bar"[^>]*>' "$html" | wc -l)
((bars > 0)) || problems+=("the HTML's <svg> has no bar <rect> elements")

# ---------------------------------------------------------------- render
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium_flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$profile")
chromium "${chromium_flags[@]}" --screenshot="$png" --window-size=1240,1754 "file://$html" \
  >"$outdir/chromium.log" 2>&1 || problems+=("chromium --screenshot failed (see $outdir/chromium.log)")
chromium "${chromium_flags[@]}" --no-pdf-header-footer --print-to-pdf="$pdf" "file://$html" \
  >>"$outdir/chromium.log" 2>&1 || problems+=("chromium --print-to-pdf failed (see $outdir/chromium.log)")

# A real page is tens of kilobytes; a blank 1240×1754 PNG is a few.
png_check="$(python3 - "$png" <<'PY'
import struct, sys
path = sys.argv[1]
try:
    data = open(path, "rb").read()
except OSError:
    print("no PNG was written"); sys.exit(0)
if data[:8] != b"\x89PNG\r\n\x1a\n":
    print("the screenshot is not a PNG"); sys.exit(0)
w, h = struct.unpack(">II", data[16:24])
if (w, h) != (1240, 1754):
    print(f"the PNG is {w}x{h}, not 1240x1754")
if len(data) < 20000:
    print(f"the PNG is only {len(data)} bytes: a blank page?")
PY
)"
[[ -z "$png_check" ]] || problems+=("$png_check")
if [[ ! -s "$pdf" ]] || [[ "$(head -c 5 "$pdf")" != "%PDF-" ]] || (($(stat -c %s "$pdf") < 5000)); then
  problems+=("no PDF (or a trivial one) was written")
fi

echo "$html"
echo "$png"
echo "$pdf"
if ((${#problems[@]})); then
  printf 'render-bulletin: %s\n' "${problems[@]}" >&2
  exit 1
fi
echo "render-bulletin: ok ($bars bars, $(stat -c %s "$png") bytes PNG, $(stat -c %s "$pdf") bytes PDF)" >&2
