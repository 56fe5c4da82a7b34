#!/usr/bin/env bash
# Fails when any ELF file under DIR needs a GNU C library symbol version newer than MAX: the
# frozen program then would not start on a system with glibc MAX (it stops with
# "version `GLIBC_2.xx' not found"). Reads the version needs with readelf, which handles every
# architecture (objdump of the host's binutils does not read aarch64 files).
#
#   bash packaging/glibc-audit.sh DIR MAX        e.g. bash packaging/glibc-audit.sh dist/gaidesk 2.28
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bash packaging/glibc-audit.sh DIR MAX" >&2; exit 2; }
dir=$1 max=$2
newer() { [ "$1" != "$2" ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -1)" = "$1" ]; }

files=0 highest=0 highest_file="" bad=0
while IFS= read -r -d '' f; do
  [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] || continue
  files=$((files + 1))
  need=$({ readelf -V -W "$f" 2>/dev/null || true; } | { grep -o 'Name: GLIBC_[0-9][0-9.]*' || true; } |
    sed 's/.*GLIBC_//' | sort -uV | tail -1)
  [ -n "$need" ] || continue
  if newer "$need" "$highest"; then
    highest=$need highest_file=${f#"$dir"/}
  fi
  if newer "$need" "$max"; then
    bad=$((bad + 1))
    echo "glibc-audit: ${f#"$dir"/} needs GLIBC_$need:" >&2
    { readelf --dyn-syms -W "$f" | grep -o '[^ ]*@GLIBC_[0-9.]*' || true; } | sort -u |
      while IFS=@ read -r sym ver; do
        if newer "${ver#GLIBC_}" "$max"; then echo "    $sym@$ver" >&2; fi
      done
  fi
done < <(find "$dir" -type f -print0)
echo "glibc-audit: $files ELF files, highest need GLIBC_$highest ($highest_file), allowed $max"
[ "$files" -gt 0 ] || { echo "glibc-audit: no ELF file under $dir" >&2; exit 1; }
[ "$bad" -eq 0 ] || { echo "glibc-audit: $bad file(s) need more than GLIBC_$max" >&2; exit 1; }
