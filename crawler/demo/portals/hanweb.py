"""The ``hanweb`` family (UTF-8, Hanweb JCMS style).

A 政府信息公开年报 column ``/col/col<n>/index.html`` whose page holds no list, only the
parameters of a ``jpage`` script; the list comes as XML (records in CDATA) from
``POST /module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=``, and a news column
like it. Half its reports are published as an attachment (PDF, DOCX or XLSX, by turns) linked
from a short page, served by ``/module/download/downfile.jsp?filename=...`` as octet-stream.
"""

from __future__ import annotations

import html
import random
import zlib
from urllib.parse import parse_qs

from crawler.demo.portals.base import DemoPortal, Page, PublishedReport, Response
from crawler.demo.reports import DemoReport

RECORDS_PER_PAGE = 5  # records per page of a column; its dataproxy is asked three pages at a time
ATTACHMENT_KINDS = ("pdf", "docx", "xlsx")  # the attachments, by turns
DATAPROXY = "/module/web/jpage/dataproxy.jsp"


class HanwebPortal(DemoPortal):
    """A Hanweb JCMS portal: columns listed by a dataproxy, half the reports in attachments."""

    family = "hanweb"

    def _column_paths(self, rng: random.Random) -> tuple[str, str]:
        """A dedicated 年报 column, and a news column."""
        return f"/col/col{rng.randrange(1000, 4999)}/", f"/col/col{rng.randrange(5000, 9999)}/"

    def _publish(self, column: str, index: int, report: DemoReport, serial: int,
                 rng: random.Random) -> PublishedReport:
        """Every other report: in an attachment, linked from a short page."""
        if not index % 2:
            return super()._publish(column, index, report, serial, rng)
        kind = ATTACHMENT_KINDS[index // 2 % len(ATTACHMENT_KINDS)]
        attachment = f"/module/download/downfile.jsp?classid=0&filename={serial}.{kind}"
        self.attachments[attachment] = (kind, report)
        link = f'<p>附件：<a href="{html.escape(attachment)}">{html.escape(report.title)}.{kind}</a></p>'
        page = self._add(column, report.title, report.published, link, serial)
        return PublishedReport(page.path, report, attachment)

    def _route(self, path: str, query: str, form: str) -> Response | None:
        return self._datastore(query, form) if path == DATAPROXY else None

    def _page_number(self, name: str, query: str, count: int) -> int | None:
        """One page: the script pages through the records."""
        return 0 if name == "index.html" else None

    def _listing(self, column: str, pages: list[Page], number: int) -> str:
        """No list, only the script that would fetch it."""
        column_id = column.removeprefix("/col/col").strip("/")
        unit = zlib.crc32(column.encode()) % 90000 + 10000
        return (
            f'<div class="list"><div id="{unit}"></div></div>'
            '<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>'
            "<script>$(document).ready(function(){"
            f"$('#{unit}').jpage({{dataStore: [], proxyUrl: '{DATAPROXY}', perPage: {RECORDS_PER_PAGE}, "
            f"totalRecord: -1, groupSize: 3, params: {{col: 1, appid: 1, webid: 12, path: '/', "
            f"columnid: {column_id}, sourceContentType: 1, unitid: {unit}, webname: '{self.name}', "
            "permissiontype: 0}});});</script>"
        )

    def _datastore(self, query: str, form: str) -> Response:
        """The XML the dataproxy answers: the column's records in a start..end window."""
        args = {k: v[-1] for k, v in (parse_qs(query) | parse_qs(form)).items()}
        column = f"/col/col{args.get('columnid', '')}/"
        pages = self._columns.get(column)
        start, end = (int(args[k]) if args.get(k, "").isdigit() else 0 for k in ("startrecord", "endrecord"))
        if pages is None or start < 1 or end < start:
            return 200, "text/xml; charset=utf-8", b"<datastore><totalrecord>0</totalrecord></datastore>"
        records = "".join(f"<record><![CDATA[{self._entry(column, p)}]]></record>" for p in pages[start - 1:end])
        total_pages = -(-len(pages) // RECORDS_PER_PAGE)
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><datastore><nextgroup><![CDATA[]]></nextgroup>'
               f"<recordset>{records}</recordset><totalrecord>{len(pages)}</totalrecord>"
               f"<totalpage>{total_pages}</totalpage></datastore>")
        return 200, "text/xml; charset=utf-8", xml.encode("utf-8")
