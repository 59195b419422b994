"""Pages that answer 200 but say the page does not exist (a "soft 404"): no report, whatever their title."""

from __future__ import annotations

import re

# what such pages say, on the portals' CMSs
_NOT_FOUND = re.compile(r"页面不存在|页面未找到|找不到(?:该|您要访问的|您访问的)?页面|页面已(?:被)?删除|"
                        r"信息不存在|文章不存在|内容不存在|404 Not Found|Page Not Found", re.IGNORECASE)
SHORT = 400  # characters: a page saying so and little else (a report may quote such words in passing)


def soft_404(text: str) -> str | None:
    """What a short page says to mean "not found", or None for any other text."""
    if len(text) > SHORT:
        return None
    found = _NOT_FOUND.search(text)
    return found.group(0) if found else None
