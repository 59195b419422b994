"""Hanweb JCMS (大汉) columns: the list a column page only scripts, fetched from its dataproxy.

A column page holds no list, only a ``jpage`` script with the dataproxy's URL, the page
size and the form fields it posts. The dataproxy answers, for a window of records
(``?startrecord=1&endrecord=45&perpage=15``: three pages at a time), an XML
``<datastore>`` whose ``<record>`` elements each wrap one list item's HTML in CDATA, and
``<totalrecord>`` the column's size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

PAGES_PER_WINDOW = 3  # as the jpage script asks
_PROXY = re.compile(r"""proxyUrl\s*:\s*['"]([^'"]+)['"]""")
_PER_PAGE = re.compile(r"perPage\s*:\s*(\d+)")
_PARAMS = re.compile(r"params\s*:\s*\{([^}]*)\}")
_PAIR = re.compile(r"""(\w+)\s*:\s*(?:'([^']*)'|"([^"]*)"|([\w.-]+))""")
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")


@dataclass(frozen=True)
class JPage:
    """A column's dataproxy: where it is, its page size and the form it posts."""

    proxy_url: str
    per_page: int
    params: dict[str, str]

    def window(self, start: int) -> str:
        """The dataproxy URL of the window of records from ``start`` (1-based)."""
        end = start + self.per_page * PAGES_PER_WINDOW - 1
        return f"{self.proxy_url}?{urlencode({'startrecord': start, 'endrecord': end, 'perpage': self.per_page})}"

    @property
    def window_size(self) -> int:
        return self.per_page * PAGES_PER_WINDOW


def find_jpage(html: str, base_url: str) -> JPage | None:
    """The dataproxy a column page's jpage script names, or None when the page has none."""
    proxy, params = _PROXY.search(html), _PARAMS.search(html)
    if proxy is None or params is None:
        return None
    per_page = _PER_PAGE.search(html)
    pairs = {m[1]: next(v for v in m.groups()[1:] if v is not None) for m in _PAIR.finditer(params[1])}
    return JPage(urljoin(base_url, proxy[1]), int(per_page[1]) if per_page else 15, pairs)


@dataclass(frozen=True)
class Datastore:
    """One dataproxy answer: the list items' HTML and the column's size (None if not said)."""

    records: list[str]
    total: int | None


def read_datastore(body: bytes) -> Datastore:
    """The records of a dataproxy answer; a broken XML document is read by its CDATA sections."""
    try:
        root = lxml.etree.fromstring(body, lxml.etree.XMLParser(resolve_entities=False, no_network=True,
                                                                 huge_tree=False))
        records = [record.text or "" for record in root.iter("record")]
        total = root.findtext("totalrecord")
        return Datastore(records, int(total) if total and total.strip().isdigit() else None)
    except lxml.etree.XMLSyntaxError:
        text = body.decode("utf-8", "replace")
        found = _TOTAL.search(text)
        return Datastore(_RECORD.findall(text), int(found[1]) if found else None)


def records_html(records: list[str]) -> HtmlElement:
    """The records' list items as one document, each record its own row: a record holding a
    table row (``<tr>``) is kept in a table of its own, so its cells stay together."""
    parts = [f"<table>{r}</table>" if r.lstrip()[:3].lower() == "<tr" else f"<div>{r}</div>" for r in records]
    return lxml.html.fragment_fromstring("".join(parts), create_parent="div")
