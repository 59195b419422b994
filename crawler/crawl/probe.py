"""Tell what a portal page is by looking at it: the family of its column, the column's other
pages, the report links it shows, and the annual-report columns and OGI sections it links to.

Plain functions of a page's text and URL; ``ogi probe`` fetches the page, the ``discover``
spider probes every page it walks, and ``ogi crawl --url`` picks its spider from the family.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.crawl.hanweb import find_jpage
from crawler.crawl.listing import Entry, entries, other_pages, script_pages
from crawler.crawl.urls import without_session
from crawler.parse.html_text import parse_html
from crawler.parse.titles import is_column_title, is_report_title, is_section_title

# What each family is, and the registry family (which picks the spider) that crawls it.
FAMILIES: dict[str, tuple[str, str]] = {
    "annual-module": ("a province-wide annual-report module: every agency's report for a year (xxgkAnnualReport)",
                      "trs"),
    "hanweb": ("Hanweb JCMS: the list is loaded from a jpage dataproxy", "hanweb"),
    "trs-dynamic": ("TRS 动静结合: the first pages are static, later ones come from a search API (recordCount and "
                    "prepage in a script); the static pages are crawled", "trs"),
    "trs": ("TRS WCM static column: index_N pages counted by createPageHTML(...) or countPage", "trs"),
    "js": ("a list written by JavaScript: rendered in Chromium", "js"),
    "news": ("a news column paged by links (?page=N, 下一页)", "news"),
    "plain": ("a list of links without a pager", "news"),
    "unknown": ("no list of reports and no pager known here", ""),
}
_ANNUAL_MODULE = re.compile(r"xxgkAnnualReport|AnnualReport\w*\.(?:jsp|do|action)", re.I)
_HANWEB = re.compile(r"/module/(?:web/|jslib/jquery/)?jpage/|dataproxy\.jsp|\bjpage\s*\(", re.I)
_RECORD_COUNT = re.compile(r"""\brecordCount\b\s*[=:]\s*['"]?(\d+)""")
_PREPAGE = re.compile(r"""\b(?:prepage|perPage|pageSize)\b\s*[=:]\s*['"]?(\d+)""", re.I)
_STATIC_PAGES = re.compile(r"""\bmaxStaticIndex\b\s*[=:]\s*['"]?(\d+)""")
# a list a script fills in: data asked of the server, or markup written from a template
_SCRIPTED = re.compile(r"\$\.(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|XMLHttpRequest|\baxios\b|"
                       r"document\.write\s*\(|\bv-for=|template\s*\(|\.innerHTML\s*=|createElement\s*\(|"
                       r"appendChild\s*\(|insertAdjacentHTML|\.(?:html|append)\s*\(")
# a stub that only sends the browser on (redirect_firstChannel.shtml and the like)
_META_REFRESH = re.compile(r"""<meta[^>]+http-equiv\s*=\s*['"]?refresh[^>]+content\s*=\s*['"]?\s*\d*\s*;?"""
                           r"""\s*url\s*=\s*['"]?([^'">\s]+)""", re.I)
_SCRIPT_REDIRECT = re.compile(r"""(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*['"]([^'"]+)['"]|"""
                              r"""location\.(?:replace|assign)\(\s*['"]([^'"]+)['"]""")
_STUB_TEXT = 200  # a page with less text than this, and no list, may be a redirect stub


@dataclass(frozen=True)
class Probe:
    """What one page is. ``evidence`` says what decided the family."""

    url: str
    title: str
    family: str
    evidence: str
    pages: tuple[str, ...] = ()
    reports: tuple[Entry, ...] = ()
    columns: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    redirect: str | None = None

    @property
    def is_column(self) -> bool:
        """Whether the page is a column that lists reports (or loads their list)."""
        return bool(self.reports) or self.family in ("hanweb", "js", "trs-dynamic", "annual-module")

    def registry_entry(self) -> dict[str, object] | None:
        """An entry for ``data/portals.yml`` crawling this column, its id the host (None for a page
        that is no column)."""
        if not self.is_column:
            return None
        return {"id": urlsplit(self.url).hostname or "portal", "name": self.title,
                "family": FAMILIES[self.family][1], "start_urls": [self.url]}

    def as_json(self) -> dict[str, object]:
        """The probe as ``ogi probe --json`` prints it."""
        return {
            "url": self.url, "title": self.title, "family": self.family,
            "family_means": FAMILIES[self.family][0], "evidence": self.evidence,
            "pages": list(self.pages),
            "reports": [{"url": e.url, "title": e.title, "published": e.published} for e in self.reports],
            "columns": list(self.columns), "sections": list(self.sections), "redirect": self.redirect,
            "registry_entry": self.registry_entry(),
        }


# why a page was asked for, on the way from a site's page to its annual-report column
COLUMN, SECTION, START = "column", "section", "start"
MIN_REPORTS_OFF_COLUMN = 3  # a page not linked as a column counts as one when it lists this many reports


@dataclass
class Walk:
    """The bounds of a walk from a site's page to its columns: how many links deep, how many pages."""

    max_depth: int
    max_pages: int
    asked: int = 0

    def take(self, depth: int) -> bool:
        """Whether a page ``depth`` links from the start may be asked for (and count it if so)."""
        if depth > self.max_depth or self.asked >= self.max_pages:
            return False
        self.asked += 1
        return True


def is_annual_column(found: Probe, why: str) -> bool:
    """Whether ``found``, asked for because of ``why``, is an annual-report column."""
    if why == COLUMN:
        return found.is_column
    return found.family == "annual-module" or len(found.reports) >= MIN_REPORTS_OFF_COLUMN


def leads(found: Probe, why: str) -> list[tuple[str, str]]:
    """The pages to ask for next from ``found`` on the way to its site's column, each with why:
    where a stub sends the browser, then the columns it links, then its OGI sections."""
    return ([(found.redirect, why)] if found.redirect else []) + [(url, COLUMN) for url in found.columns] + [
        (url, SECTION) for url in found.sections]


def probe(html: str, url: str) -> Probe:
    """What the page ``html`` served at ``url`` is."""
    root = parse_html(html)
    found = entries(root, url)
    linked = [e for e in found if _same_site(e.url, url) and _elsewhere(e.url, url)]  # other pages of the site
    reports = _unique(e for e in linked if is_report_title(e.title))
    columns = tuple(dict.fromkeys(e.url for e in linked if is_column_title(e.title) or _ANNUAL_MODULE.search(e.url)))
    sections = tuple(dict.fromkeys(e.url for e in linked if is_section_title(e.title)))
    pages = tuple(dict.fromkeys([url, *other_pages(root, html, url)]))
    family, evidence = _family(root, html, url, reports, pages)
    title = _page_title(root)
    redirect = _redirect(root, html, url) if not found else None
    return Probe(url, title, family, evidence, pages, tuple(reports), columns, sections, redirect)


def _redirect(root: HtmlElement, html: str, url: str) -> str | None:
    """Where a stub page without links sends the browser (a meta refresh or a script), on the same site."""
    if len(root.text_content().strip()) > _STUB_TEXT:
        return None
    m = _META_REFRESH.search(html) or _SCRIPT_REDIRECT.search(html)
    if m is None:
        return None
    target = without_session(urljoin(url, next(g for g in m.groups() if g)))
    return target if _same_site(target, url) and _elsewhere(target, url) else None


def _family(root: HtmlElement, html: str, url: str, reports: list[Entry], pages: tuple[str, ...]
            ) -> tuple[str, str]:
    scripts = "\n".join(script.text or "" for script in root.iter("script"))
    if _ANNUAL_MODULE.search(urlsplit(url).path):
        return "annual-module", "the URL is an annual-report module's"
    jpage = find_jpage(html, url)
    if jpage is not None:
        return "hanweb", f"a jpage script loads the list from {jpage.proxy_url}"
    if _HANWEB.search(scripts) or _HANWEB.search(_script_sources(root)):
        return "hanweb", "the page loads Hanweb's jpage script"
    records, per_page = _RECORD_COUNT.search(scripts), _PREPAGE.search(scripts)
    if records and per_page:
        static = _STATIC_PAGES.search(scripts)
        return "trs-dynamic", (f"a script counts {records[1]} records, {per_page[1]} a page"
                               + (f", {static[1]} page(s) static" if static else "")
                               + "; the search API serving the others is not followed")
    if script_pages(scripts):
        return "trs", f"a pager script counts the column's pages ({len(pages)})"
    if reports and len(pages) > 1:
        return "news", f"pager links to {len(pages) - 1} other page(s)"
    if reports:
        return "plain", f"{len(reports)} report links and no pager"
    if _SCRIPTED.search(scripts):
        return "js", "no report links in the served page, and a script that loads or writes a list"
    return "unknown", "no report links, no pager and no list-writing script"


def _script_sources(root: HtmlElement) -> str:
    return " ".join(s.get("src") or "" for s in root.iter("script"))


def _page_title(root: HtmlElement) -> str:
    title = root.find(".//title")
    return " ".join((title.text_content() if title is not None else "").split())


def _same_site(url: str, base: str) -> bool:
    """Whether ``url`` is on ``base``'s host or under it, as the portal spiders follow links."""
    host, site = urlsplit(url).hostname or "", urlsplit(base).hostname or ""
    return host == site or host.endswith("." + site)


def _elsewhere(url: str, base: str) -> bool:
    """Whether ``url`` is another page than ``base`` (a link to the page itself is no entry)."""
    return url.split("#")[0] != without_session(base).split("#")[0]


def _unique(found: Iterable[Entry]) -> list[Entry]:
    """The entries, one per URL (a saved page may hold a link twice: the list and a script's copy)."""
    kept: dict[str, Entry] = {}
    for entry in found:
        kept.setdefault(entry.url, entry)
    return list(kept.values())


