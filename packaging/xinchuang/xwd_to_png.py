"""Convert an X window dump (Xvfb's -fbdir screen file, 24/32-bit TrueColor) to PNG.

    python3 packaging/xinchuang/xwd_to_png.py SCREEN.xwd OUT.png

The install test keeps a picture of the window it opened under Xvfb; this avoids installing an
image tool for that one conversion.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

_HEADER_FIELDS = 25  # CARD32 fields of XWDFileHeader (X11/XWDFile.h), big-endian


def _shift(mask: int) -> int:
    return (mask & -mask).bit_length() - 1


def xwd_to_rgb(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, RGB rows) of a ZPixmap dump with 32 bits per pixel."""
    fields = struct.unpack_from(f">{_HEADER_FIELDS}I", data)
    header_size, version, pixmap_format, width, height = (fields[i] for i in (0, 1, 2, 4, 5))
    byte_order = fields[7]
    bits_per_pixel, bytes_per_line = fields[11], fields[12]
    red_mask, green_mask, blue_mask = fields[14], fields[15], fields[16]
    colors = fields[19]
    if version != 7 or pixmap_format != 2 or bits_per_pixel != 32:
        raise ValueError("only 32-bit ZPixmap window dumps (version 7) are supported")
    start = header_size + colors * 12
    endian = "<" if byte_order == 0 else ">"
    rows = bytearray()
    for y in range(height):
        line = data[start + y * bytes_per_line : start + y * bytes_per_line + width * 4]
        rows.append(0)  # PNG filter type: none
        for (pixel,) in struct.iter_unpack(endian + "I", line):
            rows += bytes(
                (pixel & mask) >> _shift(mask) for mask in (red_mask, green_mask, blue_mask)
            )
    return width, height, bytes(rows)


def png(width: int, height: int, rows: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    width, height, rows = xwd_to_rgb(Path(argv[1]).read_bytes())
    Path(argv[2]).write_bytes(png(width, height, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
