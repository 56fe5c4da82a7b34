#!/usr/bin/env bash
# The README's test command on a machine that has nothing yet: a minimal Debian 12 root made with
# debootstrap (variant minbase), the repository's committed HEAD cloned into it, and then
# `bash packaging/setup.sh test` run there as root. A system package that set-up forgets to install
# fails here, where a developer's machine set up by hand would hide it.
#
#   sudo bash packaging/fresh-root-test.sh [--keep]    (--keep: leave the root for a look)
#
# Needs root (debootstrap, chroot, mounts); installs debootstrap on the host if it is missing.
# The root gets the host's certificate store and its apt and pip registry settings, so that apt
# and pip reach the same mirrors as on the host. Only downloads are cached, outside the clone, in
# $GAIDESK_CACHE (default ~/.cache/gaidesk): the debootstrap tarball of minbase, apt's .deb files
# and pip's download cache. The root itself is new every run and has nothing beyond minbase when
# the README's command starts.
set -euo pipefail

keep=0
case "${1:-}" in
  --keep) keep=1 ;;
  "") ;;
  *) echo "usage: sudo bash packaging/fresh-root-test.sh [--keep]" >&2; exit 2 ;;
esac
[ "$(id -u)" -eq 0 ] || { echo "fresh-root-test.sh: run as root (sudo)" >&2; exit 2; }

here=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$here" rev-parse HEAD)
if [ -n "$(git -C "$here" status --porcelain --untracked-files=no)" ]; then
  echo "(uncommitted changes are not tested: the root gets the committed HEAD $commit)"
fi
suite=bookworm
arch=$(dpkg --print-architecture)
# The host's own mirror for the suite, else Debian's.
mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
  awk -v s="$suite" '$2 == s && $1 !~ /security/ { print $1; exit }')
mirror=${mirror:-http://deb.debian.org/debian/}
cache=${GAIDESK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gaidesk}
mkdir -p "$cache/apt-archives/partial" "$cache/pip"

command -v debootstrap >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
}

t0=$(date +%s)
steps=()
step_done() { # step_done NAME : record how long NAME took since the last call
  local now
  now=$(date +%s)
  steps+=("$(printf '%-34s %4d s' "$1" $((now - t0)))")
  t0=$now
}

tarball=$cache/debootstrap-$suite-minbase-$arch.tgz
if [ ! -s "$tarball" ]; then
  echo "== debootstrap: downloading $suite minbase from $mirror into $tarball"
  scratch=$(mktemp -d /var/tmp/gaidesk-debootstrap.XXXXXX)
  debootstrap --variant=minbase --arch="$arch" --make-tarball="$tarball.part" \
    "$suite" "$scratch" "$mirror" >/dev/null
  rm -rf "$scratch"
  mv "$tarball.part" "$tarball"
fi
root=$(mktemp -d /var/tmp/gaidesk-fresh-root.XXXXXX)
cleanup() {
  # The mounts live in a private mount namespace that is gone by now; never delete through one.
  if grep -q " $root/" /proc/self/mounts; then
    echo "fresh-root-test.sh: $root still has mounts; not removed" >&2
  elif [ "$keep" = 1 ]; then
    echo "(root kept: $root)"
  else
    rm -rf "$root"
  fi
}
trap cleanup EXIT
echo "== debootstrap $suite (minbase) into $root"
debootstrap --variant=minbase --arch="$arch" --unpack-tarball="$tarball" \
  "$suite" "$root" "$mirror" >/dev/null
step_done "debootstrap (minbase)"

# The host's registries: apt sources and the keyrings they name, apt's Acquire settings (not
# its clean-up hooks, which would empty the download cache), the certificate store, pip's
# configuration without local paths (find-links folders, file:// indexes) that exist only here.
if [ -f /etc/apt/sources.list ] || [ -n "$(ls /etc/apt/sources.list.d/*.{list,sources} 2>/dev/null)" ]; then
  rm -f "$root/etc/apt/sources.list"
  [ ! -f /etc/apt/sources.list ] || cp /etc/apt/sources.list "$root/etc/apt/"
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ ! -f "$f" ] || cp "$f" "$root/etc/apt/sources.list.d/"
  done
fi
for d in /etc/apt/keyrings /etc/apt/trusted.gpg.d; do
  [ ! -d "$d" ] || { mkdir -p "$root$d" && cp -a "$d/." "$root$d/"; }
done
for key in $(cat "$root"/etc/apt/sources.list "$root"/etc/apt/sources.list.d/* 2>/dev/null |
  sed -n -e 's/^Signed-By: *//p' -e 's/.*signed-by=\([^] ]*\).*/\1/p' | sort -u); do
  [ ! -f "$key" ] || [ -f "$root$key" ] || { mkdir -p "$root$(dirname "$key")" && cp "$key" "$root$key"; }
done
for f in /etc/apt/apt.conf.d/*; do
  if grep -q 'Acquire::' "$f" && ! grep -q -E 'Invoke|Dir::Cache' "$f"; then
    cp "$f" "$root/etc/apt/apt.conf.d/"
  fi
done
mkdir -p "$root/etc/ssl" "$root/usr/local/share"
cp -aL /etc/ssl/certs "$root/etc/ssl/"
[ ! -d /usr/local/share/ca-certificates ] || cp -a /usr/local/share/ca-certificates "$root/usr/local/share/"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
without_local_paths() { grep -v -E '(file://|^[[:space:]]*find-links[[:space:]]*=[[:space:]]*/)' "$1" || true; }
[ ! -f /etc/pip.conf ] || without_local_paths /etc/pip.conf >"$root/etc/pip.conf"
if [ -d /etc/xdg/pip ]; then
  mkdir -p "$root/etc/xdg/pip"
  cp -a /etc/xdg/pip/. "$root/etc/xdg/pip/"
  [ ! -f /etc/xdg/pip/pip.conf ] || without_local_paths /etc/xdg/pip/pip.conf >"$root/etc/xdg/pip/pip.conf"
fi
user_home=$(getent passwd "${SUDO_USER:-root}" | cut -d: -f6)
for f in "$user_home/.config/pip/pip.conf" "$user_home/.pip/pip.conf"; do
  if [ -f "$f" ]; then
    mkdir -p "$root/root/$(dirname "${f#"$user_home"/}")"
    without_local_paths "$f" >"$root/root/${f#"$user_home"/}"
  fi
done
passed_env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
  LANG=C.UTF-8 TERM=dumb)
for v in PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TRUSTED_HOST PIP_CERT PIP_DEFAULT_TIMEOUT \
  PIP_RETRIES PIP_PROXY PIP_CONSTRAINT http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY \
  NO_PROXY; do
  value=${!v:-}
  case "$value" in "" | file://* | /opt/*) continue ;; esac
  passed_env+=("$v=$value")
done

echo "== clone $commit"
git clone -q --no-hardlinks "$here" "$root/root/gaidesk"
git -C "$root/root/gaidesk" checkout -q --detach "$commit"
step_done "clone"

# Run in a private mount namespace: /proc, /dev, /sys and the download caches are mounted for
# this run only and vanish with it.
echo "== bash packaging/setup.sh test (in the fresh root)"
rc=0
unshare --mount --propagation private -- bash -euc '
  root=$1 cache=$2; shift 2
  mount -t proc proc "$root/proc"
  mount -t sysfs sys "$root/sys"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs tmpfs "$root/dev/shm"
  mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
  mkdir -p "$root/root/.cache/pip"
  mount --bind "$cache/pip" "$root/root/.cache/pip"
  exec chroot "$root" env -i "$@" bash -c "cd /root/gaidesk && bash packaging/setup.sh test"
' _ "$root" "$cache" "${passed_env[@]}" || rc=$?
step_done "bash packaging/setup.sh test"
echo "== root after the test: $(du -sh "$root" | cut -f1)"
echo "== times"
printf '   %s\n' "${steps[@]}"
if [ "$rc" != 0 ]; then
  echo "fresh-root test FAILED: the README's test command exited with $rc in a fresh $suite root" >&2
  exit "$rc"
fi
echo "fresh-root test: the README's test command passed in a fresh $suite root"
