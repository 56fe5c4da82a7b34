#!/usr/bin/env bash
# Build gaidesk for distribution:
#   1. the frozen one-folder program (PyInstaller, packaging/gaidesk.spec)  -> dist/gaidesk/
#   2. on Debian-based Linux, a .deb for UOS/Kylin and other Debian desktops -> dist/gaidesk_*.deb
#   3. where makensis exists, the NSIS installer: the real one on Windows     -> dist/gaidesk-*-setup.exe
#      (on Linux the script is only compiled, as a check, into build/nsis-check/)
#
#   bash packaging/build.sh [--out DIR] [--no-deb] [--no-nsis] [--max-glibc VERSION]
#
# --max-glibc 2.28: fail unless every ELF file of the onedir runs with that GNU C library
# (packaging/glibc-audit.sh; the old-glibc builds for 信创 desktops use it).
#
# Uses the project's virtual environment (.venv) unless PYTHON names another interpreter.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
out=dist
do_deb=1
do_nsis=1
max_glibc=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --no-deb) do_deb=0; shift ;;
    --no-nsis) do_nsis=0; shift ;;
    --max-glibc) max_glibc=$2; shift 2 ;;
    *) echo "usage: bash packaging/build.sh [--out DIR] [--no-deb] [--no-nsis] [--max-glibc V]" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ -n "${PYTHON:-}" ]; then
  python=$PYTHON
elif [ -x .venv/bin/python ]; then
  python=.venv/bin/python
elif [ -x .venv/Scripts/python.exe ]; then
  python=.venv/Scripts/python.exe
else
  python=python3
fi
version=$("$python" -c 'import sys; sys.path.insert(0, "src"); import gaidesk; print(gaidesk.__version__)')
echo "== gaidesk $version"

# 1. The one-folder program.
work=build/pyinstaller
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$out" --workpath "$work" packaging/gaidesk.spec
onedir=$out/gaidesk
size=$(du -sb "$onedir" | cut -f1)
echo "== onedir: $onedir ($(awk -v b="$size" 'BEGIN { printf "%.1f MB", b / 1e6 }'))"
if [ -n "$max_glibc" ]; then
  bash packaging/glibc-audit.sh "$onedir" "$max_glibc"
fi

# 2. The .deb (needs dpkg-deb; Debian, UOS, Kylin, Ubuntu …).
build_deb() {
  local arch stage deb glibc depends recommends missing pkg soname
  arch=$(dpkg --print-architecture)
  stage=build/deb/gaidesk_${version}_${arch}
  deb=$out/gaidesk_${version}_${arch}.deb
  rm -rf "$stage"
  mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
    "$stage/usr/share/mime/packages" "$stage/usr/share/icons/hicolor/256x256/apps" \
    "$stage/usr/share/icons/hicolor/scalable/apps" \
    "$stage/usr/share/icons/hicolor/256x256/mimetypes" "$stage/usr/share/doc/gaidesk"
  cp -a "$onedir" "$stage/opt/gaidesk"
  ln -s /opt/gaidesk/gaidesk "$stage/usr/bin/gaidesk"
  install -m 644 packaging/linux/gaidesk.desktop "$stage/usr/share/applications/gaidesk.desktop"
  install -m 644 packaging/linux/gaidesk-mime.xml "$stage/usr/share/mime/packages/gaidesk.xml"
  install -m 644 resources/gaidesk.png "$stage/usr/share/icons/hicolor/256x256/apps/gaidesk.png"
  install -m 644 resources/gaidesk.svg "$stage/usr/share/icons/hicolor/scalable/apps/gaidesk.svg"
  install -m 644 resources/gaidesk.png \
    "$stage/usr/share/icons/hicolor/256x256/mimetypes/application-x-gaidesk.png"
  printf 'gaidesk %s\nThe program never opens a network connection.\n' "$version" \
    > "$stage/usr/share/doc/gaidesk/README"

  # Depends: the system libraries the bundle links to but does not carry, and the C library
  # version its binaries were built against (build on the oldest target for wide reach).
  glibc=$(find "$stage/opt/gaidesk" -type f \( -name '*.so*' -o -name gaidesk \) -print0 \
    | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' \
    | sort -uV | tail -1)
  declare -A package_of=(
    [libc.so.6]=libc6 [libm.so.6]=libc6 [libdl.so.2]=libc6 [libpthread.so.0]=libc6
    [librt.so.1]=libc6 [libutil.so.1]=libc6 [libresolv.so.2]=libc6 [ld-linux-x86-64.so.2]=libc6
    [ld-linux-aarch64.so.1]=libc6 [ld-linux-loongarch-lp64d.so.1]=libc6
    [libEGL.so.1]=libegl1 [libGL.so.1]=libgl1 [libOpenGL.so.0]=libopengl0
    [libxcb.so.1]=libxcb1 [libxcb-icccm.so.4]=libxcb-icccm4 [libxcb-keysyms.so.1]=libxcb-keysyms1
    [libxcb-randr.so.0]=libxcb-randr0 [libxcb-shape.so.0]=libxcb-shape0 [libxcb-sync.so.1]=libxcb-sync1
    [libxcb-xfixes.so.0]=libxcb-xfixes0 [libxcb-render.so.0]=libxcb-render0 [libxcb-shm.so.0]=libxcb-shm0
    [libxcb-xkb.so.1]=libxcb-xkb1 [libxcb-image.so.0]=libxcb-image0
    [libxcb-render-util.so.0]=libxcb-render-util0 [libSM.so.6]=libsm6 [libICE.so.6]=libice6
    [libxcb-cursor.so.0]=libxcb-cursor0 [libxkbcommon.so.0]=libxkbcommon0
    [libxkbcommon-x11.so.0]=libxkbcommon-x11-0 [libfontconfig.so.1]=libfontconfig1
    [libfreetype.so.6]=libfreetype6 [libdbus-1.so.3]=libdbus-1-3
    [libwayland-client.so.0]=libwayland-client0 [libwayland-cursor.so.0]=libwayland-cursor0
    [libwayland-egl.so.1]=libwayland-egl1 [libglib-2.0.so.0]=libglib2.0-0
    [libgthread-2.0.so.0]=libglib2.0-0 [libX11.so.6]=libx11-6 [libX11-xcb.so.1]=libx11-xcb1
    [libcups.so.2]=libcups2
  )
  local -A wanted=([libegl1]=1 [libxkbcommon0]=1 [libfontconfig1]=1)
  missing=""
  while read -r soname; do
    [ -n "$soname" ] || continue
    if [ -z "$(find "$stage/opt/gaidesk" -name "$soname" -print -quit)" ]; then
      pkg=${package_of[$soname]:-}
      if [ -z "$pkg" ]; then
        missing="$missing $soname"
      else
        wanted[$pkg]=1
      fi
    fi
  done < <(find "$stage/opt/gaidesk" -type f \( -name '*.so*' -o -name gaidesk \) -print0 \
    | xargs -0 -n 50 readelf -d 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
  if [ -n "$missing" ]; then
    echo "build.sh: no Debian package known for:$missing (add it to package_of)" >&2
    exit 1
  fi
  unset 'wanted[libc6]'
  depends="libc6 (>= $glibc)"
  for pkg in $(printf '%s\n' "${!wanted[@]}" | sort); do
    depends="$depends, $pkg"
  done
  depends="$depends, fontconfig, shared-mime-info"
  # Chinese fonts only as a recommendation: UOS and Kylin bring their own faces (gaidesk.fonts finds
  # them), and a hard dependency on a Debian font package would block installing where the
  # system's repository names its fonts differently.
  recommends="fonts-wqy-zenhei | fonts-arphic-uming | fonts-noto-cjk"

  cat > "$stage/DEBIAN/control" <<CONTROL
Package: gaidesk
Version: $version
Section: editors
Priority: optional
Architecture: $arch
Maintainer: gaidesk <gaidesk@localhost>
Installed-Size: $(du -sk "$stage" | cut -f1)
Depends: $depends
Recommends: $recommends
Description: 政府信息公开工作年度报告填报助手 (government disclosure annual report)
 gaidesk helps a township clerk fill in, check, keep and print the yearly
 government information disclosure report (政府信息公开工作年度报告) in the
 official format. It works offline and never opens a network connection.
 Drafts live in each user's own data folder (~/.local/share/gaidesk).
CONTROL
  cat > "$stage/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  command -v update-mime-database >/dev/null && update-mime-database /usr/share/mime || true
  command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
SCRIPT
  cat > "$stage/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
# Removes only the program: drafts stay in each user's ~/.local/share/gaidesk.
set -e
if [ "$1" = remove ] || [ "$1" = purge ]; then
  command -v update-mime-database >/dev/null && update-mime-database /usr/share/mime || true
  command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
SCRIPT
  chmod 755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/postrm"
  find "$stage" -type d -exec chmod 755 {} +
  rm -f "$out"/gaidesk_*.deb
  dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
  echo "== deb: $deb ($(awk -v b="$(stat -c %s "$deb")" 'BEGIN { printf "%.1f MB", b / 1e6 }'))"
  echo "   Depends: $depends"
}
if [ "$do_deb" = 1 ] && command -v dpkg-deb >/dev/null; then
  build_deb
fi

# 3. The Windows installer (makensis exists on the Windows runner and, as apt package nsis, here).
if [ "$do_nsis" = 1 ] && command -v makensis >/dev/null; then
  winpath() { if command -v cygpath >/dev/null; then cygpath -w "$1"; else printf '%s' "$1"; fi; }
  if [ -f "$onedir/gaidesk.exe" ]; then
    setup=$out/gaidesk-${version}-setup.exe
    makensis -V2 -INPUTCHARSET UTF8 "-DVERSION=$version" "-DSRCDIR=$(winpath "$onedir")" \
      "-DOUTFILE=$(winpath "$setup")" "-DICON=$(winpath "$root/resources/gaidesk.ico")" \
      "$(winpath "$root/packaging/windows/gaidesk.nsi")"
    echo "== installer: $setup ($(($(stat -c %s "$setup") / 1024 / 1024)) MiB)"
  else
    # Not a Windows build: compile the script against the Linux folder, only to check it.
    mkdir -p build/nsis-check
    makensis -V2 -INPUTCHARSET UTF8 -DCHECK_ONLY "-DVERSION=$version" "-DSRCDIR=$onedir" \
      "-DEXE_SRC=$onedir/gaidesk" "-DOUTFILE=$root/build/nsis-check/gaidesk-setup-check.exe" \
      "-DICON=$root/resources/gaidesk.ico" packaging/windows/gaidesk.nsi
    echo "== installer script compiles (check build: build/nsis-check/gaidesk-setup-check.exe)"
  fi
fi
