"""HTTP content codings undone a chunk at a time: gzip, deflate, brotli (br) and zstd, with the
libraries Scrapy decodes them with (``scrapy.utils._compression``). ``crawler.archive.fetch_failures``
judges a body by them during a crawl, and ``crawler.archive.warc`` decodes an archived body by them again
when the archive is rebuilt, so both read a body as the crawl did.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable, Iterator

import brotli

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

CODING_ERRORS = (zlib.error, brotli.error, zstd.ZstdError)  # a stream that is not what its coding says
_CHUNK = 1 << 16  # bytes inflated at a time


def inflated(body: bytes, coding: str) -> Iterator[bytes]:
    """The output of ``body`` under content coding ``coding`` (gzip, x-gzip, deflate, br, zstd), a chunk at
    a time; the body itself for any other coding. Raises EOFError where the stream ends before its end,
    and one of CODING_ERRORS where it is invalid."""
    inflate = _INFLATERS.get(coding.strip().lower())
    if inflate is None:
        yield body
        return
    yield from inflate(body)


def _zlib(body: bytes, wbits: int) -> Iterator[bytes]:
    """A gzip or deflate stream's output, a chunk at a time; EOFError where it ends before its end."""
    inflater = zlib.decompressobj(wbits)
    data = body
    while not inflater.eof:
        chunk = inflater.decompress(data, _CHUNK)
        if not chunk and not inflater.unconsumed_tail and not inflater.eof:
            raise EOFError
        data = inflater.unconsumed_tail
        yield chunk


def _deflate(body: bytes) -> Iterator[bytes]:
    """A deflate stream's output: zlib-wrapped, or raw (as some servers send it) if its first chunk says so,
    as Scrapy decides."""
    wrapped = _zlib(body, 15)
    try:
        first = next(wrapped, b"")
    except zlib.error:
        yield from _zlib(body, -15)
        return
    yield first
    yield from wrapped


def _brotli(body: bytes) -> Iterator[bytes]:
    """A brotli stream's output, a chunk at a time; EOFError where it ends before its end."""
    decompressor = brotli.Decompressor()
    chunk = decompressor.process(body, output_buffer_limit=_CHUNK)
    while True:
        yield chunk
        if decompressor.is_finished():
            return
        chunk = decompressor.process(b"", output_buffer_limit=_CHUNK)
        if not chunk:
            raise EOFError


def _zstd(body: bytes) -> Iterator[bytes]:
    """A zstd frame's output, a chunk at a time; EOFError where it ends before its end."""
    decompressor = zstd.ZstdDecompressor()
    data = body
    while not decompressor.eof:
        chunk = decompressor.decompress(data, _CHUNK)
        if not chunk and decompressor.needs_input and not decompressor.eof:
            raise EOFError
        data = b""
        yield chunk


_INFLATERS: dict[str, Callable[[bytes], Iterator[bytes]]] = {
    "gzip": lambda body: _zlib(body, 31), "x-gzip": lambda body: _zlib(body, 31), "deflate": _deflate,
    "br": _brotli, "zstd": _zstd,
}
