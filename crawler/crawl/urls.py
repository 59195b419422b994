"""URLs as the crawler keeps them: without the session identifiers that make one page many."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

# Query parameters that name a visitor's session, not a page (JSP, PHP, ASP.NET, CMS ones).
SESSION_PARAMETERS = frozenset({"jsessionid", "sid", "sessionid", "session_id", "phpsessid", "aspsessionid",
                                "sessid"})
_PATH_SESSION = re.compile(r";jsessionid=[^?#/]*", re.I)


def without_session(url: str) -> str:
    """``url`` without ``;jsessionid=...`` and session parameters (any case), so a page is one URL."""
    parts = urlsplit(_PATH_SESSION.sub("", url))
    if not parts.query:
        return urlunsplit(parts)
    kept = [pair for pair in parts.query.split("&") if pair.split("=", 1)[0].lower() not in SESSION_PARAMETERS]
    return urlunsplit(parts._replace(query="&".join(kept)))
