"""A stored document as an HTTP answer, for the API and the pages alike: the content type it
was found to have (never one the uploader declared), `X-Content-Type-Options: nosniff`, a
`Content-Disposition` with the uploaded name (an image inline, a PDF as an attachment unless
asked inline), a sandboxing Content-Security-Policy and no caching by shared caches."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response

from settle.registry.models import Document

INLINE = ("image/png", "image/jpeg")


def content_disposition(filename: str, inline: bool) -> str:
    """RFC 6266: an ASCII fallback name and the UTF-8 name percent-encoded."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def document_response(document: Document, content: bytes, *, download: bool = False) -> Response:
    inline = document.media_type in INLINE and not download
    return Response(content, media_type=document.media_type, headers={
        "Content-Disposition": content_disposition(document.filename, inline),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
        "Cache-Control": "private, no-store",
    })
