"""Which form a fetched body is in, and reading the binary forms (PDF, DOCX, DOC/WPS, XLSX, XLS)."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import urlsplit

from crawler.parse.documents.document import Document, UnreadableDocument

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word and Excel 97-2003 and WPS files are OLE2 compound files
# An OLE2 file's directory names its streams in UTF-16: Excel's is Workbook (Book before 97)
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book\0".encode("utf-16-le"))
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")  # PNG, JPEG, GIF, TIFF
_DOCUMENT_FORMS = ("pdf", "docx", "doc", "xlsx", "xls", "zip", "image", "binary")
_TEXT_CONTROLS = set(b"\t\n\r\f\x1b")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_TEXT_TYPES = ("text/plain", "text/markdown")
_TEXT_EXTENSIONS = ("txt", "md", "markdown")  # markdown, as PDF converters write it, is read as text
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|div|p|table|tr|td|span|br|meta|title|script|style|link|a)\b",
                     re.IGNORECASE)


def sniff(body: bytes, content_type: str = "", url: str = "") -> str:
    """"pdf", "docx", "doc", "xlsx", "xls", "zip" (any other zip), "image", "binary" (none of these and no
    text either), "html" or "text": by the bytes first, then the Content-Type and the URL's extension
    (attachments often come as octet-stream); what claims no type and holds no tag is text."""
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF-") or b"%PDF-" in body[:1024]:
        return "pdf"
    if body.startswith(_OLE2):
        if _WORD_STREAM in body:
            return "doc"
        return "xls" if _extension(url) == "xls" or any(name in body for name in _EXCEL_STREAMS) else "doc"
    if body.startswith(_IMAGES):
        return "image"
    if body.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                names = set(archive.namelist())
        except Exception:  # a broken zip (BadZipFile, NotImplementedError, ...): judged by its name
            return _extension(url) if _extension(url) in ("docx", "xlsx") else "zip"
        return "docx" if "word/document.xml" in names else "xlsx" if "xl/workbook.xml" in names else "zip"
    if _binary(body):
        return "binary"
    kind = content_type.split(";")[0].strip().lower()
    if kind in _TEXT_TYPES or _extension(url) in _TEXT_EXTENSIONS:
        return "text"
    if not kind and not body.startswith(_UTF16_BOMS) and not _MARKUP.search(body[:65536]):  # no type claimed
        return "text"  # (a local file) and no tag: no page
    return "html"


def _binary(body: bytes) -> bool:
    """Bytes no page or text is made of: control bytes (NUL among them) in more than one in twenty of the
    first 4 KB; a stray one in a page is not enough (random bytes have about one in nine; a UTF-16
    page, which has NULs, starts with its byte-order mark)."""
    head = body[:4096]
    if not head or head.startswith(_UTF16_BOMS):
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls * 20 > len(head)


def _extension(url: str) -> str:
    return urlsplit(url).path.rsplit(".", 1)[-1].lower() if "." in urlsplit(url).path else ""


def is_document(form: str) -> bool:
    """Whether ``form`` is read from bytes by a document reader (not decoded as a page)."""
    return form in _DOCUMENT_FORMS


def read_document(body: bytes, form: str, url: str = "") -> Document:
    """Read a PDF, DOCX, DOC/WPS, XLSX or XLS body; raises UnreadableDocument.

    Each reader is imported when first needed: a crawl process whose worker processes read
    the documents never loads PDFium, pdfplumber or python-docx (about 35 MB).
    """
    if form == "pdf":
        from crawler.parse.documents.pdf_reader import read_pdf

        return read_pdf(body)
    if form == "docx":
        from crawler.parse.documents.docx_reader import read_docx

        return read_docx(body)
    if form == "doc":
        from crawler.parse.documents.legacy import read_legacy

        return read_legacy(body, ".wps" if _extension(url) == "wps" else ".doc")
    if form == "xlsx":
        from crawler.parse.documents.sheet_reader import read_xlsx

        return read_xlsx(body)
    if form == "xls":
        from crawler.parse.documents.sheet_reader import read_xls

        return read_xls(body)
    if form == "image":
        raise UnreadableDocument("an image (a scanned report): OCR is not attempted")
    if form == "binary":
        raise UnreadableDocument("binary data, neither a page nor a known document")
    if form == "zip":
        raise UnreadableDocument("a ZIP archive that is not a DOCX or XLSX (a bundle of files): not read")
    raise UnreadableDocument(f"{form} is not a document form this parser reads")
