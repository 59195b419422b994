"""A Scrapy request as JSON and back: how the crawl's frontier keeps the requests it has yet to make.

Scrapy's own ``Request.to_dict`` and ``request_from_dict`` do the work (the callback kept by name);
bytes (headers, body) become text. JSON rather than pickle, because the frontier lives in the archive's
database, which is published and copied: reading it back must never run anything.
"""

from __future__ import annotations

import base64
import json

import scrapy
from scrapy.utils.request import request_from_dict

# the request classes a stored request may name (Scrapy's own: a plain request and a form's POST)
_CLASSES = {"scrapy.http.request.Request", "scrapy.http.request.form.FormRequest", "scrapy.http.FormRequest"}


def request_to_json(request: scrapy.Request, spider: scrapy.Spider) -> str:
    """The request as JSON; TypeError if its meta or cb_kwargs hold what JSON cannot."""
    fields = request.to_dict(spider=spider)
    fields["headers"] = {name.decode("latin-1"): [value.decode("latin-1") for value in values]
                         for name, values in fields["headers"].items()}
    fields["body"] = base64.b64encode(fields["body"]).decode("ascii")
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def request_from_json(text: str, spider: scrapy.Spider) -> scrapy.Request:
    """The request ``request_to_json`` wrote, its callback bound to ``spider`` again."""
    fields = json.loads(text)
    if fields.get("_class", "scrapy.http.request.Request") not in _CLASSES:
        raise ValueError(f"a stored request of an unexpected class: {fields['_class']!r}")
    fields["headers"] = {name.encode("latin-1"): [value.encode("latin-1") for value in values]
                         for name, values in fields["headers"].items()}
    fields["body"] = base64.b64decode(fields["body"])
    return request_from_dict(fields, spider=spider)
