"""The health check a monitor or a load balancer polls."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from operations import health


@never_cache
@require_safe
def healthz(request) -> JsonResponse:
    """Answer 200 when this process reaches its database, cache, storage and a moving task
    queue, 503 otherwise; a short JSON body says which. No login, no data."""
    healthy, checks = health.run_checks()
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)
