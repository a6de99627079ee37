"""Fault drill: a task worker is killed (SIGKILL) in the middle of rendering.

What the database queue does on its own: nothing. The killed worker's task stays RUNNING for
ever and its certificates stay "being made", with no retry offered. ``manage.py
requeue_renders`` marks such a task lost and sends its certificates back to the workers; the
next worker renders them and nothing is lost. The last test kills a real worker process.
"""

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from certificates import services
from certificates.models import Ceremony, Certificate
from certificates.services import rendering
from tests.certificates.helpers import DATABASE_QUEUE, closed_cohort, run_worker
from tests.helpers import after_commit

pytestmark = pytest.mark.django_db

WORKER = Path(__file__).with_name("faults_worker.py")
ROOT = WORKER.parents[2]
LOST = "certificates.services.recovery.WorkerLost"


@pytest.fixture
def queue(settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    settings.CERTIFICATE_RENDER_CHUNK = 2
    monkeypatch.setattr(rendering, "RETRY_DELAY_SECONDS", 0)


def ago(minutes: int):
    return timezone.now() - timedelta(minutes=minutes)


def issued_long_ago(minutes: int = 31) -> None:
    Certificate.objects.update(issued_at=F("issued_at") - timedelta(minutes=minutes))


def tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.order_by("enqueued_at"))


def killed_while_running(task: DBTaskResult, *, minutes: int) -> None:
    """Leave ``task`` as a worker killed while running it leaves it: claimed, never finished."""
    task.claim("killed-worker")
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=ago(minutes))


def requeue(**options) -> str:
    out = io.StringIO()
    call_command("requeue_renders", stdout=out, **options)
    return out.getvalue()


def said(certificates: int, ceremonies: int, failed: int, lost: int, files: int) -> str:
    return (
        f"{certificates} PDF sertifikat dan {ceremonies} PDF penyerahan dikirim ulang ke "
        f"pekerja; {failed} ditandai gagal; {lost} tugas terhenti; {files} berkas sementara "
        "dihapus.\n"
    )


def assert_whole(certificate: Certificate) -> None:
    """Its PDF is stored whole under its own SHA-256 and prints its holder."""
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        content = handle.read()
    assert certificate.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert certificate.pdf.name.endswith(f"-{certificate.pdf_sha256[:16]}.pdf")
    first_page = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert certificate.snapshot["holder"]["name"] in " ".join(first_page.split())


def media_files(folder: str = "certificates") -> set[str]:
    root = Path(default_storage.path(""))
    return {str(p.relative_to(root)) for p in (root / folder).rglob("*") if p.is_file()}


@pytest.mark.django_db(transaction=True)
def test_the_work_of_a_killed_worker_is_rendered_once_requeued(
    queue, client, cohort, instructor, agency_admin
):
    names = ["Ahmad", "Budi", "Candra", "Dedi", "Eko"]
    closed_cohort(cohort=cohort, instructor=instructor, names=names)
    issued = services.certificates_issue(actor=agency_admin, cohort=cohort)
    issued_long_ago()
    dead, *_ = tasks()
    killed_while_running(dead, minutes=31)
    held = dead.args_kwargs["args"][0]

    # On its own, the queue never comes back to the dead worker's task.
    run_worker()
    assert sorted(Certificate.objects.filter(pdf="").values_list("pk", flat=True)) == held
    assert [t.status for t in tasks()] == ["RUNNING", "SUCCESSFUL", "SUCCESSFUL"]
    client.force_login(agency_admin)
    progress_url = reverse("certificates:cohort_progress", args=[cohort.pk])
    assert client.get(progress_url).json() == {
        "stored": 3,
        "total": 5,
        "failed": 0,
        "done": False,
    }
    page = client.get(reverse("certificates:detail", args=[held[0]])).content.decode()
    assert "PDF sertifikat sedang dibuat" in page and 'id="render-retry"' not in page

    assert requeue() == said(2, 0, 0, 1, 0)
    dead.refresh_from_db()
    assert (dead.status, dead.exception_class_path) == ("FAILED", LOST)
    assert dead.finished_at is not None
    again = DBTaskResult.objects.get(status="READY")
    assert again.args_kwargs["args"] == [held, 2]  # the lost attempt counts
    attempts = dict(Certificate.objects.values_list("pk", "render_attempts"))
    assert attempts == {c.pk: int(c.pk in held) for c in issued}
    assert requeue() == said(0, 0, 0, 0, 0)  # nothing twice

    run_worker()
    for certificate in issued:
        assert_whole(certificate)
    assert media_files() == {c.pdf.name for c in Certificate.objects.all()}
    assert client.get(progress_url).json() == {"stored": 5, "total": 5, "failed": 0, "done": True}


@pytest.mark.django_db(transaction=True)
def test_work_still_in_hand_or_waiting_is_left_alone(queue, cohort, instructor, agency_admin):
    names = ["Ahmad", "Budi", "Candra", "Dedi", "Eko"]
    closed_cohort(cohort=cohort, instructor=instructor, names=names)
    services.certificates_issue(actor=agency_admin, cohort=cohort)
    issued_long_ago()
    busy, deferred, unsent = tasks()
    killed_while_running(busy, minutes=5)  # or a slow worker still at it: too early to say
    DBTaskResult.objects.filter(pk=deferred.pk).update(
        run_after=timezone.now() + timedelta(hours=1)
    )
    # Its task was never enqueued, but it was issued only five minutes ago.
    (young,) = unsent.args_kwargs["args"][0]
    unsent.delete()
    Certificate.objects.filter(pk=young).update(issued_at=ago(5))

    assert requeue() == said(0, 0, 0, 0, 0)
    assert [(t.pk, t.status) for t in tasks()] == [(busy.pk, "RUNNING"), (deferred.pk, "READY")]
    assert not Certificate.objects.filter(render_attempts__gt=0).exists()

    # Told that three minutes is long enough, it takes the busy task as lost.
    assert requeue(minutes=3) == said(3, 0, 0, 1, 0)
    again = DBTaskResult.objects.filter(status="READY").exclude(pk=deferred.pk)
    assert sorted(t.args_kwargs["args"] for t in again) == sorted(
        [[busy.args_kwargs["args"][0], 2], [[young], 1]]
    )


@pytest.mark.django_db(transaction=True)
def test_certificates_whose_task_was_never_enqueued_are_sent(
    queue, cohort, instructor, agency_admin
):
    """The process that issued them died between the commit and the enqueueing."""
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad", "Budi", "Candra"])
    issued = services.certificates_issue(actor=agency_admin, cohort=cohort)
    DBTaskResult.objects.all().delete()
    issued_long_ago()

    assert requeue() == said(3, 0, 0, 0, 0)
    ids = [c.pk for c in sorted(issued, key=lambda c: c.sequence)]
    assert [t.args_kwargs["args"] for t in tasks()] == [[ids[:2], 1], [ids[2:], 1]]
    run_worker()
    for certificate in issued:
        assert_whole(certificate)
        assert certificate.render_attempts == 0


@pytest.mark.django_db(transaction=True)
def test_a_certificate_whose_last_attempt_was_lost_waits_for_a_person(
    queue, client, cohort, instructor, agency_admin, settings
):
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad", "Budi"])
    services.certificates_issue(actor=agency_admin, cohort=cohort)
    issued_long_ago()
    (dead,) = tasks()
    killed_while_running(dead, minutes=45)
    ahmad = Certificate.objects.get(snapshot__holder__name="Ahmad")
    budi = Certificate.objects.get(snapshot__holder__name="Budi")
    last = settings.CERTIFICATE_RENDER_ATTEMPTS
    Certificate.objects.filter(pk=ahmad.pk).update(render_attempts=last - 1)

    assert requeue() == said(1, 0, 1, 1, 0)
    ahmad.refresh_from_db()
    assert (ahmad.render_attempts, ahmad.render_failed) == (last, True)
    assert DBTaskResult.objects.get(status="READY").args_kwargs["args"] == [[budi.pk], 2]
    run_worker()
    assert_whole(budi)

    client.force_login(agency_admin)
    page = client.get(reverse("certificates:detail", args=[ahmad.pk])).content.decode()
    assert 'id="render-failed"' in page and 'id="render-retry"' in page
    client.post(reverse("certificates:cohort_retry", args=[cohort.pk]))
    run_worker()
    assert_whole(ahmad)


@pytest.mark.django_db(transaction=True)
def test_a_ceremony_whose_assembly_was_killed_is_assembled_again(
    queue, cohort, instructor, agency_admin
):
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad", "Budi"], units=1)
    services.certificates_issue(actor=agency_admin, cohort=cohort)
    run_worker()
    ceremony = services.ceremony_create(
        actor=agency_admin, cohort=cohort, date=date(2026, 9, 30), place="Aula Lapas"
    )
    Ceremony.objects.filter(pk=ceremony.pk).update(created_at=ago(31))
    dead = DBTaskResult.objects.get(status="READY")
    killed_while_running(dead, minutes=31)

    assert requeue() == said(0, 1, 0, 1, 0)
    assert DBTaskResult.objects.get(status="READY").args_kwargs["args"] == [ceremony.pk, 2]
    run_worker()
    ceremony.refresh_from_db()
    with ceremony.pdf.open("rb") as handle:
        combined = handle.read()
    assert ceremony.pdf_sha256 == hashlib.sha256(combined).hexdigest()
    assert len(PdfReader(io.BytesIO(combined)).pages) == 2 * 2 + 1
    assert ceremony.render_attempts == 1


def test_temporary_files_of_killed_writes_are_removed_when_old(settings):
    folder = Path(default_storage.path("certificates/AGENCY/2026"))
    folder.mkdir(parents=True)
    old, young, pdf = (folder / n for n in ("1.pdf.a1.part", "2.pdf.b2.part", "3-abc.pdf"))
    for path in (old, young, pdf):
        path.write_bytes(b"%PDF-1.7 cut")
    hour_ago = time.time() - 3600
    for path in (old, pdf):
        os.utime(path, (hour_ago, hour_ago))

    assert requeue() == said(0, 0, 0, 0, 1)
    assert media_files() == {
        "certificates/AGENCY/2026/2.pdf.b2.part",
        "certificates/AGENCY/2026/3-abc.pdf",
    }


def test_without_the_database_queue_age_alone_decides(cohort, instructor, agency_admin):
    """Other backends hide their queue (tasks here run at once, as they are enqueued)."""
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad", "Budi"])
    with after_commit():
        ahmad, budi = services.certificates_issue(actor=agency_admin, cohort=cohort)
    Certificate.objects.filter(pk=ahmad.pk).update(pdf="", pdf_sha256="")
    Certificate.objects.filter(pk=budi.pk).update(pdf="", pdf_sha256="", issued_at=ago(31))

    with after_commit():
        assert requeue() == said(1, 0, 0, 0, 0)
    assert_whole(budi)
    ahmad.refresh_from_db()
    assert not ahmad.pdf


# A real worker process and a real SIGKILL.


def start_worker(settings, *args: str, **env: str) -> subprocess.Popen:
    """Start ``faults_worker.py`` against this test's database and media folder."""
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"])
    return subprocess.Popen(  # noqa: S603 -- our own script
        [sys.executable, str(WORKER), "--no-reload", "--no-startup-delay", "-v", "0", *args],
        env={
            **os.environ,
            "DATABASE_URL": url.geturl(),
            "TASKS_BACKEND": "database",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **env,
        },
        cwd=ROOT,
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a worker process needs a database it can reach: SQLite's test database is in this "
    "process's memory; CI runs this test on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_writing_a_pdf_loses_nothing(
    queue, client, settings, cohort, instructor, agency_admin, tmp_path
):
    settings.CERTIFICATE_RENDER_CHUNK = 4
    names = ["Ahmad", "Budi", "Candra", "Dedi", "Eko", "Fajar"]
    closed_cohort(cohort=cohort, instructor=instructor, names=names)
    issued = sorted(
        services.certificates_issue(actor=agency_admin, cohort=cohort), key=lambda c: c.sequence
    )
    marker = tmp_path / "stalled"
    worker = start_worker(
        settings, "--interval", "0.05", FAULT_STALL_MARKER=str(marker), FAULT_STALL_AT="2"
    )
    try:
        deadline = time.monotonic() + 300  # a guard, not a measure
        while not marker.exists():
            assert worker.poll() is None, "the worker stopped before stalling"
            assert time.monotonic() < deadline, "the worker never reached its second file"
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait(timeout=60)
    assert worker.returncode == -signal.SIGKILL

    # What the killed worker left: its task running for ever, one PDF of four stored, and
    # half a file that no certificate names.
    half = marker.read_text()
    first = issued[0]
    first.refresh_from_db()
    assert [t.status for t in tasks()] == ["RUNNING", "READY"]
    assert list(Certificate.objects.exclude(pdf="").values_list("pk", flat=True)) == [first.pk]
    assert media_files() == {first.pdf.name, half}
    cut = Path(default_storage.path(half)).read_bytes()
    assert cut.startswith(b"%PDF-") and not cut.rstrip().endswith(b"%%EOF")
    client.force_login(agency_admin)
    progress_url = reverse("certificates:cohort_progress", args=[cohort.pk])
    assert client.get(progress_url).json() == {
        "stored": 1,
        "total": 6,
        "failed": 0,
        "done": False,
    }

    assert requeue(minutes=0) == said(3, 0, 0, 1, 1)
    worker = start_worker(settings, "--batch", "--interval", "0")
    try:
        assert worker.wait(timeout=600) == 0
    finally:
        worker.kill()
    for certificate in issued:
        assert_whole(certificate)
    stored = {c.pdf.name for c in Certificate.objects.all()}
    assert len(stored) == 6 and media_files() == stored
    assert [t.status for t in tasks()] == ["FAILED", "SUCCESSFUL", "SUCCESSFUL"]
    assert DBTaskResult.objects.get(status="FAILED").exception_class_path == LOST
    attempts = dict(Certificate.objects.values_list("pk", "render_attempts"))
    assert attempts == {c.pk: int(c in issued[1:4]) for c in issued}
    assert client.get(progress_url).json() == {"stored": 6, "total": 6, "failed": 0, "done": True}
