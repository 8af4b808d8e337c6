"""What an uploaded file is, read from its bytes, never from its name or the content type the
browser declared: a PDF, a JPEG or a PNG, each checked as far as is cheap.

    PDF   starts `%PDF-1.x` (or 2.x); an `%%EOF` marker and `startxref` in its last 2 KiB
    PNG   the 8-byte signature; an IHDR chunk first, 13 bytes long, whose CRC is right, with
          a width and height above 0; an IEND chunk at the end
    JPEG  SOI (FF D8); marker segments walked from there, each with a length that fits,
          up to a start-of-frame with a height and width above 0 and a start of scan;
          EOI (FF D9) at the end

A file that is none of them is refused with what it looks like instead ("plain text",
"a ZIP archive"), so the error can name what was found
(the words: src/settle/words/documents.yaml).
"""

from __future__ import annotations

import codecs
import re
import struct
import zlib
from dataclasses import dataclass

from settle.language.text import Text
from settle.words import text

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
# JPEG start-of-frame markers (baseline, extended, progressive, lossless, …); C4, C8, CC are not
SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
MEDIA_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


@dataclass(frozen=True)
class Sniffed:
    """A file's type by content: its media type, or None with what it looks like instead."""

    media_type: str | None
    found: Text


def sniff(content: bytes) -> Sniffed:
    """PDF, JPEG or PNG by content, each checked as far as is cheap; else what it looks like."""
    if content.startswith(PNG_SIGNATURE):
        problem = _png_problem(content)
        return Sniffed("image/png", _found("found_png")) if problem is None else _damaged("PNG", problem)
    if content.startswith(b"\xff\xd8"):
        problem = _jpeg_problem(content)
        return Sniffed("image/jpeg", _found("found_jpeg")) if problem is None else _damaged("JPEG", problem)
    if PDF_HEADER.match(content[:16]):
        problem = _pdf_problem(content)
        return Sniffed("application/pdf", _found("found_pdf")) if problem is None \
            else _damaged("PDF", problem)
    return Sniffed(None, _found(looks_like(content)))


def _found(key: str) -> Text:
    return text("documents", key)


def _damaged(kind: str, problem: str) -> Sniffed:
    return Sniffed(None, text("documents", "found_damaged", kind=kind, problem=text("documents", problem)))


def _png_problem(content: bytes) -> str | None:
    head = content[8:33]
    if len(head) < 25:
        return "png_no_ihdr"
    length, kind = struct.unpack(">I4s", head[:8])
    if kind != b"IHDR" or length != 13:
        return "png_first_not_ihdr"
    data, crc = head[8:21], struct.unpack(">I", head[21:25])[0]
    if zlib.crc32(b"IHDR" + data) != crc:
        return "png_bad_crc"
    width, height = struct.unpack(">II", data[:8])
    if width == 0 or height == 0:
        return "zero_size"
    if content[-12:-8] != b"\x00\x00\x00\x00" or content[-8:-4] != b"IEND":
        return "png_no_iend"
    return None


def _jpeg_problem(content: bytes) -> str | None:
    at, frame = 2, False
    while at + 4 <= len(content):
        if content[at] != 0xFF:
            return "jpeg_no_marker"
        marker = content[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        length = struct.unpack(">H", content[at + 2:at + 4])[0]
        if length < 2 or at + 2 + length > len(content):
            return "jpeg_segment_past_end"
        if marker in SOF_MARKERS:
            if length < 8:
                return "jpeg_short_frame"
            height, width = struct.unpack(">HH", content[at + 5:at + 9])
            if height == 0 or width == 0:
                return "zero_size"
            frame = True
        if marker == 0xDA:  # start of scan: the entropy-coded data follows
            if not frame:
                return "jpeg_scan_before_frame"
            return None if content.rstrip(b"\x00")[-2:] == b"\xff\xd9" else "jpeg_no_eoi"
        at += 2 + length
    return "jpeg_no_scan"


def _pdf_problem(content: bytes) -> str | None:
    tail = content[-2048:]
    if b"%%EOF" not in tail:
        return "pdf_no_eof"
    if b"startxref" not in tail:
        return "pdf_no_startxref"
    return None


def looks_like(content: bytes) -> str:
    """What a file that is not a PDF, JPEG or PNG looks like: a key of documents.yaml."""
    if not content:
        return "found_empty"
    signatures = ((b"PK\x03\x04", "found_zip"), (b"GIF8", "found_gif"),
                  (b"\xd0\xcf\x11\xe0", "found_office"), (b"II*\x00", "found_tiff"),
                  (b"MM\x00*", "found_tiff"), (b"RIFF", "found_riff"),
                  (b"\x7fELF", "found_program"), (b"MZ", "found_program"),
                  (b"<svg", "found_svg"), (b"<?xml", "found_xml"))
    for signature, name in signatures:
        if content.startswith(signature):
            return name
    start = content[:512].lstrip()
    if start[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "found_html"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)  # a character cut at 512 is fine
    except UnicodeDecodeError:
        return "found_binary"
    return "found_text"
