"""Logs and error reports of a running service, configured from settings.

Log lines carry the request id (``X-Request-ID``: taken from the proxy when it is a valid id,
made up otherwise, and sent back in the response), as plain text or as JSON lines for a log
collector. Errors go to Sentry (or a compatible service) only when ``SENTRY_DSN`` is set, and
then without personal data: no user, address, cookie, request body, query string or local
variable leaves the server.
"""

from typing import Any

REQUEST_ID_FIELDS = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"


def logging_config(*, level: str, json_lines: bool) -> dict[str, Any]:
    """Return the LOGGING setting: one console handler, text or JSON lines."""
    if json_lines:
        formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": REQUEST_ID_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    else:
        formatter = {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {
                "()": "django_guid.log_filters.CorrelationId",
                "correlation_id_field": "request_id",
            }
        },
        "formatters": {"default": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "default",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # Their progress notes would drown every rendering in lines; django_guid writes one line
        # per request only to say the id was found or made up (README: performance notes).
        "loggers": {
            **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "django_guid")},
            # Django's own console handler (DEBUG) goes: its lines reach the root handler once.
            "django": {"level": level},
        },
    }


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Drop from an error report what could hold personal data (a search for a name, a NIK)."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("query_string", "data", "cookies", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() not in {"cookie", "authorization", "x-forwarded-for", "x-real-ip"}
            }
    event.pop("user", None)
    return event


def start_error_reporting(*, dsn: str, environment: str, release: str, traces: float) -> bool:
    """Start sending errors to ``dsn``; return whether reporting is on."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=traces,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
    )
    return True
