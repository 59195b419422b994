"""Reports held as local files, made into the item a crawl yields, so they are read, parsed (and
archived) exactly as fetched ones are.

A file is named by its ``file:`` URL; a member of a zip archive by a ``jar:`` URL
(``jar:file:///reports/2020.zip!/县政府/年报.pdf``, the convention Java and Firefox use). Its
name without the extension is taken as the title it was listed under when it is a report's
title, as saved reports' names mostly are; a name such as ``附件1.pdf`` is not, and then the
document's own title and text tell the agency and the year.
No Content-Type is claimed for a local file: its form is told from its bytes and its name,
and a page's charset from its bytes and its ``<meta>``, as for a server that names none.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from crawler.items import ReportItem
from crawler.parse.titles import is_report_title

LOCAL_PORTAL = "local"  # the portal recorded for what was not crawled


def file_url(path: Path) -> str:
    """The URL of a local file (made absolute)."""
    return path.resolve().as_uri()


def member_url(archive: str, name: str) -> str:
    """The ``jar:`` URL of member ``name`` of the zip archive at URL ``archive`` (a ``file:`` URL, or a
    member's ``jar:`` URL for an archive inside one: ``jar:file:///a.zip!/b.zip!/c.pdf``)."""
    return f"{archive if archive.startswith('jar:') else f'jar:{archive}'}!/{quote(name, safe='/')}"


def local_item(url: str, name: str, data: bytes, when: datetime | None = None) -> ReportItem:
    """The item for a local file's bytes: ``url`` from ``file_url``, ``name`` its file name (a zip member's
    path in its archive), ``when`` the time it was read (default: now)."""
    stem = PurePosixPath(name.replace("\\", "/")).stem
    return ReportItem(
        url=url, portal=LOCAL_PORTAL, title=stem if is_report_title(stem) else "", status=200, headers={},
        body=data, fetched_at=(when or datetime.now(UTC)).isoformat(timespec="seconds"),
    )
