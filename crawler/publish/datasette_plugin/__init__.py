"""The archive's Datasette plugin: the SQL functions its full-text search query uses, the
dashboard page of headline figures (``/-/dashboard``), and the originals as captured
(``/-/capture/<id>``, read back from the WARC files, never fetched live), linked from every
capture and report."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Request, Response
from markupsafe import Markup, escape

from crawler.archive.numbers import DESCRIPTIONS
from crawler.archive.originals import NoOriginal, Original, read_original
from crawler.archive.search import excerpt, search_query
from crawler.publish.dashboard import headline

if TYPE_CHECKING:  # datasette.app imports the plugins, this one among them
    from datasette.app import Datasette

DASHBOARD = "/-/dashboard"
CAPTURE = "/-/capture"
# The archived page runs nothing and loads nothing: a sandbox (a unique origin, no script, no form, no
# top navigation) and no source for any subresource, so no script of it runs in the archive's origin
# and no byte of it is fetched live. Its own inline styles are kept so that it reads as printed.
PAGE_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
DOCUMENT_POLICY = "default-src 'none'; frame-ancestors 'self'"
_INLINE = {"application/pdf"}  # shown by the browser's viewer; other documents are downloaded
AGENCY_PAGE = "agency_across_years"  # the canned query of one agency's reports, year by year
# columns that name a capture: each links to its original (in a query's results too: table None); a
# capture's own id is its row's key, which Datasette links to the row (its URL links to the original)
CAPTURE_COLUMNS = {("reports", "parsed_from"), ("report_sources", "first_capture"),
                   ("report_sources", "last_capture"), ("provenance", "capture"), ("report_numbers", "parsed_from"),
                   (None, "parsed_from")}
AGENCY_COLUMNS = {("reports", "agency"), ("report_numbers", "agency"), ("report_overview", "agency")}
URL_COLUMNS = {("captures", "url"), ("report_captures", "url")}  # a capture's URL: its original, not the live page


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    """``ogi_search_query(q)``: what a reader typed as an FTS5 expression over the bigram index;
    ``ogi_excerpt(text, q)``: the text around the first term found."""
    conn.create_function("ogi_search_query", 1, search_query, deterministic=True)
    conn.create_function("ogi_excerpt", 2, excerpt, deterministic=True)


async def dashboard(datasette: Datasette, request: Request) -> Response:
    """The headline figures of the archive (the first database served), as one page."""
    db = datasette.get_database()
    base = datasette.urls.database(db.name)
    figures = await db.execute_fn(lambda conn: headline(conn, base))
    html = await datasette.render_template("ogi_dashboard.html", {"headline": figures, "database": db.name,
                                                                  "base": base}, request=request)
    return Response.html(html)


async def _original(datasette: Datasette, request: Request) -> Original | Response:
    db = datasette.get_database()
    capture = int(request.url_vars["capture"])
    try:
        return await asyncio.to_thread(read_original, db.path, capture)
    except NoOriginal as error:
        return Response.text(str(error), status=404)


async def capture_view(datasette: Datasette, request: Request) -> Response:
    """A capture's original with a banner saying what it is: a page in a sandboxed frame, a
    document in the browser's viewer or for download."""
    found = await _original(datasette, request)
    if isinstance(found, Response):
        return found
    raw = datasette.urls.path(f"{CAPTURE}/{found.capture}/raw")
    html = await datasette.render_template("ogi_capture.html", {
        "original": found, "raw": raw, "inline": _inline(found),
        "database": datasette.get_database().name}, request=request)
    return Response.html(html)


async def capture_raw(datasette: Datasette, request: Request) -> Response:
    """A capture's body as captured, with its type: a page under a policy that lets nothing of it
    run or load, a document for the viewer or for download."""
    found = await _original(datasette, request)
    if isinstance(found, Response):
        return found
    headers = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
               "X-OGI-SHA256": found.sha256}
    kind = found.document_type
    if found.note:  # shown as stored: bytes to download, never to render
        kind, policy, disposition = "application/octet-stream", PAGE_POLICY, "attachment"
    elif found.is_page or kind.startswith("text/"):
        policy, disposition = PAGE_POLICY, "inline"
    else:
        policy, disposition = DOCUMENT_POLICY, "inline" if _inline(found) else "attachment"
    headers["Content-Security-Policy"] = policy
    headers["Content-Disposition"] = f'{disposition}; filename="{found.filename}"'
    return Response(found.body, status=200, headers=headers, content_type=kind)


def _inline(found: Original) -> bool:
    """Whether the browser shows the original itself (a page, a PDF) rather than downloading it."""
    return found.is_page or found.document_type.split(";")[0].strip().lower() in _INLINE


def _link(href: str, text: object, title: str) -> Markup:
    return Markup(f'<a href="{escape(href)}" title="{escape(title)}">{escape(text)}</a>')


@hookimpl
def register_routes() -> list:
    return [(rf"^{DASHBOARD}$", dashboard), (rf"^{CAPTURE}/(?P<capture>\d+)$", capture_view),
            (rf"^{CAPTURE}/(?P<capture>\d+)/raw$", capture_raw)]


@hookimpl
def render_cell(row: object, value: object, column: str, table: str | None, database: str, datasette: Datasette
                ) -> Markup | None:
    """A capture's id, wherever a table names one, and a capture's URL link to its original as
    captured; an agency links to its reports year by year."""
    if (table, column) in CAPTURE_COLUMNS and isinstance(value, int):
        return _link(datasette.urls.path(f"{CAPTURE}/{value}"), value, "the original as captured")
    if (table, column) in URL_COLUMNS and isinstance(value, str) and isinstance(row["id"], int):  # type: ignore[index]
        return _link(datasette.urls.path(f"{CAPTURE}/{row['id']}"), value, "the original as captured")  # type: ignore[index]
    if (table, column) in AGENCY_COLUMNS and isinstance(value, str) and value:
        href = datasette.urls.database(database) + f"/{AGENCY_PAGE}?" + urlencode({"agency": value})
        return _link(href, value, "its reports year by year")
    return None


@hookimpl
def get_metadata(datasette: Datasette) -> dict[str, object]:
    """What each column of ``report_numbers`` holds (``crawler.archive.numbers``), in every database served."""
    table = {"report_numbers": {"columns": DESCRIPTIONS}}
    return {"databases": {name: {"tables": table} for name in datasette.databases}}


@hookimpl
def menu_links(datasette: Datasette) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path(DASHBOARD), "label": "概览 · Dashboard"}]
