"""Sending back to the workers the PDFs whose rendering was lost with its worker.

A task worker killed in the middle of a task (SIGKILL, the out-of-memory killer, a power cut,
a container stopped without grace) never finishes it: in the database queue its task stays
RUNNING for ever (django-tasks-db keeps no heartbeat and never looks at a running task again),
and its certificates stay without a PDF and not marked failed, so the pages say "being made"
and offer no retry. The same happens when a process dies between issuing and enqueueing. Only
a ceremony's assembly renders its own missing certificates, after ``rendering.MAX_WAIT``.

``requeue_lost_renders`` (``manage.py requeue_renders``, run periodically and before workers
start) finds what waited longer than anything alive would and enqueues it again through the
ordinary tasks. With the database queue it sees the tasks: what a task still waiting or
recently started holds is left alone, a task running for longer is marked failed as lost, and
its certificates count the lost attempt (one that kills its worker every time ends as failed,
for a person to look at). Other backends hide their queue: there the age alone decides, and a
certificate sent twice is rendered once (rendering is idempotent). Temporary files left by a
worker killed while writing (``rendering.PARTIAL_SUFFIX``) are removed.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from certificates.models import Ceremony, Certificate
from certificates.services.rendering import (
    PARTIAL_SUFFIX,
    assemble_ceremony_task,
    render_certificates_task,
)

logger = logging.getLogger(__name__)

# Rendering a chunk takes seconds and assembling a large ceremony a minute or two: a PDF still
# missing, or a task still running, after this long was lost.
LOST_AFTER = timedelta(minutes=30)
# Folders of the media storage where rendering writes.
FOLDERS = ("certificates", "ceremonies")


class WorkerLost(Exception):
    """The worker running this task stopped before finishing it; recorded on the task's row."""


@dataclass(frozen=True)
class Requeued:
    """What one pass found and did."""

    certificates: int  # certificates enqueued again
    ceremonies: int  # ceremonies enqueued again
    given_up: int  # certificates and ceremonies marked failed: their last attempt was lost
    lost_tasks: int  # running tasks marked failed as lost (database queue only)
    partial_files: int  # temporary files of killed writes removed


@dataclass
class _Queue:
    """What the database queue holds for the rendering tasks."""

    waiting: dict[str, set[int]]  # per task path: what tasks waiting or running recently hold
    lost: dict[str, set[int]]  # per task path: what the lost tasks held
    lost_tasks: int


def _held(args_kwargs: dict) -> list[int]:
    """Return the certificate or ceremony ids a rendering task was called with."""
    args, kwargs = args_kwargs.get("args") or [], args_kwargs.get("kwargs") or {}
    first = args[0] if args else kwargs.get("certificate_ids", kwargs.get("ceremony_id", []))
    return list(first) if isinstance(first, list) else [first]


def _read_queue(cutoff) -> _Queue | None:
    """Mark the rendering tasks running since before ``cutoff`` failed; return what the queue
    holds, or None when the tasks are not in the database."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return None
    paths = [render_certificates_task.module_path, assemble_ceremony_task.module_path]
    rows = DBTaskResult.objects.filter(backend_name=backend.alias, task_path__in=paths)
    queue = _Queue(waiting={p: set() for p in paths}, lost={p: set() for p in paths}, lost_tasks=0)
    alive = Q(status=TaskResultStatus.READY) | Q(
        status=TaskResultStatus.RUNNING, started_at__gte=cutoff
    )
    for path, args_kwargs in rows.filter(alive).values_list("task_path", "args_kwargs"):
        queue.waiting[path].update(_held(args_kwargs))
    stale = rows.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    for pk, path, args_kwargs in stale.values_list("pk", "task_path", "args_kwargs"):
        marked = DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            return_value=None,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__qualname__}: {WorkerLost.__doc__}\n",
        )
        if marked:
            queue.lost[path].update(_held(args_kwargs))
            queue.lost_tasks += 1
    return queue


def _send_back(model, rows, lost: set[int]) -> tuple[dict[int, list[int]], int]:
    """Count the lost attempt of each of ``rows`` (pk, attempts) that ``lost`` names; mark
    failed those with no attempt left. Return the others by the attempt they are sent for,
    and how many were marked failed."""
    by_attempt: dict[int, list[int]] = {}
    counted, given_up = [], []
    for pk, attempts in rows:
        if pk in lost:
            counted.append(pk)
            attempts += 1
        if attempts >= settings.CERTIFICATE_RENDER_ATTEMPTS:
            given_up.append(pk)
        else:
            by_attempt.setdefault(attempts + 1, []).append(pk)
    model.objects.filter(pk__in=counted, pdf="").update(render_attempts=F("render_attempts") + 1)
    model.objects.filter(pk__in=given_up, pdf="").update(render_failed_at=timezone.now())
    return by_attempt, len(given_up)


def remove_partial_files(*, older_than: timedelta = LOST_AFTER) -> int:
    """Remove the temporary files that writes killed half-way left; return how many."""
    try:
        default_storage.path("")
    except NotImplementedError:
        return 0  # object stores write whole objects: they leave no such files
    cutoff = timezone.now() - older_than
    removed = 0
    folders = [folder for folder in FOLDERS if default_storage.exists(folder)]
    while folders:
        folder = folders.pop()
        directories, files = default_storage.listdir(folder)
        folders += [f"{folder}/{directory}" for directory in directories]
        for file in files:
            name = f"{folder}/{file}"
            if file.endswith(PARTIAL_SUFFIX) and default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                removed += 1
    return removed


def requeue_lost_renders(*, older_than: timedelta = LOST_AFTER) -> Requeued:
    """Enqueue again the certificate and ceremony PDFs whose rendering was lost."""
    cutoff = timezone.now() - older_than
    certificate_path = render_certificates_task.module_path
    ceremony_path = assemble_ceremony_task.module_path
    with transaction.atomic():
        queue = _read_queue(cutoff) or _Queue(waiting={}, lost={}, lost_tasks=0)
        certificates = [
            (pk, attempts)
            for pk, attempts in Certificate.objects.filter(
                pdf="", render_failed_at__isnull=True, issued_at__lt=cutoff
            )
            .order_by("agency_id", "year", "sequence")
            .values_list("pk", "render_attempts")
            if pk not in queue.waiting.get(certificate_path, ())
        ]
        ceremonies = [
            (pk, attempts)
            for pk, attempts in Ceremony.objects.filter(
                pdf="", render_failed_at__isnull=True, created_at__lt=cutoff
            )
            .order_by("pk")
            .values_list("pk", "render_attempts")
            if pk not in queue.waiting.get(ceremony_path, ())
        ]
        certificate_attempts, certificates_given_up = _send_back(
            Certificate, certificates, queue.lost.get(certificate_path, set())
        )
        ceremony_attempts, ceremonies_given_up = _send_back(
            Ceremony, ceremonies, queue.lost.get(ceremony_path, set())
        )
        size = max(1, settings.CERTIFICATE_RENDER_CHUNK)

        def enqueue() -> None:
            for attempt, ids in certificate_attempts.items():
                for start in range(0, len(ids), size):
                    render_certificates_task.enqueue(ids[start : start + size], attempt)
            for attempt, ids in ceremony_attempts.items():
                for ceremony_id in ids:
                    assemble_ceremony_task.enqueue(ceremony_id, attempt)

        transaction.on_commit(enqueue)
    result = Requeued(
        certificates=sum(len(ids) for ids in certificate_attempts.values()),
        ceremonies=sum(len(ids) for ids in ceremony_attempts.values()),
        given_up=certificates_given_up + ceremonies_given_up,
        lost_tasks=queue.lost_tasks,
        partial_files=remove_partial_files(older_than=older_than),
    )
    if result.certificates or result.ceremonies or result.given_up or result.lost_tasks:
        logger.warning(
            "Rendering lost and sent back: %s certificates, %s ceremonies; %s marked failed; "
            "%s running tasks marked lost",
            result.certificates,
            result.ceremonies,
            result.given_up,
            result.lost_tasks,
        )
    return result
