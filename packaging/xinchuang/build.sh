#!/usr/bin/env bash
# gaidesk for 信创 desktops (UOS 20: glibc 2.28; Kylin V10 SP1: glibc 2.31) from old-glibc roots:
#   1. a Debian 11 root (debootstrap bullseye, glibc 2.31) builds CPython 3.11 from Debian 12's
#      source package (cpython.sh), installs gaidesk's dependencies with the newest PySide6 whose
#      wheels this glibc takes, runs the test suite with it, then packaging/build.sh: the onedir,
#      the GLIBC audit of every ELF file, the .deb (in-root-build.sh);
#   2. a second, fresh Debian 11 root installs the .deb with apt and runs the installed program's
#      self-test, `check`, `export --pdf` and its window under Xvfb (in-root-verify.sh).
#
#   sudo bash packaging/xinchuang/build.sh amd64|arm64 [--out DIR] [--keep]
#
# amd64: PySide6 6.9.3 (manylinux_2_28), audit <= GLIBC 2.28 (UOS 20 and later).
# arm64: PySide6 6.8.0.2 (manylinux_2_31, the last aarch64 wheels below 2.39), audit <= 2.31
#   (Kylin V10 SP1; UOS 20 on arm64 only from glibc 2.31 on). Built on an x86_64 host: CPython is
#   cross-compiled in an x86_64 bullseye root (in-root-cross-python.sh), the rest runs in arm64
#   roots under qemu-user-static, without the test suite (under qemu it would take most of an
#   hour); the installed program's self-test, check, export and window do run there.
#
# Built from the committed HEAD. Results in DIR (default dist/xinchuang-ARCH):
# gaidesk_VERSION_ARCH.deb, window.png, sample.pdf, glibc-audit.txt, times.txt. Needs root,
# debootstrap, up to 3 GB per root in /var/tmp; downloads are cached as packaging/roots.sh says.
set -euo pipefail

usage() { echo "usage: sudo bash packaging/xinchuang/build.sh amd64|arm64 [--out DIR] [--keep]" >&2; exit 2; }
arch=${1:-}
shift || true
case "$arch" in
  amd64) pyside=6.9.3 max_glibc=2.28 ;;
  arm64) pyside=6.8.0.2 max_glibc=2.31 ;;
  *) usage ;;
esac
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$here/dist/xinchuang-$arch
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) usage ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "xinchuang/build.sh: run as root (sudo)" >&2; exit 2; }
host_arch=$(dpkg --print-architecture)
if [ "$arch" != "$host_arch" ] && { [ "$arch" != arm64 ] || [ "$host_arch" != amd64 ]; }; then
  echo "xinchuang/build.sh: builds $arch on an $arch host (arm64 also on amd64)" >&2
  exit 2
fi
. "$here/packaging/roots.sh"
commit=$(git -C "$here" rev-parse HEAD)
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/gaidesk_*.deb

roots=()
cleanup() {
  local r
  for r in "${roots[@]}"; do
    if [ "$keep" = 1 ]; then echo "(root kept: $r)"; else remove_root "$r" || true; fi
  done
}
trap cleanup EXIT
new_root() { # new_root NAME ARCH : a fresh bullseye root; its path in $root
  root=$(mktemp -d "/var/tmp/gaidesk-bullseye-$1.XXXXXX")
  roots+=("$root")
  make_root bullseye "$root" "$2"
}
clone_into() { # clone_into ROOT : the committed HEAD in ROOT/build/gaidesk, cached CPython sources
  git clone -q --no-hardlinks "$here" "$1/build/gaidesk"
  git -C "$1/build/gaidesk" checkout -q --detach "$commit"
  mkdir -p "$roots_cache/python-src" "$1/build/python-src"
  cp -a "$roots_cache/python-src/." "$1/build/python-src/"
}

step_start
python_tar=""
if [ "$arch" != "$host_arch" ]; then
  # It installs arm64 libraries beside its own: no security archive, whose arm64 files the
  # mirror lacks (roots.sh), so that both architectures get the same library versions.
  ROOTS_NO_SECURITY=1 new_root cross "$host_arch"
  cross=$root
  step_done "debootstrap bullseye $host_arch (cross root)"
  clone_into "$cross"
  in_root "$cross" "bash /build/gaidesk/packaging/xinchuang/in-root-cross-python.sh /build/out"
  cp -a "$cross/build/python-src/." "$roots_cache/python-src/"
  step_done "cross root: CPython native and $arch builds"
fi

new_root build "$arch"
build=$root
step_done "debootstrap bullseye $arch (build root)"
clone_into "$build"
# pip itself: the source package's CPython comes without it.
mkdir -p "$roots_cache/wheels" "$build/build/wheels"
rm -f "$roots_cache"/wheels/pip-*.whl
python3 -m pip download -q --no-deps --only-binary=:all: pip -d "$roots_cache/wheels"
cp "$roots_cache"/wheels/pip-*.whl "$build/build/wheels/"
options=""
if [ -n "${cross:-}" ]; then
  cp "$cross/build/out/python3.11-$arch.tar" "$build/build/"
  options="--python-tar /build/python3.11-$arch.tar --no-tests"
fi
in_root "$build" "bash /build/gaidesk/packaging/xinchuang/in-root-build.sh $options $pyside $max_glibc /build/out"
[ -n "${cross:-}" ] || cp -a "$build/build/python-src/." "$roots_cache/python-src/"
onedir_bytes=$(du -sb "$build/build/out/gaidesk" | cut -f1)
cp "$build"/build/out/gaidesk_*.deb "$out/"
deb=$(ls "$out"/gaidesk_*.deb)
bash "$here/packaging/glibc-audit.sh" "$build/build/out/gaidesk" "$max_glibc" | tee "$out/glibc-audit.txt"
step_done "build root: pip, tests, build.sh"

new_root verify "$arch"
verify=$root
step_done "debootstrap bullseye $arch (verify root)"
mkdir -p "$verify/verify"
cp "$deb" "$here/resources/samples/dazhai-2025.gaidesk" "$here/packaging/roots.sh" \
  "$here/packaging/xinchuang/in-root-verify.sh" "$verify/verify/"
in_root "$verify" "bash /verify/in-root-verify.sh /verify"
cp "$verify/verify/sample.pdf" "$out/"
python3 "$here/packaging/xinchuang/xwd_to_png.py" "$verify/verify/window.xwd" "$out/window.png"
step_done "verify root: apt install, self-test, check, export, window"

mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
{
  echo "gaidesk $arch for glibc >= $max_glibc, PySide6 $pyside, commit $commit"
  echo "onedir $(mb "$onedir_bytes"), .deb $(mb "$(stat -c %s "$deb")")"
  [ -z "${cross:-}" ] || { echo "in the cross root:"; cat "$cross/build/out/cross-times.txt"; }
  echo "in the build root:"
  cat "$build/build/out/build-times.txt"
  echo "in the verify root:"
  cat "$verify/verify/verify-times.txt"
  echo "whole script:"
  step_times
} | tee "$out/times.txt"
echo "xinchuang build $arch: all good ($deb)"
