"""Versions of a report: the same agency's report for the same year published again with a
typo fixed, or edited, is a near-duplicate of the first (their identities differ, their
texts barely). Each is kept, linked to the others in a cluster, and one is current.

Similarity is the Jaccard similarity of the reports' sets of character 5-grams (of the
normalised text: ``crawler.parse.content_hash.normalise_text``), estimated with MinHash (rensa,
128 permutations). Only reports of the same agency and year are compared, so reports of
different agencies or years are never linked, however alike their tables.
"""

from __future__ import annotations

import sqlite_utils
from rensa import RMinHash

from crawler.parse.content_hash import normalise_text

THRESHOLD = 0.8  # estimated Jaccard similarity from which two reports are versions of one
SHINGLE = 5  # characters per shingle
_PERMUTATIONS, _SEED = 128, 2020


def signature(text: str) -> RMinHash:
    """The MinHash signature of a report's text."""
    normalised = normalise_text(text)
    sketch = RMinHash(num_perm=_PERMUTATIONS, seed=_SEED)
    sketch.update([normalised[i:i + SHINGLE] for i in range(max(1, len(normalised) - SHINGLE + 1))])
    return sketch


def similarity(first: str, second: str) -> float:
    """Estimated Jaccard similarity of two reports' texts."""
    return signature(first).jaccard(signature(second))


def link_versions(db: sqlite_utils.Database, content_hash: str) -> None:
    """Put a newly stored report in its cluster: with the reports of its agency and year it is
    a near-duplicate of (merging their clusters if it joins several), else alone. Then number
    the cluster's versions in the order first seen, the last published being current."""
    row = db.execute("select agency, year, text from reports where content_hash = ?", [content_hash]).fetchone()
    agency, year, text = row
    clusters: set[str] = set()
    candidates = db.execute(
        "select cluster, text from reports where agency = ? and year = ? and content_hash != ?",
        [agency, year, content_hash]).fetchall() if agency and year else []
    if candidates:
        mine = signature(text)
        clusters = {cluster for cluster, other in candidates if mine.jaccard(signature(other)) >= THRESHOLD}
    if not clusters:
        db.execute("update reports set cluster = ?, version = 1, current = 1 where content_hash = ?",
                   [content_hash, content_hash])
        return
    marks = ", ".join("?" * len(clusters))
    oldest = db.execute(  # the cluster of the earliest first seen keeps its name
        f"select cluster from reports where cluster in ({marks}) order by first_seen, parsed_from limit 1",
        sorted(clusters)).fetchone()[0]
    db.execute(f"update reports set cluster = ? where content_hash = ? or cluster in ({marks})",
               [oldest, content_hash, *sorted(clusters)])
    members = db.execute("select content_hash, published from reports where cluster = ?"
                         " order by first_seen, parsed_from", [oldest]).fetchall()
    current = max(range(len(members)), key=lambda i: (members[i][1] or "", i))
    for number, (member, _) in enumerate(members):
        db.execute("update reports set version = ?, current = ? where content_hash = ?",
                   [number + 1, int(number == current), member])
