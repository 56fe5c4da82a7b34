#!/usr/bin/env bash
# Smoke test of the frozen Linux program and its .deb (run by `bash packaging/setup.sh test`):
#   - build the one-folder program, the .deb and (with makensis) compile the Windows installer;
#   - the frozen program's self-test: every module gaidesk imports is in the bundle;
#   - start it offscreen with a temporary data folder on the sample draft and on the home screen,
#     each window opening and quitting by itself (GAIDESK_SMOKE_QUIT_MS, packaging/frozen_entry.py);
#   - export the sample's PDF and workbook through the frozen command line;
#   - unpack the .deb into a scratch root and do the same with the installed copy;
#   - all without a network (inside `unshare -n` where the machine allows it);
# and require a clean stderr everywhere: no Qt warnings, no tracebacks.
#
#   bash packaging/smoke.sh [--no-build DIST]   (reuse an existing build folder instead)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/gaidesk-smoke.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

if [ "${1:-}" = --no-build ]; then
  dist=$(cd "$2" && pwd)
else
  dist=$scratch/dist
  bash packaging/build.sh --out "$dist"
fi
onedir=$dist/gaidesk
sample=$root/resources/samples/dazhai-2025.gaidesk
failures=0

fail() {
  echo "SMOKE FAILED: $*" >&2
  failures=$((failures + 1))
}

# No network at all when the kernel lets us make a private, empty network namespace.
offline=()
if unshare -n true 2>/dev/null; then
  offline=(unshare -n)
elif unshare -rn true 2>/dev/null; then
  offline=(unshare -rn)
else
  echo "(unshare -n is not permitted here: the frozen program runs with the normal network)"
fi

# run NAME EXPECTED_RC COMMAND... : runs offline in a clean environment, stdout to NAME.out,
# stderr to NAME.err; fails on another exit code or any stderr output.
run() {
  local name=$1 expected=$2 rc=0
  shift 2
  local runtime=$scratch/runtime-$name
  mkdir -p "$runtime" && chmod 700 "$runtime"
  env -i PATH=/usr/bin:/bin HOME="$scratch/home" LANG=C.UTF-8 XDG_RUNTIME_DIR="$runtime" \
    QT_QPA_PLATFORM=offscreen GAIDESK_DATA_DIR="$scratch/data-$name" GAIDESK_SMOKE_QUIT_MS=800 \
    timeout 120 "${offline[@]}" "$@" >"$scratch/$name.out" 2>"$scratch/$name.err" || rc=$?
  if [ "$rc" != "$expected" ]; then
    fail "$name: exit code $rc (expected $expected)"
  fi
  if [ -s "$scratch/$name.err" ]; then
    fail "$name: stderr is not clean:"
    sed 's/^/    /' "$scratch/$name.err" >&2
  fi
  sed 's/^/    /' "$scratch/$name.out"
}

# expect NAME TEXT : NAME.out contains TEXT.
expect() {
  grep -qF -- "$2" "$scratch/$1.out" || fail "$1: output lacks “$2”"
}

# smoke LABEL PROGRAM : the whole round on one installed copy of the program.
smoke() {
  local label=$1 program=$2 draft=$scratch/$1-sample.gaidesk pdf=$scratch/$1-sample.pdf
  echo "== $label: self-test"
  run "$label-selftest" 0 "$program" --frozen-self-test
  expect "$label-selftest" "0 problems"

  echo "== $label: window on the sample draft"
  cp "$sample" "$draft" && chmod u+w "$draft"
  run "$label-window" 0 "$program" "$draft"
  expect "$label-window" "gaidesk-smoke: shown 大寨镇2025年政府信息公开工作年度报告"

  echo "== $label: an error in a slot lands in the log"
  run "$label-crash" 0 env GAIDESK_SMOKE_RAISE=1 "$program"
  grep -qF "gaidesk-smoke: deliberate error in a slot" "$scratch/data-$label-crash/logs/gaidesk.log" \
    2>/dev/null || fail "$label-crash: the error is not in the crash log"

  echo "== $label: home screen"
  run "$label-home" 0 "$program"
  expect "$label-home" "gaidesk-smoke: shown"

  echo "== $label: command line"
  run "$label-check" 0 "$program" check "$draft"
  run "$label-export" 0 "$program" export "$draft" --pdf "$pdf" --xlsx "$scratch/$label.xlsx"
  expect "$label-export" "已导出 PDF"
  if [ "$(head -c 5 "$pdf" 2>/dev/null)" != "%PDF-" ]; then
    fail "$label: no PDF written"
  elif command -v pdfinfo >/dev/null; then
    pdfinfo "$pdf" | grep -q '^Pages: *[1-9]' || fail "$label: the PDF has no pages"
  fi
  [ -s "$scratch/$label.xlsx" ] || fail "$label: no workbook written"
}

smoke onedir "$onedir/gaidesk"

deb=$(ls "$dist"/gaidesk_*.deb 2>/dev/null | head -1 || true)
if [ -n "$deb" ]; then
  echo "== deb: $(basename "$deb") ($(($(stat -c %s "$deb") / 1024 / 1024)) MiB)"
  dpkg-deb --field "$deb" Package Version Architecture Depends | sed 's/^/    /'
  debroot=$scratch/debroot
  dpkg-deb -x "$deb" "$debroot"
  [ "$(readlink "$debroot/usr/bin/gaidesk")" = /opt/gaidesk/gaidesk ] \
    || fail "deb: /usr/bin/gaidesk does not point to /opt/gaidesk/gaidesk"
  grep -q '^Name\[zh_CN\]=政府信息公开年报助手' "$debroot/usr/share/applications/gaidesk.desktop" \
    || fail "deb: desktop entry without its Chinese name"
  grep -q '^MimeType=application/x-gaidesk;' "$debroot/usr/share/applications/gaidesk.desktop" \
    || fail "deb: desktop entry does not open .gaidesk files"
  python3 -c 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); \
g = [e.getAttribute("pattern") for e in d.getElementsByTagName("glob")]; \
sys.exit(0 if "*.gaidesk" in g else 1)' "$debroot/usr/share/mime/packages/gaidesk.xml" \
    || fail "deb: the MIME type does not claim *.gaidesk"
  [ -f "$debroot/usr/share/icons/hicolor/256x256/apps/gaidesk.png" ] || fail "deb: no icon"
  smoke deb "$debroot/opt/gaidesk/gaidesk"
elif command -v dpkg-deb >/dev/null; then
  fail "no .deb was built"
fi

if command -v makensis >/dev/null; then
  [ -s "$root/build/nsis-check/gaidesk-setup-check.exe" ] || [ -n "$(ls "$dist"/*setup.exe 2>/dev/null)" ] \
    || fail "the Windows installer script did not compile"
fi

# the budget of docs/design.md §3 for the frozen Linux program: 120 MB (decimal megabytes, as du -sb counts).
size=$(du -sb "$onedir" | cut -f1)
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB (%.1f MiB)", b / 1e6, b / 1048576 }'; }
echo "== onedir $(mb "$size"); .deb $([ -n "$deb" ] && mb "$(stat -c %s "$deb")" || echo -)"
if [ "$size" -gt 120000000 ]; then
  fail "the onedir is $(mb "$size"), over the 120 MB budget"
fi
if [ "$failures" -gt 0 ]; then
  echo "smoke test: $failures failure(s)" >&2
  exit 1
fi
echo "smoke test: all good"
