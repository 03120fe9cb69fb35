"""HEAD answered as GET, without the body, on every route.

Django's `require_GET` and `require_http_methods(["GET", ...])`, and django-ninja's GET
operations, refuse HEAD with 405, although HTTP says a HEAD gets the headers a GET would get.
Monitors, link checkers and harvesters ask HEAD first. Rather than a decorator per view (which
a new view forgets), the view runs as for a GET, as Django's class-based views already do.
"""

from django.http import HttpRequest, HttpResponse


class HeadAsGetMiddleware:
    """Outermost middleware: inner ones (CommonMiddleware sets Content-Length) see the GET's
    response, the body is dropped on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []  # the generator is closed with the response
        else:
            response.content = b""
        return response
