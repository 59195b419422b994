"""The archive's Datasette plugin: the SQL functions its full-text search query uses."""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from crawler.search import excerpt, search_query


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    """``ogi_search_query(q)``: what a reader typed as an FTS5 expression over the bigram index;
    ``ogi_excerpt(text, q)``: the text around the first term found."""
    conn.create_function("ogi_search_query", 1, search_query, deterministic=True)
    conn.create_function("ogi_excerpt", 2, excerpt, deterministic=True)
