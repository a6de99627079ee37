"""A task worker for bench/certificates.py: the real ``db_worker`` with the bench's settings.

The bench passes its environment (database, media folder, chunk size) and the PDF form it
measures (``BENCH_PDF_VARIANT``); arguments go to ``db_worker`` (``--worker-id``).
"""

import os
import sys

import django_setup

django_setup.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from certificates import pdf  # noqa: E402

# Static files straight from the app folders, as in the bench process (no collectstatic run).
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
variant = os.environ.get("BENCH_PDF_VARIANT", pdf.PDF_VARIANT)
pdf.PDF_VARIANT = None if variant == "plain" else variant
call_command(
    "db_worker", *sys.argv[1:], reload=False, startup_delay=False, interval=0.01, verbosity=0
)
