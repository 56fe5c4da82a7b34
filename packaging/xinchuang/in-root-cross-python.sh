#!/usr/bin/env bash
# Inside an x86_64 Debian 11 root (run by packaging/xinchuang/build.sh arm64): build CPython 3.11
# for arm64 with the cross compiler, against bullseye's arm64 libraries (glibc 2.31), because
# building it under qemu takes many times longer. A native build of the same source comes first:
# a cross build needs a build-machine Python of the same version. Writes OUT/python3.11-arm64.tar.
#
#   bash packaging/xinchuang/in-root-cross-python.sh OUT
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../roots.sh" # step_start/step_done only
. "$here/cpython.sh"
mkdir -p "$out"
step_start

echo "== apt: native and arm64 cross build packages"
dpkg --add-architecture arm64
apt-get update -qq
dev=(libssl-dev zlib1g-dev libbz2-dev liblzma-dev libffi-dev libexpat1-dev libsqlite3-dev uuid-dev)
apt-get install -y -qq --no-install-recommends build-essential pkg-config dpkg-dev \
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross "${dev[@]}" "${dev[@]/%/:arm64}" >/dev/null
step_done "apt: native and arm64 cross build packages"

echo "== CPython 3.11 source (Debian 12's python3.11 source package)"
cpython_source /build/cpython
step_done "CPython source (apt-get source, unpack)"

echo "== CPython: native build (the cross build's build Python)"
cpython_build /build/cpython /build/cpython-native
step_done "CPython native build"

echo "== CPython: arm64 cross build"
(
  export PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig
  export DESTDIR=/build/cpython-arm64-root
  # configure cannot run arm64 programs to find these out; the answers are glibc's on Linux.
  cpython_build /build/cpython /build/cpython-arm64 --host=aarch64-linux-gnu \
    --build=x86_64-linux-gnu --with-build-python="$cpython_prefix/bin/python3.11" \
    ac_cv_file__dev_ptmx=yes ac_cv_file__dev_ptc=no ac_cv_buggy_getaddrinfo=no
)
readelf -h "/build/cpython-arm64-root$cpython_prefix/lib/libpython3.11.so.1.0" | grep Machine
tar -C /build/cpython-arm64-root -cf "$out/python3.11-arm64.tar" .
step_done "CPython arm64 cross build"
echo "== times in the cross build root"
step_times | tee "$out/cross-times.txt"
