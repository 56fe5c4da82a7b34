# Debian roots for the fresh-machine test and the old-glibc builds (sourced by
# packaging/fresh-root-test.sh and packaging/xinchuang/build.sh; needs root and bash).
#
# A root is made with debootstrap (variant minbase) from a cached tarball, gets the host's
# certificate store and its apt and pip registry settings, and runs commands through `in_root`,
# which mounts /proc, /sys, /dev and the download caches in a private mount namespace that ends
# with the command. Only downloads are cached, in $GAIDESK_CACHE (default ~/.cache/gaidesk): the
# debootstrap tarballs, apt's .deb files (one folder per suite and architecture) and pip's cache.

roots_cache=${GAIDESK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gaidesk}
host_suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
# The host's own mirrors (Debian's when the host names none).
roots_mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
  awk -v s="$host_suite" '$2 == s && $1 !~ /security/ { print $1; exit }')
roots_mirror=${roots_mirror:-http://deb.debian.org/debian/}
roots_security=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
  awk '$2 ~ /-security$/ { print $1; exit }')
roots_security=${roots_security:-http://deb.debian.org/debian-security/}

roots_need_debootstrap() {
  command -v debootstrap >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
  }
}

# roots_need_qemu ARCH : run ARCH's programs through qemu-user-static (binfmt_misc, with the
# F flag, so that they also run inside a chroot).
roots_need_qemu() {
  local qemu_arch
  case "$1" in
    arm64) qemu_arch=aarch64 ;;
    *) echo "roots.sh: no qemu set-up for $1" >&2; return 1 ;;
  esac
  [ ! -e "/proc/sys/fs/binfmt_misc/qemu-$qemu_arch" ] || return 0
  [ -f "/usr/lib/binfmt.d/qemu-$qemu_arch.conf" ] || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static
  }
  [ -e /proc/sys/fs/binfmt_misc/register ] ||
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  cat "/usr/lib/binfmt.d/qemu-$qemu_arch.conf" >/proc/sys/fs/binfmt_misc/register
}

# make_root SUITE DIR [ARCH] : a minbase root of SUITE in DIR, for the host's architecture or
# for ARCH (then through qemu: debootstrap's second stage runs inside the root). With
# ROOTS_NO_SECURITY set, the root gets no security archive (see copy_registries).
make_root() {
  local suite=$1 dir=$2 arch=${3:-$(dpkg --print-architecture)} tarball scratch foreign=()
  roots_need_debootstrap
  if [ "$arch" != "$(dpkg --print-architecture)" ]; then
    roots_need_qemu "$arch"
    foreign=(--foreign)
  fi
  tarball=$roots_cache/debootstrap-$suite-minbase-$arch.tgz
  mkdir -p "$roots_cache"
  if [ ! -s "$tarball" ]; then
    echo "== debootstrap: downloading $suite minbase ($arch) from $roots_mirror into $tarball"
    scratch=$(mktemp -d /var/tmp/gaidesk-debootstrap.XXXXXX)
    debootstrap --variant=minbase --arch="$arch" --make-tarball="$tarball.part" \
      "$suite" "$scratch" "$roots_mirror" >/dev/null
    rm -rf "$scratch"
    mv "$tarball.part" "$tarball"
  fi
  echo "== debootstrap $suite (minbase, $arch) into $dir"
  chmod 755 "$dir" # mktemp's 0700 would keep apt's _apt user out of its own download folders
  debootstrap "${foreign[@]}" --variant=minbase --arch="$arch" --unpack-tarball="$tarball" \
    "$suite" "$dir" "$roots_mirror" >/dev/null
  if [ ${#foreign[@]} -gt 0 ]; then
    # In a private mount namespace: the second stage mounts /proc and /sys in the root.
    unshare --mount --propagation private -- chroot "$dir" /debootstrap/debootstrap --second-stage >/dev/null
  fi
  mkdir -p "$roots_cache/apt-$suite-$arch/partial" "$roots_cache/pip"
  echo "$suite-$arch" >"$dir/.gaidesk-root"
  copy_registries "$suite" "$dir"
}

# copy_registries SUITE DIR : the host's registries, as the host reaches them. A root of the
# host's own release gets the host's apt sources as they are; another release gets the same
# mirrors with its own suite names. Also: the keyrings the sources name, apt's Acquire settings
# (not clean-up hooks, which would empty the download cache), the certificate store, DNS, and
# pip's configuration without local paths (find-links folders, file:// indexes) that exist only
# on the host.
copy_registries() {
  local suite=$1 dir=$2 f d key user_home
  rm -f "$dir/etc/apt/sources.list"
  if [ "$suite" = "$host_suite" ]; then
    [ ! -f /etc/apt/sources.list ] || cp /etc/apt/sources.list "$dir/etc/apt/"
    for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
      [ ! -f "$f" ] || cp "$f" "$dir/etc/apt/sources.list.d/"
    done
  else
    printf 'deb %s %s main\ndeb %s %s-updates main\n' \
      "$roots_mirror" "$suite" "$roots_mirror" "$suite" >"$dir/etc/apt/sources.list"
    # The security archive only for the host's architecture: the mirrors used here serve no
    # arm64 files of bullseye-security (its LTS updates), and a Multi-Arch library must have the
    # same version for every architecture installed.
    if [ "$(cat "$dir/.gaidesk-root" 2>/dev/null)" = "$suite-$(dpkg --print-architecture)" ] &&
      [ -z "${ROOTS_NO_SECURITY:-}" ]; then
      printf 'deb %s %s-security main\n' "$roots_security" "$suite" >>"$dir/etc/apt/sources.list"
    fi
  fi
  for d in /etc/apt/keyrings /etc/apt/trusted.gpg.d; do
    [ ! -d "$d" ] || { mkdir -p "$dir$d" && cp -a "$d/." "$dir$d/"; }
  done
  for key in $(cat "$dir"/etc/apt/sources.list "$dir"/etc/apt/sources.list.d/* 2>/dev/null |
    sed -n -e 's/^Signed-By: *//p' -e 's/.*signed-by=\([^] ]*\).*/\1/p' | sort -u); do
    [ ! -f "$key" ] || [ -f "$dir$key" ] || { mkdir -p "$dir$(dirname "$key")" && cp "$key" "$dir$key"; }
  done
  for f in /etc/apt/apt.conf.d/*; do
    if grep -q 'Acquire::' "$f" && ! grep -q -E 'Invoke|Dir::Cache' "$f"; then
      cp "$f" "$dir/etc/apt/apt.conf.d/"
    fi
  done
  mkdir -p "$dir/etc/ssl" "$dir/usr/local/share"
  cp -aL /etc/ssl/certs "$dir/etc/ssl/"
  [ ! -d /usr/local/share/ca-certificates ] || cp -a /usr/local/share/ca-certificates "$dir/usr/local/share/"
  cp -L /etc/resolv.conf "$dir/etc/resolv.conf"
  [ ! -f /etc/pip.conf ] || roots_without_local_paths /etc/pip.conf >"$dir/etc/pip.conf"
  if [ -d /etc/xdg/pip ]; then
    mkdir -p "$dir/etc/xdg/pip"
    cp -a /etc/xdg/pip/. "$dir/etc/xdg/pip/"
    [ ! -f /etc/xdg/pip/pip.conf ] || roots_without_local_paths /etc/xdg/pip/pip.conf >"$dir/etc/xdg/pip/pip.conf"
  fi
  user_home=$(getent passwd "${SUDO_USER:-root}" | cut -d: -f6)
  for f in "$user_home/.config/pip/pip.conf" "$user_home/.pip/pip.conf"; do
    if [ -f "$f" ]; then
      mkdir -p "$dir/root/$(dirname "${f#"$user_home"/}")"
      roots_without_local_paths "$f" >"$dir/root/${f#"$user_home"/}"
    fi
  done
}

roots_without_local_paths() {
  grep -v -E '(file://|^[[:space:]]*find-links[[:space:]]*=[[:space:]]*/)' "$1" || true
}

# The environment commands in a root get: nothing of the host's but pip's and the proxies'
# registry settings (local paths left out).
roots_env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
  LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive)
for roots_var in PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TRUSTED_HOST PIP_CERT PIP_DEFAULT_TIMEOUT \
  PIP_RETRIES PIP_PROXY PIP_CONSTRAINT http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY \
  NO_PROXY; do
  case "${!roots_var:-}" in "" | file://* | /opt/*) continue ;; esac
  roots_env+=("$roots_var=${!roots_var}")
done
unset roots_var

# in_root DIR COMMAND... : run COMMAND (through bash -c) inside the root DIR, as root, with
# /proc, /sys, /dev, a fresh /dev/shm and the download caches mounted for this command only.
# Extra environment variables may precede the command as NAME=VALUE words.
in_root() {
  local dir=$1 kind
  shift
  kind=$(cat "$dir/.gaidesk-root")
  unshare --mount --propagation private -- bash -euc '
    dir=$1 cache=$2 kind=$3; shift 3
    mount -t proc proc "$dir/proc"
    mount -t sysfs sys "$dir/sys"
    mount --rbind /dev "$dir/dev"
    mount -t tmpfs tmpfs "$dir/dev/shm"
    mount --bind "$cache/apt-$kind" "$dir/var/cache/apt/archives"
    mkdir -p "$dir/root/.cache/pip"
    mount --bind "$cache/pip" "$dir/root/.cache/pip"
    envs=()
    while [ $# -gt 1 ] && [[ $1 == *=* ]]; do envs+=("$1"); shift; done
    exec chroot "$dir" env -i "${envs[@]}" bash -c "$1"
  ' _ "$dir" "$roots_cache" "$kind" "${roots_env[@]}" "$@"
}

# remove_root DIR : delete a root, never through a mount that is still there.
remove_root() {
  local dir=$1
  if grep -q " $dir/" /proc/self/mounts; then
    echo "roots.sh: $dir still has mounts; not removed" >&2
    return 1
  fi
  rm -rf "$dir"
}

# Step times: step_start once, then step_done NAME after each step; step_times prints them.
step_start() { roots_t0=$(date +%s); roots_steps=(); }
step_done() {
  local now
  now=$(date +%s)
  roots_steps+=("$(printf '%-44s %5d s' "$1" $((now - roots_t0)))")
  roots_t0=$now
}
step_times() { printf '   %s\n' "${roots_steps[@]}"; }
