#!/usr/bin/env bash
# Set up everything gaidesk needs on a Debian/Ubuntu machine, then either open the program on the
# sample report (`run`) or run the whole test suite (`test`). Safe to run again: it installs only
# what is missing.
set -euo pipefail

mode=${1:-}
case "$mode" in
  run|test) ;;
  *) echo "usage: bash packaging/setup.sh run|test" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
root=$(pwd)

# System packages: Chinese fonts (for Qt and the PDF), poppler-utils (PDF checks), the libraries
# Qt needs on a bare machine, LibreOffice Calc and Writer (workbook and Word document checks), NSIS
# and dpkg tools (packaging), Chromium and Node.js (the web version pasted into real CMS editors,
# tests/test_webpage_paste.py).
apt_packages=(
  python3-venv
  fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-hanazono fontconfig
  poppler-utils
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0
  libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xkb1 libxcb-render-util0 libxcb-image0
  libx11-xcb1 libglib2.0-0 libcups2
)
if [ "$mode" = test ]; then
  # Carlito has Calibri's metrics: LibreOffice then sizes the workbook's columns (in widths of
  # the default font's 「0」) as Excel and WPS do, and the workbook print tests measure true.
  apt_packages+=(libreoffice-calc-nogui libreoffice-writer-nogui fonts-crosextra-carlito)
  # gcc, libc6-dev: the packaging tests compile a small library to check the glibc audit and
  # the 信创 build's compatibility header (tests/project/test_packaging.py); without them those
  # tests are skipped.
  apt_packages+=(nsis dpkg-dev fakeroot binutils gcc libc6-dev xz-utils util-linux)
  apt_packages+=(chromium)
  # Node.js from apt unless one is installed already (e.g. from NodeSource, which bundles npm).
  command -v node >/dev/null || apt_packages+=(nodejs)
  command -v npm >/dev/null || apt_packages+=(npm)
fi
# install_missing PACKAGE... : apt-get install the ones not installed yet.
install_missing() {
  local p missing=() sudo=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "安装系统软件包：${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
install_missing "${apt_packages[@]}"

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "gaidesk 需要 Python 3.11 或更新版本（$python 是 $("$python" -V 2>&1)）；可用 PYTHON=python3.11 指定。" >&2
  exit 1
fi
# PyInstaller (the frozen build that `test` makes) needs the interpreter's shared library, which
# Debian and Ubuntu package apart from the interpreter (libpython3.11 for Debian 12's python3).
if [ "$mode" = test ] &&
  [ "$("$python" -c 'import sys; print(sys.base_prefix)')" = /usr ]; then
  install_missing "libpython$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.gaidesk-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  touch "$stamp"
fi

# The rich-text editors and the browser driver of the paste test, pinned by
# tests/browser/package-lock.json (test only; the program itself never uses a browser).
if [ "$mode" = test ] && [ ! -d tests/browser/node_modules ]; then
  (cd tests/browser && npm ci --no-audit --no-fund)
fi

if [ "$mode" = run ]; then
  # Open a copy, so that the repository's sample stays as it is while you try things out.
  mkdir -p .venv/sample
  [ -f .venv/sample/dazhai-2025.gaidesk ] ||
    cp resources/samples/dazhai-2025.gaidesk .venv/sample/dazhai-2025.gaidesk
  exec .venv/bin/gaidesk "$root/.venv/sample/dazhai-2025.gaidesk"
fi

export QT_QPA_PLATFORM=offscreen
bin=.venv/bin
echo "== ruff"
"$bin/ruff" check .
"$bin/ruff" format --check .
echo "== mypy (all of src, strict)"
"$bin/mypy"
echo "== pytest"
"$bin/pytest" -p no:cacheprovider --cov --cov-report=term | tee .venv/pytest.log
echo "== coverage of the core (format, model, draft, rules, store) must be at least 90 %"
"$bin/coverage" report --fail-under=90 --no-skip-covered \
  --include='src/gaidesk/format/*.py,src/gaidesk/model.py,src/gaidesk/draft.py,src/gaidesk/rules*.py,src/gaidesk/store/*.py,src/gaidesk/fsutil.py,src/gaidesk/textcheck.py,src/gaidesk/sametext.py'
echo "== frozen program and .deb: build and smoke test (packaging/smoke.sh)"
bash packaging/smoke.sh
echo "== tests (repeated from above)"
tail -n 1 .venv/pytest.log
