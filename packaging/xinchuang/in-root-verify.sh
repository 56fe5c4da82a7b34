#!/usr/bin/env bash
# Inside a fresh Debian 11 root (run by packaging/xinchuang/build.sh): install the .deb as a user
# would (apt resolves its dependencies from the mirror), then run the installed program: the
# frozen self-test, `check` and `export --pdf` on the sample, and the window under Xvfb, whose
# screen is saved as window.xwd. Every step must leave stderr clean.
#
#   bash in-root-verify.sh DIR      (DIR holds gaidesk_*.deb and dazhai-2025.gaidesk; results go there)
set -euo pipefail
dir=$1
cd "$dir"
deb=$(ls "$dir"/gaidesk_*.deb | head -1)
. "$dir/roots.sh" # step_start/step_done only
step_start

echo "== apt-get install $(basename "$deb")"
apt-get update -qq
apt-get install -y -qq "$deb" xvfb xauth >/dev/null
dpkg-query -W -f='   ${Package} ${Version} ${Architecture}\n   Depends: ${Depends}\n   Recommends: ${Recommends}\n' gaidesk
step_done "apt-get install the .deb (and Xvfb)"

failures=0
fail() { echo "VERIFY FAILED: $*" >&2; failures=$((failures + 1)); }
work=$(mktemp -d /tmp/verify.XXXXXX)
export HOME=/home/科员 GAIDESK_DATA_DIR=$work/data XDG_RUNTIME_DIR=$work/runtime LANG=C.UTF-8
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
mkdir -p "$HOME/文档"
cp "$dir/dazhai-2025.gaidesk" "$HOME/文档/大寨镇2025年报.gaidesk"
sample=$HOME/文档/大寨镇2025年报.gaidesk

# run NAME COMMAND... : must exit 0 with a clean stderr; prints stdout and the time it took.
run() {
  local name=$1 rc=0 start end
  shift
  start=$(date +%s%N)
  "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
  end=$(date +%s%N)
  sed 's/^/    /' "$work/$name.out" | tail -5
  awk -v n="$name" -v rc="$rc" -v ns=$((end - start)) 'BEGIN { printf "   %s: exit %d, %.2f s\n", n, rc, ns / 1e9 }'
  [ "$rc" = 0 ] || fail "$name exited with $rc"
  if [ -s "$work/$name.err" ]; then fail "$name: stderr is not clean"; sed 's/^/    /' "$work/$name.err" >&2; fi
}

echo "== installed program"
[ "$(readlink -f /usr/bin/gaidesk)" = /opt/gaidesk/gaidesk ] || fail "/usr/bin/gaidesk is missing"
grep -q 'application/x-gaidesk' /usr/share/mime/globs2 || fail "the MIME database lacks *.gaidesk"
grep -q '^MimeType=application/x-gaidesk;' /usr/share/applications/gaidesk.desktop || fail "desktop entry"
QT_QPA_PLATFORM=offscreen run selftest gaidesk --frozen-self-test
grep -q "0 problems" "$work/selftest.out" || fail "self-test did not report 0 problems"
run check gaidesk check "$sample"
run export gaidesk export "$sample" --pdf "$dir/sample.pdf"
[ "$(head -c 5 "$dir/sample.pdf" 2>/dev/null)" = "%PDF-" ] || fail "no PDF written"
step_done "self-test, check, export --pdf"

echo "== the window under Xvfb (1366x768)"
mkdir -p "$work/fb"
Xvfb :77 -screen 0 1366x768x24 -fbdir "$work/fb" -nolisten tcp 2>"$work/xvfb.err" &
xvfb=$!
for _ in $(seq 50); do [ -e /tmp/.X11-unix/X77 ] && break; sleep 0.2; done
DISPLAY=:77 GAIDESK_SMOKE_QUIT_MS=6000 gaidesk "$sample" >"$work/window.out" 2>"$work/window.err" &
app=$!
for _ in $(seq 100); do grep -q "gaidesk-smoke: shown" "$work/window.out" && break; sleep 0.2; done
sleep 2
cp "$work/fb/Xvfb_screen0" "$dir/window.xwd"
rc=0
wait "$app" || rc=$?
kill "$xvfb" 2>/dev/null || true
cat "$work/window.out" | sed 's/^/    /'
[ "$rc" = 0 ] || fail "window: exit code $rc"
grep -q "gaidesk-smoke: shown 大寨镇2025年政府信息公开工作年度报告" "$work/window.out" || fail "window not shown"
if [ -s "$work/window.err" ]; then fail "window: stderr is not clean"; sed 's/^/    /' "$work/window.err" >&2; fi
step_done "window under Xvfb"
echo "== times in the verify root"
step_times | tee "$dir/verify-times.txt"
[ "$failures" = 0 ] || { echo "verify: $failures failure(s)" >&2; exit 1; }
echo "verify: all good"
