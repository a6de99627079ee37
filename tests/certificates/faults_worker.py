"""A real task worker for the fault drills: ``manage.py db_worker`` with the project's settings
in a process of its own, given the test database and media folder by its environment.

With ``FAULT_STALL_MARKER`` set, it stalls half-way through the ``FAULT_STALL_AT``-th file it
writes: half the bytes are on disk, the marker file names the file, and it waits there to be
killed. Nothing of this is in the project's code; the arguments go to ``db_worker``.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapas_training.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.storage import FileSystemStorage  # noqa: E402
from django.core.management import call_command  # noqa: E402

# Static files straight from the app folders, as in the tests (no collectstatic run).
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

marker = os.environ.get("FAULT_STALL_MARKER")
if marker:
    stall_at = int(os.environ["FAULT_STALL_AT"])
    real_save = FileSystemStorage._save
    written = []

    def stalling_save(storage, name, content):
        written.append(name)
        if len(written) < stall_at:
            return real_save(storage, name, content)
        data = b"".join(content.chunks())
        path = storage.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data[: len(data) // 2])
            handle.flush()
            os.fsync(handle.fileno())
        Path(f"{marker}.tmp").write_text(name)
        os.replace(f"{marker}.tmp", marker)
        while True:  # until killed
            time.sleep(1)

    FileSystemStorage._save = stalling_save

call_command("db_worker", *sys.argv[1:])
