"""Full-text search over reports for Chinese: an FTS5 index of character bigrams.

SQLite's tokenizers do not split Chinese into words, and its trigram tokenizer finds no
match for a two-character term (复议). So each report's title, agency and text are indexed
as their overlapping character bigrams (行政复议 -> 行政 政复 复议), words of letters or
digits as themselves; a query becomes the phrase of its bigrams (依申请 -> "依申 申请"),
which matches exactly the reports holding that string (after NFKC and Traditional to
Simplified, on both sides). The index is contentless (the text lives in ``reports``) and
keyed through ``search_rows`` (FTS row -> content hash), filled in for new reports by
``refresh_search`` when a crawl or a re-parse ends.
"""

from __future__ import annotations

import re
import unicodedata

import sqlite_utils

from crawler.text.mirror import to_simplified

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TERM = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+")


def _fold(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]


def search_words(text: str) -> str:
    """A text as the index holds it: the bigrams of each run of Han characters, and each word
    of letters or digits, space-separated."""
    words: list[str] = []
    for term in _TERM.findall(_fold(text)):
        words += _bigrams(term) if _HAN_RUN.fullmatch(term) else [term]
    return " ".join(words)


def search_query(query: str) -> str:
    """An FTS5 expression for what a reader typed: every term (split at spaces and
    punctuation) must be present, each as the phrase of its bigrams; a single Han character
    matches the bigrams it begins. An empty query matches nothing."""
    phrases = []
    for term in _TERM.findall(_fold(query)):
        if _HAN_RUN.fullmatch(term) and len(term) == 1:
            phrases.append(f'"{term}"*')
        else:
            phrases.append('"' + " ".join(_bigrams(term) if _HAN_RUN.fullmatch(term) else [term]) + '"')
    return " AND ".join(phrases) or '""'


def create_search(db: sqlite_utils.Database) -> None:
    """The index's tables, if missing."""
    db.execute("create table if not exists search_rows (id integer primary key autoincrement,"
               " content_hash text not null unique)")
    db.execute("create virtual table if not exists reports_fts using fts5(words, content='', tokenize='unicode61')")


def refresh_search(db: sqlite_utils.Database) -> int:
    """Index the reports not indexed yet (in the order stored); how many. What is not indexed yet is read
    inside the write transaction, so two processes refreshing one archive at once (two ingests, a crawl and
    an ingest) never index a report twice."""
    create_search(db)
    with db.conn:
        db.conn.execute("BEGIN IMMEDIATE")
        new = db.execute("select rowid, content_hash, title, agency, text from reports"
                         " where content_hash not in (select content_hash from search_rows) order by rowid").fetchall()
        for _, content_hash, title, agency, text in new:
            row = db.conn.execute("insert into search_rows (content_hash) values (?)", [content_hash]).lastrowid
            words = search_words("\n".join(part for part in (title, agency, text) if part))
            db.conn.execute("insert into reports_fts (rowid, words) values (?, ?)", [row, words])
    return len(new)


def excerpt(text: str | None, query: str, width: int = 30) -> str:
    """``width`` characters either side of the first place ``text`` holds a term of ``query``
    (its start when none is found as typed, e.g. in Traditional characters)."""
    text = text or ""
    terms = [t for t in re.split(r"\s+", unicodedata.normalize("NFKC", query)) if t]
    at = min((i for i in (text.find(t) for t in terms) if i >= 0), default=0)
    start = max(0, at - width)
    return ("…" if start else "") + text[start:at + width].replace("\n", " ") + ("…" if at + width < len(text) else "")
