"""Small helpers shared by the tests."""

import re

from django.test import TestCase

# Parts of a page that differ between any two requests: the CSRF token, and the language
# switcher's link back to the page itself.
PER_REQUEST = re.compile(rb'name="(csrfmiddlewaretoken|next)" (type="hidden" )?value="[^"]+"')


def page_without_csrf(response) -> bytes:
    """Return the response body with its per-request values blanked out."""
    return PER_REQUEST.sub(rb'name="\1" value=""', response.content)


def assert_same_as_missing(
    client, response, missing_url: str | None = None, *, method: str = "get", data=None
) -> None:
    """Assert a 404 that reveals nothing: the same page as for an object that does not exist.

    ``missing_url`` is asked the same way (``method``, ``data``) as ``response`` was; by
    default it is a page that does not exist at all, in the same section of the site (so the
    navigation marks the same section).
    """
    if missing_url is None:
        section = response.request["PATH_INFO"].strip("/").split("/")[0]
        missing_url = f"/{section}/halaman-yang-tidak-ada/"
    missing = getattr(client, method)(missing_url, data or {})
    assert response.status_code == 404
    assert missing.status_code == 404
    assert page_without_csrf(response) == page_without_csrf(missing)


def login_redirect(path: str) -> str:
    """Return where an anonymous visitor of ``path`` is sent: the login page, then back."""
    return f"/akun/masuk/?next={path}"


def formset_data(prefix: str, rows: list[dict], **extra) -> dict:
    """Return the POST data of a formset: its management form and one form per row."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(rows)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        **extra,
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def audit_actions() -> list[str]:
    """Return the action codes of the audit log, oldest first."""
    from lapas_training.models import AuditEvent

    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def after_commit():
    """Run the work the enclosed code leaves for after its commit (the rendering tasks) when the
    block ends: a test's own transaction never commits. Django's documented way for this."""
    return TestCase.captureOnCommitCallbacks(execute=True)
