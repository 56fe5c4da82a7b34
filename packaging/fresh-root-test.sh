#!/usr/bin/env bash
# The README's test command on a machine that has nothing yet: a minimal Debian 12 root made with
# debootstrap (variant minbase), the repository's committed HEAD cloned into it, and then
# `bash packaging/setup.sh test` run there as root. A system package that set-up forgets to install
# fails here, where a developer's machine set up by hand would hide it.
#
#   sudo bash packaging/fresh-root-test.sh [--keep]    (--keep: leave the root for a look)
#
# Needs root (debootstrap, chroot, mounts) and about 3 GB in /var/tmp; installs debootstrap on the
# host if it is missing. The root gets the host's certificate store and its apt and pip registry
# settings (packaging/roots.sh), so apt and pip reach the same mirrors as on the host. Only
# downloads are cached, outside the clone (debootstrap tarball, apt's .deb files, pip's cache):
# the root is new every run and has nothing beyond minbase when the README's command starts.
set -euo pipefail

keep=0
case "${1:-}" in
  --keep) keep=1 ;;
  "") ;;
  *) echo "usage: sudo bash packaging/fresh-root-test.sh [--keep]" >&2; exit 2 ;;
esac
[ "$(id -u)" -eq 0 ] || { echo "fresh-root-test.sh: run as root (sudo)" >&2; exit 2; }

here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/packaging/roots.sh"
commit=$(git -C "$here" rev-parse HEAD)
if [ -n "$(git -C "$here" status --porcelain --untracked-files=no)" ]; then
  echo "(uncommitted changes are not tested: the root gets the committed HEAD $commit)"
fi
suite=bookworm

step_start
root=$(mktemp -d /var/tmp/gaidesk-fresh-root.XXXXXX)
cleanup() {
  if [ "$keep" = 1 ]; then echo "(root kept: $root)"; else remove_root "$root"; fi
}
trap cleanup EXIT
make_root "$suite" "$root"
step_done "debootstrap $suite (minbase)"

echo "== clone $commit"
git clone -q --no-hardlinks "$here" "$root/root/gaidesk"
git -C "$root/root/gaidesk" checkout -q --detach "$commit"
step_done "clone"

echo "== bash packaging/setup.sh test (in the fresh root)"
rc=0
in_root "$root" "cd /root/gaidesk && bash packaging/setup.sh test" || rc=$?
step_done "bash packaging/setup.sh test"
echo "== root after the test: $(du -sh "$root" | cut -f1)"
echo "== times"
step_times
if [ "$rc" != 0 ]; then
  echo "fresh-root test FAILED: the README's test command exited with $rc in a fresh $suite root" >&2
  exit "$rc"
fi
echo "fresh-root test: the README's test command passed in a fresh $suite root"
