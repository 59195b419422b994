"""The archive's Datasette plugin: the SQL functions its full-text search query uses, and the
dashboard page of headline figures (``/-/dashboard``)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from datasette import hookimpl
from datasette.utils.asgi import Request, Response

from crawler.archive.search import excerpt, search_query
from crawler.publish.dashboard import headline

if TYPE_CHECKING:  # datasette.app imports the plugins, this one among them
    from datasette.app import Datasette

DASHBOARD = "/-/dashboard"


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


@hookimpl
def register_routes() -> list:
    return [(rf"^{DASHBOARD}$", dashboard)]


@hookimpl
def menu_links(datasette: Datasette) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path(DASHBOARD), "label": "概览 · Dashboard"}]
