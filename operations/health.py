"""What a monitor needs to know: can this process reach everything it depends on?

Each check answers ``(ok, detail)``. Nothing here reads or returns personal data, and the
details are short fixed words and numbers, never an exception's text (it could carry a
connection string).
"""

import logging
import os
import socket
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

logger = logging.getLogger(__name__)

# Writing a file to shared storage costs a request to an object store: at most once in this
# many seconds per process, whatever the polling rate.
STORAGE_CHECK_SECONDS = 10
_storage_checked: dict[str, float | bool] = {"at": 0.0, "ok": False}


def check_database() -> tuple[bool, str]:
    """One round trip to the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database does not answer.")
        return False, "unavailable"
    return True, "ok"


def check_cache() -> tuple[bool, str]:
    """Write and read back a value in the shared cache."""
    key = f"healthz:{socket.gethostname()}:{os.getpid()}"
    value = str(time.monotonic_ns())
    try:
        cache.set(key, value, 30)
        ok = cache.get(key) == value
    except Exception:
        logger.exception("Health check: the cache does not answer.")
        return False, "unavailable"
    return ok, "ok" if ok else "unavailable"


def check_storage() -> tuple[bool, str]:
    """Write, read back and delete a small file on the media storage (PDFs, photos, logos)."""
    now = time.monotonic()
    if now - float(_storage_checked["at"]) < STORAGE_CHECK_SECONDS:
        ok = bool(_storage_checked["ok"])
        return ok, "ok" if ok else "not writable"
    name = f"healthz/{socket.gethostname()}-{os.getpid()}.txt"
    payload = timezone.now().isoformat().encode()
    ok = False
    try:
        saved = default_storage.save(name, ContentFile(payload))
        try:
            with default_storage.open(saved, "rb") as handle:
                ok = handle.read() == payload
        finally:
            default_storage.delete(saved)
    except Exception:
        logger.exception("Health check: the media storage is not writable.")
    _storage_checked.update(at=now, ok=ok)
    return ok, "ok" if ok else "not writable"


def _waiting_in_database() -> tuple[int, datetime | None]:
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    if oldest is None:
        return 0, None
    enqueued_at, run_after = oldest
    # A task told to wait until later has been waiting only since then.
    since = max(enqueued_at, run_after) if run_after and run_after.year < 9999 else enqueued_at
    return waiting.count(), since


def _waiting_in_redis() -> tuple[int, datetime | None]:
    import django_rq

    queue = django_rq.get_queue("default")
    ids = queue.get_job_ids(0, 1)
    job = queue.fetch_job(ids[0]) if ids else None
    since = job.enqueued_at if job and job.enqueued_at else None
    if since is not None and timezone.is_naive(since):
        since = timezone.make_aware(since, UTC)
    return queue.count, since


def task_queue() -> tuple[int, int]:
    """Return (tasks waiting, seconds the oldest has waited) for the configured backend."""
    backend = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS]).__module__
    if backend.startswith("django_tasks_db"):
        count, since = _waiting_in_database()
    elif backend.startswith("django_tasks_rq"):
        count, since = _waiting_in_redis()
    else:  # Tasks run where they are enqueued: nothing ever waits.
        count, since = 0, None
    age = int((timezone.now() - since).total_seconds()) if since else 0
    return count, max(age, 0)


def check_tasks() -> tuple[bool, dict]:
    """The queue of background tasks: a task waiting too long means no worker is taking it."""
    try:
        waiting, oldest = task_queue()
    except Exception:
        logger.exception("Health check: the task queue cannot be read.")
        return False, {"status": "unavailable"}
    ok = oldest <= settings.HEALTH_MAX_TASK_WAIT_SECONDS
    return ok, {
        "status": "ok" if ok else "stalled",
        "waiting": waiting,
        "oldest_wait_s": oldest,
    }


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "tasks": check_tasks,
}


def run_checks() -> tuple[bool, dict]:
    """Run every check; return whether all passed and each one's short result."""
    results, healthy = {}, True
    for name, check in CHECKS.items():
        ok, detail = check()
        healthy = healthy and ok
        results[name] = detail
    return healthy, results
