"""CDXJ indexes of the WARC files, as pywb and browsertrix-crawler write them: one line per
response, resource or revisit record, ``<urlkey> <timestamp> <JSON>``, sorted, the JSON
holding url, mime, status, digest, length, offset and filename. Each closed WARC file gets
``NAME.cdxj`` beside it; replay tools (pywb, ReplayWeb.page through a WACZ) read them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from crawler.archive.warc import iter_records

INDEXED = ("response", "resource", "revisit")
_IP = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_WWW = re.compile(r"^www\d*\.")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def urlkey(url: str) -> str:
    """The SURT form of ``url`` replay tools sort and look captures up by:
    ``http://www.Example.gov.cn:80/a?b=2&a=1`` -> ``cn,gov,example)/a?a=1&b=2``."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return url.lower()  # file:, jar: and the like are kept whole
    host = _WWW.sub("", (parts.hostname or "").lower().rstrip("."))
    if not _IP.match(host):
        host = ",".join(reversed(host.split(".")))
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS[parts.scheme]:
        host += f":{port}"
    query = "&".join(sorted(parts.query.split("&"))) if parts.query else ""
    return f"{host}){(parts.path or '/').lower()}" + (f"?{query.lower()}" if query else "")


def _timestamp(warc_date: str) -> str:
    return re.sub(r"\D", "", warc_date)[:14]


def index_lines(path: Path) -> list[str]:
    """The CDXJ lines of one WARC file, sorted."""
    lines = []
    for offset, length, record, _ in iter_records(path):
        if record.rec_type not in INDEXED:
            continue
        headers = record.rec_headers
        url = headers.get_header("WARC-Target-URI") or ""
        http = record.http_headers if record.rec_type != "resource" else None
        typed = http if http is not None else headers  # a resource's type is its record's
        mime = (typed.get_header("Content-Type") or "").split(";")[0].strip()
        fields: dict[str, str] = {"url": url, "mime": "warc/revisit" if record.rec_type == "revisit" else mime}
        if http is not None:
            fields["status"] = http.get_statuscode() or ""
        digest = headers.get_header("WARC-Payload-Digest")
        if digest:
            fields["digest"] = digest
        fields |= {"length": str(length), "offset": str(offset), "filename": path.name}
        lines.append(f"{urlkey(url)} {_timestamp(headers.get_header('WARC-Date') or '')} "
                     f"{json.dumps(fields, ensure_ascii=False)}")
    return sorted(lines)


def index_path(path: Path) -> Path:
    """Where the CDXJ index of the WARC file ``path`` is: ``NAME.cdxj`` beside it."""
    return path.with_name(path.name + ".cdxj")


def write_index(path: Path) -> Path:
    """Write the CDXJ index of the closed WARC file ``path`` (whole, or not at all); its path."""
    target = index_path(path)
    partial = target.with_name(target.name + ".partial")
    partial.write_text("".join(line + "\n" for line in index_lines(path)), encoding="utf-8")
    os.replace(partial, target)
    return target


def index_missing(paths: Iterable[Path]) -> list[Path]:
    """The CDXJ of each closed WARC file of ``paths``, written for those that have none yet."""
    return [index_path(path) if index_path(path).exists() else write_index(path) for path in paths]
