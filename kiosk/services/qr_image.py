"""A QR code for the terminal's screen (R-QR-1/R-QR-2), made with ``qrcode``.

``qr_matrix`` gives the modules (True = dark, quiet zone included) for the UI to paint at
any size; ``qr_png`` gives a plain grayscale PNG (screenshots, the tester panel) with no
imaging library, only ``zlib``.
"""

from __future__ import annotations

import struct
import zlib

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks

Matrix = tuple[tuple[bool, ...], ...]


def qr_matrix(payload: str) -> Matrix:
    """The smallest QR code version that holds ``payload`` (error correction M: a
    scratched or glare-covered screen still scans)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def qr_png(payload: str, *, scale: int = 8) -> bytes:
    """A PNG (8-bit grayscale) of the QR code, ``scale`` pixels per module."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    matrix = qr_matrix(payload)
    size = len(matrix) * scale
    rows = bytearray()
    for row in matrix:
        line = b"\x00" + b"".join((b"\x00" if dark else b"\xff") * scale for dark in row)
        rows += line * scale
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)  # 8-bit gray, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )
