"""Pages for when the service itself fails, standing alone: they read nothing from the database
(which may be what failed) and need no logged-in user."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django_guid import get_guid

# A page served while the database restarts asks the browser to come back after this.
RETRY_AFTER_SECONDS = 30


def _page(*, status: int, title: str, message: str) -> HttpResponse:
    body = loader.render_to_string(
        "operations/unavailable.html",
        {"title": title, "message": message, "request_id": get_guid()},
        request=None,
    )
    return HttpResponse(body, status=status)


def server_error(request) -> HttpResponse:
    """The 500 page, in Indonesian with the request id the logs carry; a database that does not
    answer (restarting, failing over) gives a 503 with Retry-After instead: the person tries
    again in a moment, after checking whether a form he sent was saved (each write is one
    transaction, but a request may have committed one before the database went away).

    Django calls this while handling the exception, so ``sys.exc_info()`` names it, wherever it
    was raised (a view, or a middleware loading the session or the user).
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        response = _page(
            status=503,
            title=_("Layanan sedang tidak tersedia"),
            message=_(
                "Basis data sedang tidak dapat dihubungi, misalnya karena dimulai ulang. Coba "
                "lagi dalam satu menit. Bila Anda mengirim formulir, periksa dulu apakah isinya "
                "sudah tersimpan sebelum mengirimnya lagi."
            ),
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _page(
        status=500,
        title=_("Terjadi kesalahan"),
        message=_(
            "Permintaan Anda tidak dapat diselesaikan karena kesalahan pada sistem. Kesalahan "
            "ini sudah dicatat. Coba lagi nanti; bila terus terjadi, sampaikan kode di bawah "
            "kepada petugas TI."
        ),
    )
