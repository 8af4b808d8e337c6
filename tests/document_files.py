"""Small real files of each accepted type (and some that are not), built byte by byte, for the
document tests of the registry, the workflow, the API and the pages."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 2, height: int = 2, seed: int = 0, padding: int = 0) -> bytes:
    """A valid PNG of width x height grey pixels (`seed` varies the pixels, so the hash;
    `padding` bytes of a private ancillary chunk make it as large as a test needs)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes((seed + x + y) % 256 for x in range(width)) for y in range(height))
    extra = _chunk(b"prVt", b"\x00" * padding) if padding else b""
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows)) + extra
            + _chunk(b"IEND", b""))


def jpeg(width: int = 8, height: int = 8) -> bytes:
    """A JPEG's structure: SOI, a baseline frame, a scan header, scan data, EOI."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    scan = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00\x00\x3f\x00"
    return b"\xff\xd8" + app0 + frame + scan + b"\x12\x34\x56\x78" + b"\xff\xd9"


def pdf(text: str = "Certificate") -> bytes:
    """A one-page PDF with a cross-reference table."""
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
            + f"% {text}\n".encode())
    return body + b"xref\n0 4\n0000000000 65535 f \ntrailer << /Root 1 0 R /Size 4 >>\nstartxref\n9\n%%EOF\n"
