from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request):
    """For load balancers, and the baseline of `make bench`: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")
