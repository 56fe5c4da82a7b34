#!/usr/bin/env bash
# gaidesk for 信创 desktops (UOS 20: glibc 2.28; Kylin V10 SP1: glibc 2.31) from an old-glibc root:
#   1. a Debian 11 root (debootstrap bullseye, glibc 2.31): CPython 3.11 built from Debian 12's
#      source package with libm's 2.29 symbols bound to older versions, gaidesk's dependencies
#      with the newest PySide6 whose wheels this glibc takes, the test suite with it, then
#      packaging/build.sh: the onedir, the GLIBC audit of every ELF file, the .deb
#      (packaging/xinchuang/in-root-build.sh);
#   2. a second, fresh Debian 11 root: the .deb installed with apt, the installed program's
#      self-test, `check`, `export --pdf` and window under Xvfb (in-root-verify.sh).
#
#   sudo bash packaging/xinchuang/build.sh amd64 [--out DIR] [--keep]
#
# amd64: PySide6 6.9.3 (manylinux_2_28 wheels), audit <= GLIBC 2.28. Built from the committed HEAD.
# Results in DIR (default dist/xinchuang-ARCH): gaidesk_VERSION_ARCH.deb, window.png, sample.pdf,
# times.txt. Needs root, debootstrap, about 5 GB in /var/tmp; caches as packaging/roots.sh says.
set -euo pipefail

arch=${1:-}
shift || true
case "$arch" in
  amd64) pyside=6.9.3 max_glibc=2.28 ;;
  *) echo "usage: sudo bash packaging/xinchuang/build.sh amd64 [--out DIR] [--keep]" >&2; exit 2 ;;
esac
[ "$arch" = "$(dpkg --print-architecture)" ] || { echo "build.sh: $arch builds on an $arch host" >&2; exit 2; }
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$here/dist/xinchuang-$arch
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: sudo bash packaging/xinchuang/build.sh amd64 [--out DIR] [--keep]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "xinchuang/build.sh: run as root (sudo)" >&2; exit 2; }
. "$here/packaging/roots.sh"
commit=$(git -C "$here" rev-parse HEAD)
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/gaidesk_*.deb

build=$(mktemp -d /var/tmp/gaidesk-bullseye-build.XXXXXX)
verify=$(mktemp -d /var/tmp/gaidesk-bullseye-verify.XXXXXX)
cleanup() {
  if [ "$keep" = 1 ]; then
    echo "(roots kept: $build $verify)"
  else
    remove_root "$build" || true
    remove_root "$verify" || true
  fi
}
trap cleanup EXIT

step_start
make_root bullseye "$build"
step_done "debootstrap bullseye (build root)"
git clone -q --no-hardlinks "$here" "$build/build/gaidesk"
git -C "$build/build/gaidesk" checkout -q --detach "$commit"
# pip itself (the source package's CPython comes without it), and the CPython sources kept from
# the last run (apt-get source downloads only what changed).
mkdir -p "$roots_cache/wheels" "$roots_cache/python-src" "$build/build/wheels" "$build/build/python-src"
rm -f "$roots_cache"/wheels/pip-*.whl
python3 -m pip download -q --no-deps --only-binary=:all: pip -d "$roots_cache/wheels"
cp "$roots_cache"/wheels/pip-*.whl "$build/build/wheels/"
cp -a "$roots_cache/python-src/." "$build/build/python-src/"
in_root "$build" "bash /build/gaidesk/packaging/xinchuang/in-root-build.sh $pyside $max_glibc /build/out"
cp -a "$build/build/python-src/." "$roots_cache/python-src/"
onedir_bytes=$(du -sb "$build/build/out/gaidesk" | cut -f1)
cp "$build"/build/out/gaidesk_*.deb "$out/"
deb=$(ls "$out"/gaidesk_*.deb)
bash "$here/packaging/glibc-audit.sh" "$build/build/out/gaidesk" "$max_glibc" | tee "$out/glibc-audit.txt"
step_done "build root: CPython, pip, pytest, build.sh"

make_root bullseye "$verify"
step_done "debootstrap bullseye (verify root)"
mkdir -p "$verify/verify"
cp "$deb" "$here/resources/samples/dazhai-2025.gaidesk" "$here/packaging/roots.sh" \
  "$here/packaging/xinchuang/in-root-verify.sh" "$verify/verify/"
in_root "$verify" "bash /verify/in-root-verify.sh /verify"
cp "$verify/verify/sample.pdf" "$out/"
if command -v convert >/dev/null; then
  convert "xwd:$verify/verify/window.xwd" "$out/window.png"
else
  cp "$verify/verify/window.xwd" "$out/"
fi
step_done "verify root: apt install, self-test, check, export, window"

mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
{
  echo "gaidesk $arch for glibc >= $max_glibc, PySide6 $pyside, commit $commit"
  echo "onedir $(mb "$onedir_bytes"), .deb $(mb "$(stat -c %s "$deb")")"
  echo "in the build root:"
  cat "$build/build/out/build-times.txt"
  echo "in the verify root:"
  cat "$verify/verify/verify-times.txt"
  echo "whole script:"
  step_times
} | tee "$out/times.txt"
echo "xinchuang build $arch: all good ($deb)"
