"""A document's type is read from its content: names and declared types do not count."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from settle.registry.document_types import sniff
from tests.document_files import jpeg, pdf, png


def test_a_png_a_jpeg_and_a_pdf_are_known_by_their_content() -> None:
    assert sniff(png()).media_type == "image/png"
    assert sniff(jpeg()).media_type == "image/jpeg"
    assert sniff(pdf()).media_type == "application/pdf"


def test_plain_text_is_no_document_and_is_named_plain_text_in_both_languages() -> None:
    found = sniff(b"%PDX my certificate, honestly\n")
    assert found.media_type is None
    assert (found.found.en, found.found.zh) == ("plain text", "纯文本")


def test_a_png_cut_short_is_refused_as_a_damaged_png() -> None:
    found = sniff(png()[:-12])
    assert found.media_type is None
    assert found.found.en == "a damaged PNG (no IEND chunk at the end: cut short?)"


def test_a_png_whose_header_checksum_is_wrong_is_refused() -> None:
    broken = bytearray(png())
    broken[20] ^= 0xFF  # a byte of IHDR's data
    assert sniff(bytes(broken)).found.en.startswith("a damaged PNG (the IHDR chunk's checksum")


def test_a_jpeg_without_its_end_and_a_pdf_without_its_eof_are_refused() -> None:
    assert sniff(jpeg()[:-2]).found.en == "a damaged JPEG (no end-of-image marker: cut short?)"
    assert sniff(pdf().replace(b"%%EOF", b"")).found.en.startswith("a damaged PDF (no %%EOF")


def test_other_formats_are_named_by_what_they_are() -> None:
    assert sniff(b"PK\x03\x04rest of a docx").found.en.startswith("a ZIP archive")
    assert sniff(b"GIF89a....").found.en == "a GIF image"
    assert sniff(b"").found.en == "an empty file"
    assert sniff(b"<!DOCTYPE html><html></html>").found.en == "an HTML page"


@given(st.binary(max_size=300))
def test_any_bytes_are_sniffed_without_error_and_an_unknown_type_always_says_what_it_is(data: bytes) -> None:
    found = sniff(data)
    assert found.media_type in (None, "application/pdf", "image/jpeg", "image/png")
    assert found.found.en and found.found.zh
