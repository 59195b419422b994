"""鄂尔多斯市恩格贝生态示范区: a TRS WCM site of the older template, proven on its saved real page.

The page was saved from a browser (kept inside another project's test file, tests/files/ordos-egb):
its 信息公开年报 column lists reports among news filed there, each with its date in the next
<td>; its pager is an inline script (``var countPage = 2`` and document.write calls), saved
together with the links that script wrote."""

from __future__ import annotations

from pathlib import Path

from crawler.crawl.probe import probe
from tests.conftest import ogi
from tests.saved_site import saved_file, serve_pages

COLUMN = "/xxgk/xxgknb/"  # where the test serves it: the page does not record its URL
# read by eye from the saved page: the four rows that are annual reports, with their dates
REPORTS = [("202009/t20200903_2748784.html", "鄂尔多斯市2019年政府信息公开工作年度报告", "2020-09-03"),
           ("202003/t20200311_2593126.html", "鄂尔多斯市人民政府办公室2019年政府信息公开工作年度报告", "2020-03-11"),
           ("201905/t20190530_2380968.html", "鄂尔多斯市2018年政府信息公开年度报告", "2019-05-30"),
           ("201905/t20190530_2380967.html", "内蒙古自治区2018年政府信息公开工作年度报告", "2019-05-30")]


def _page() -> str:
    """The page, cut out of the test file that keeps it (from <!DOCTYPE to </html>)."""
    body, entry = saved_file("ordos-egb", "69.js")
    assert entry["kind"] == "other"
    text = body.decode("utf-8")
    return text[text.index("<!DOCTYPE"):text.index("</html>") + len("</html>")]


def test_probe_reads_the_reports_among_the_news_and_the_script_pager() -> None:
    found = probe(_page(), "http://www.example.gov.cn" + COLUMN)
    assert found.family == "trs"
    assert found.pages == ("http://www.example.gov.cn/xxgk/xxgknb/", "http://www.example.gov.cn/xxgk/xxgknb/index.html",
                           "http://www.example.gov.cn/xxgk/xxgknb/index_1.html")
    assert [(e.url, e.title, e.published) for e in found.reports] == [
        (f"http://www.example.gov.cn{COLUMN}{path}", title, date) for path, title, date in REPORTS]


def test_the_real_spider_asks_each_report_and_each_page_once(tmp_path: Path) -> None:
    page = _page().encode("utf-8")
    with serve_pages({COLUMN: page, COLUMN + "index.html": page}) as (base, asked):
        result = ogi("crawl", "--url", base + COLUMN, "--db", str(tmp_path / "ordos.db"))
        assert result.returncode == 0, result.stderr
    reports = sorted(COLUMN + path for path, _, _ in REPORTS)
    assert sorted(p for p in asked if p.split("/")[-1].startswith("t20")) == reports  # never the news
    # the pager the script counts and the links it wrote are the same two pages, each asked once
    assert asked.count(COLUMN + "index_1.html") == 1 and asked.count(COLUMN + "index.html") == 1


def test_as_served_the_pager_is_only_its_script() -> None:
    """The server sent the script alone (the links after it are the browser's doing): its
    countPage and the links it would write (``"index"+"_" + i + "."+"html"``) give the pages."""
    page = _page()
    script_start = page.index('<script language="JavaScript" type="text/javascript">\nvar currentPage')
    served = page[:page.index("</script>", script_start) + len("</script>")] + "</td></tr></table></body></html>"
    found = probe(served, "http://www.example.gov.cn" + COLUMN)
    assert found.pages[1:] == ("http://www.example.gov.cn/xxgk/xxgknb/index.html",
                               "http://www.example.gov.cn/xxgk/xxgknb/index_1.html")
