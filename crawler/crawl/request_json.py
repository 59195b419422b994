"""A Scrapy request as JSON and back: how the crawl's frontier, and the shared queue of a distributed
crawl, keep the requests they have yet to make.

Scrapy's own ``Request.to_dict`` and ``request_from_dict`` do the work (the callback kept by name);
bytes (headers, body) become text, and a Playwright page method its name and arguments. JSON rather
than pickle: the frontier lives in the archive's database, which is published and copied, and a
queue is shared between machines, so reading a request back must never run anything.

``dumps`` and ``loads`` make this module a serializer for scrapy-redis (SCHEDULER_SERIALIZER).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import scrapy
from scrapy.utils.request import request_from_dict
from scrapy_playwright.page import PageMethod

# the request classes a stored request may name (Scrapy's own: a plain request and a form's POST)
_CLASSES = {"scrapy.http.request.Request", "scrapy.http.request.form.FormRequest", "scrapy.http.FormRequest"}
_PAGE_METHODS = "playwright_page_methods"  # meta: what the browser does before the page is read


def dumps(fields: dict[str, Any]) -> bytes:
    """A request's ``to_dict`` as JSON bytes; TypeError if its meta or cb_kwargs hold what JSON cannot."""
    fields = dict(fields)
    fields["headers"] = {name.decode("latin-1"): [value.decode("latin-1") for value in values]
                         for name, values in fields["headers"].items()}
    fields["body"] = base64.b64encode(fields["body"]).decode("ascii")
    if _PAGE_METHODS in fields["meta"]:
        fields["meta"] = {**fields["meta"], _PAGE_METHODS: [
            {"method": m.method, "args": list(m.args), "kwargs": m.kwargs} for m in fields["meta"][_PAGE_METHODS]]}
    return json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")


def loads(data: bytes | str) -> dict[str, Any]:
    """The fields ``dumps`` wrote, ready for ``request_from_dict``; ValueError for a class not Scrapy's."""
    fields = json.loads(data)
    if fields.get("_class", "scrapy.http.request.Request") not in _CLASSES:
        raise ValueError(f"a stored request of an unexpected class: {fields['_class']!r}")
    fields["headers"] = {name.encode("latin-1"): [value.encode("latin-1") for value in values]
                         for name, values in fields["headers"].items()}
    fields["body"] = base64.b64decode(fields["body"])
    if _PAGE_METHODS in fields["meta"]:
        fields["meta"][_PAGE_METHODS] = [PageMethod(m["method"], *m["args"], **m["kwargs"])
                                         for m in fields["meta"][_PAGE_METHODS]]
    return fields


def request_to_json(request: scrapy.Request, spider: scrapy.Spider) -> str:
    """The request as JSON text."""
    return dumps(request.to_dict(spider=spider)).decode("utf-8")


def request_from_json(text: str, spider: scrapy.Spider) -> scrapy.Request:
    """The request ``request_to_json`` wrote, its callback bound to ``spider`` again."""
    return request_from_dict(loads(text), spider=spider)
