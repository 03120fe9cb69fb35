"""HTTP validators of the API: ETag and Last-Modified, 304 answers, short public caching."""

import hashlib
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

# Short: a shared cache (or the browser) may serve a page of results this long unchecked.
MAX_AGE = 60


def etag(*parts: object) -> str:
    """A quoted ETag from everything the body depends on (filters, page, data version)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f'"{digest}"'


def not_modified(
    request: HttpRequest, response: HttpResponse, *, tag: str, last_modified: datetime | None
) -> HttpResponse | None:
    """Put the validators and Cache-Control on `response` (the body to come); return the 304
    answer when the client's copy is still current (If-None-Match, else If-Modified-Since)."""
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response["ETag"] = tag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    # Also answers 412 to If-Match / If-Unmodified-Since preconditions that fail.
    answer = get_conditional_response(request, etag=tag, last_modified=timestamp, response=response)
    return None if answer is response else answer
