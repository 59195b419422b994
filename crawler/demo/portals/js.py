"""The ``js`` family (UTF-8).

A 政府信息公开年报 column ``/gkml/gknb/index.html`` whose list exists only once its script has
run: the entries are base64 data in the page, written into the document by JavaScript (no
list API to call instead); reports mixed with news.
"""

from __future__ import annotations

import base64
import json
import random
from datetime import date

from crawler.demo.portals.base import DemoPortal, Page


class JsPortal(DemoPortal):
    """A portal whose one column is listed by its script alone."""

    family = "js"

    def _column_paths(self, rng: random.Random) -> tuple[str, str]:
        return "/gkml/gknb/", "/gkml/gknb/"

    def _detail_path(self, column: str, published: date, serial: int) -> str:
        return f"{column}content_{serial}.html"

    def _page_number(self, name: str, query: str, count: int) -> int | None:
        """One page: it holds the whole list."""
        return 0 if name == "index.html" else None

    def _listing(self, column: str, pages: list[Page], number: int) -> str:
        """A list its script writes from data in the page: nothing to read without JavaScript."""
        data = base64.b64encode(json.dumps(
            [{"u": p.path, "t": p.title, "d": f"{p.published:%Y-%m-%d}"} for p in pages], ensure_ascii=False,
        ).encode("utf-8")).decode("ascii")
        return (
            '<div class="list"><ul id="gknb-list"></ul></div>'
            f'<script>var ITEMS = "{data}";'
            "var rows = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(ITEMS), c => c.charCodeAt(0))));"
            "var list = document.getElementById('gknb-list');"
            "setTimeout(function () { rows.forEach(function (row) {"
            "var li = document.createElement('li'), a = document.createElement('a'),"
            " span = document.createElement('span');"
            "a.href = row.u; a.title = row.t; a.textContent = row.t.length > 24 ? row.t.slice(0, 24) + '...' : row.t;"
            "span.textContent = row.d; li.appendChild(a); li.appendChild(span); list.appendChild(li); }); }, 50);"
            "</script>"
        )
