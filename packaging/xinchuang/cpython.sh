# CPython 3.11 for the old-glibc builds (sourced inside a Debian 11 root by in-root-build.sh and
# in-root-cross-python.sh): Debian 12's python3.11 source package, so that Debian's security
# fixes come with it, built against the root's old glibc and libraries into /opt/python3.11.

cpython_prefix=/opt/python3.11
cpython_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# cpython_source DIR : download (into /build/python-src, kept between runs) and unpack into DIR.
cpython_source() {
  local dir=$1 mirror src dsc
  # bookworm's point releases carry its security fixes; the security archive's pool may lack
  # the files of an update that has since moved to the main archive.
  mirror=$(sed -n 's/^deb \([^ ]*\) [a-z]* main$/\1/p' /etc/apt/sources.list | head -1)
  printf 'deb-src %s bookworm main\n' "$mirror" >/etc/apt/sources.list.d/bookworm-src.list
  apt-get update -qq
  src=/build/python-src
  mkdir -p "$src" && chown _apt "$src" # apt downloads as its _apt user
  (cd "$src" && apt-get source -qq --download-only python3.11 >/dev/null)
  dsc=$(ls -v "$src"/python3.11_*.dsc | tail -1)
  rm -rf "$dir"
  # apt has checked the files against the signed index; this root has no Debian developer keys.
  dpkg-source --no-check -x "$dsc" "$dir" >/dev/null
  echo "   $(basename "$dsc" .dsc)"
}

# cpython_build SRC BUILD_DIR [CONFIGURE_ARGS...] : configure out of tree, make, and install
# into $cpython_prefix (or under DESTDIR when set in the environment).
#  - glibc-compat.h binds libm's exp/exp2/log/log2/pow to their pre-2.29 versions (x86_64 only);
#  - glibc 2.30's sem_clockwait is declared absent: the threads module uses sem_timedwait;
#  - pyexpat is built into libpython, as Debian builds it (one of Debian's security patches makes
#    it include internal headers that only a core module may), against the root's libexpat.
cpython_build() {
  local src=$1 build=$2
  shift 2
  rm -rf "$build" && mkdir -p "$build/Modules" && cd "$build"
  printf '*static*\npyexpat pyexpat.c -lexpat\n' >Modules/Setup.local
  "$src/configure" -q --prefix="$cpython_prefix" --enable-shared --with-system-expat \
    --without-ensurepip --disable-test-modules \
    CFLAGS="-O2 -include $cpython_here/glibc-compat.h" \
    LDFLAGS="-Wl,-rpath,$cpython_prefix/lib" ac_cv_func_sem_clockwait=no "$@" >/dev/null
  make -s -j"$(nproc)" >/dev/null 2>make-errors.log || { tail -40 make-errors.log; return 1; }
  # Debian's patches name the sysconfig data file after the multiarch triplet alone; a cross
  # build still writes it under the upstream name (with the platform), which install then misses.
  local data
  for data in build/lib.*/_sysconfigdata__linux_*.py; do
    [ -e "$data" ] && [ ! -e "${data/__linux_/__}" ] && cp "$data" "${data/__linux_/__}"
  done
  make -s install >/dev/null 2>>make-errors.log || { tail -40 make-errors.log; return 1; }
}
