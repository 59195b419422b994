"""The crawl's progress: a live status line on a terminal, plain lines elsewhere."""

from __future__ import annotations

import io

from crawler.crawl.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_status_is_redrawn_in_place() -> None:
    out = Terminal()
    progress = Progress([], out=out)
    assert progress._live is not None
    progress._live.start()
    progress.report()
    progress._live.stop()
    written = out.getvalue()
    assert "pages 0 · reports 0 · errors 0" in written
    assert "\x1b[" in written  # drawn with terminal control sequences, not printed line by line


def test_elsewhere_each_report_is_one_plain_line() -> None:
    out = io.StringIO()
    progress = Progress([], out=out)
    progress.report()
    progress.report()
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and all("pages 0 · reports 0 · errors 0 · 0 pages/s" in line for line in lines)
    assert "\x1b[" not in out.getvalue()
