"""Issue, then render: the certificates exist at once, task workers store their PDFs after the
commit, chunk by chunk; failures are retried and nothing is lost; ceremonies are assembled from
the stored files. The database queue is worked by django-tasks-db's own worker command."""

import io
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from certificates import pdf, services
from certificates.models import Certificate, CertificateCounter
from certificates.services import rendering
from lapas_training.models import AuditEvent
from tests.certificates.helpers import DATABASE_QUEUE, closed_cohort, run_worker
from tests.helpers import after_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """Tasks wait in the database until a worker takes them; chunks of two certificates.

    Tests with a worker commit for real (``transaction=True``): a worker sees committed rows
    only, and closes a connection it finds inside a transaction.
    """
    settings.TASKS = DATABASE_QUEUE
    settings.CERTIFICATE_RENDER_CHUNK = 2


def pages_text(content: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages]


def stored(certificate: Certificate) -> bytes:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        return handle.read()


@pytest.mark.django_db(transaction=True)
def test_issuing_decides_at_once_and_workers_render_in_chunks(
    queue, client, cohort, instructor, agency_admin
):
    names = ["Ahmad", "Budi", "Candra", "Dedi", "Eko"]
    closed_cohort(cohort=cohort, instructor=instructor, names=names)
    issued = services.certificates_issue(actor=agency_admin, cohort=cohort)
    assert len(issued) == 5
    assert not Certificate.objects.exclude(pdf="").exists()
    chunks = [task.args_kwargs["args"][0] for task in DBTaskResult.objects.order_by("enqueued_at")]
    assert sorted(len(chunk) for chunk in chunks) == [1, 2, 2]
    assert sorted(pk for chunk in chunks for pk in chunk) == sorted(c.pk for c in issued)

    # Valid and verifiable before any PDF exists; the pages say the PDF is on its way.
    client.force_login(agency_admin)
    first = issued[0]
    verify = client.get(reverse("certificates:verify", args=[first.verification_code]))
    assert verify.status_code == 200 and "Ahmad" in verify.content.decode()
    progress_url = reverse("certificates:cohort_progress", args=[cohort.pk])
    assert client.get(progress_url).json() == {
        "stored": 0,
        "total": 5,
        "failed": 0,
        "done": False,
    }
    download = client.get(reverse("certificates:download", args=[first.pk]), follow=True)
    assert download.redirect_chain == [(reverse("certificates:detail", args=[first.pk]), 302)]
    assert "sedang dibuat" in download.content.decode()
    page = client.get(reverse("certificates:cohort", args=[cohort.pk])).content.decode()
    assert 'id="render-progress"' in page and "js/progress" in page

    run_worker(max_tasks=1)
    assert client.get(progress_url).json()["stored"] == 2

    run_worker()
    assert client.get(progress_url).json() == {"stored": 5, "total": 5, "failed": 0, "done": True}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    for certificate in issued:
        content = stored(certificate)
        assert content.startswith(b"%PDF")
        assert certificate.snapshot["holder"]["name"] in pages_text(content)[0]
    page = client.get(reverse("certificates:cohort", args=[cohort.pk])).content.decode()
    assert 'id="render-progress"' not in page


@pytest.mark.django_db(transaction=True)
def test_a_failed_rendering_keeps_the_certificate_and_a_retry_renders_it(
    queue, client, cohort, instructor, agency_admin, monkeypatch, settings
):
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad", "Budi", "Candra"])
    real_render_batch = pdf.render_batch

    def broken(*args, **kwargs):
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr(pdf, "render_batch", broken)
    monkeypatch.setattr(rendering, "RETRY_DELAY_SECONDS", 0)
    issued = services.certificates_issue(actor=agency_admin, cohort=cohort)
    run_worker()

    attempts = settings.CERTIFICATE_RENDER_ATTEMPTS
    for certificate in Certificate.objects.all():
        assert (certificate.pdf.name, certificate.render_attempts) == ("", attempts)
        assert certificate.render_failed and certificate.is_valid
    client.force_login(agency_admin)
    verify = client.get(reverse("certificates:verify", args=[issued[0].verification_code]))
    assert verify.status_code == 200
    progress = client.get(reverse("certificates:cohort_progress", args=[cohort.pk])).json()
    assert progress == {"stored": 0, "total": 3, "failed": 3, "done": False}
    page = client.get(reverse("certificates:cohort", args=[cohort.pk])).content.decode()
    assert 'id="render-failed"' in page and 'id="render-retry"' in page

    monkeypatch.setattr(pdf, "render_batch", real_render_batch)
    response = client.post(reverse("certificates:cohort_retry", args=[cohort.pk]))
    assert response.status_code == 302
    run_worker()
    for certificate in issued:
        assert stored(certificate).startswith(b"%PDF")
        assert certificate.render_failed_at is None
    event = AuditEvent.objects.get(action="certificate.render_retried")
    assert (event.actor, event.data["certificates"]) == (agency_admin, 3)


@pytest.mark.django_db(transaction=True)
def test_one_bad_certificate_does_not_hold_back_its_chunk(
    queue, cohort, instructor, agency_admin, monkeypatch
):
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad", "Budi"])
    real_render_batch = pdf.render_batch
    monkeypatch.setattr(rendering, "RETRY_DELAY_SECONDS", 0)

    def fails_for_budi(certificates, **kwargs):
        if any(c["holder"]["name"] == "Budi" for c in certificates):
            raise RuntimeError("Budi's photo is broken")
        return real_render_batch(certificates, **kwargs)

    monkeypatch.setattr(pdf, "render_batch", fails_for_budi)
    services.certificates_issue(actor=agency_admin, cohort=cohort)
    run_worker()
    ahmad = Certificate.objects.get(snapshot__holder__name="Ahmad")
    budi = Certificate.objects.get(snapshot__holder__name="Budi")
    assert stored(ahmad).startswith(b"%PDF")
    assert budi.render_failed


def test_rendering_twice_gives_the_same_file(cohort, instructor, agency_admin):
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad"], units=2)
    with after_commit():
        (certificate,) = services.certificates_issue(actor=agency_admin, cohort=cohort)
    first = stored(certificate)
    name, sha256 = certificate.pdf.name, certificate.pdf_sha256
    default_storage.delete(name)
    Certificate.objects.filter(pk=certificate.pk).update(pdf="", pdf_sha256="")
    assert services.render_certificates([certificate.pk]) == 1
    assert stored(certificate) == first
    assert (certificate.pdf.name, certificate.pdf_sha256) == (name, sha256)
    # A certificate that has its PDF is left alone.
    assert services.render_certificates([certificate.pk]) == 0


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_issuance_stores_no_file_and_takes_no_number(
    cohort, instructor, agency_admin, settings
):
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad", "Budi"])
    with pytest.raises(RuntimeError), transaction.atomic():
        services.certificates_issue(actor=agency_admin, cohort=cohort)
        raise RuntimeError("something after the issuance failed")
    assert not Certificate.objects.exists()
    assert not CertificateCounter.objects.filter(last_sequence__gt=0).exists()
    assert not (settings.MEDIA_ROOT / "certificates").exists()

    issued = services.certificates_issue(actor=agency_admin, cohort=cohort)  # commits
    assert [c.sequence for c in issued] == [1, 2]
    files = sorted((settings.MEDIA_ROOT / "certificates").rglob("*.pdf"))
    assert [f.name.split("-")[0] for f in files] == ["00001", "00002"]


@pytest.mark.django_db(transaction=True)
def test_a_ceremony_is_assembled_in_the_background_from_the_stored_files(
    queue, client, cohort, instructor, agency_admin
):
    names = ["Ahmad", "Budi", "Candra"]
    closed_cohort(cohort=cohort, instructor=instructor, names=names, units=1)
    issued = services.certificates_issue(actor=agency_admin, cohort=cohort)
    run_worker()
    ceremony = services.ceremony_create(
        actor=agency_admin, cohort=cohort, date=date(2026, 9, 30), place="Aula Lapas"
    )
    assert not ceremony.pdf
    client.force_login(agency_admin)
    detail = reverse("certificates:ceremony", args=[ceremony.pk])
    page = client.get(detail).content.decode()
    assert "sedang disusun" in page and 'id="ceremony-download"' not in page
    download_url = reverse("certificates:ceremony_download", args=[ceremony.pk])
    assert client.get(download_url)["Location"] == detail
    progress_url = reverse("certificates:ceremony_progress", args=[ceremony.pk])
    assert client.get(progress_url).json()["done"] is False

    run_worker()
    assert client.get(progress_url).json()["done"] is True
    ceremony.refresh_from_db()
    with ceremony.pdf.open("rb") as handle:
        combined = handle.read()
    pages = pages_text(combined)
    assert len(pages) == 3 * 2 + 1  # front and units page each, then the receipt
    ordered = sorted(issued, key=lambda c: c.snapshot["holder"]["name"])
    assert pages[:6] == [text for c in ordered for text in pages_text(stored(c))]
    assert "TANDA TERIMA SERTIFIKAT" in pages[-1]
    response = client.get(download_url)
    assert b"".join(response.streaming_content) == combined

    # Assembled again from the same inputs, it finds its own file instead of writing another.
    name, inputs_sha256 = ceremony.pdf.name, ceremony.inputs_sha256
    type(ceremony).objects.filter(pk=ceremony.pk).update(pdf="")
    assert services.assemble_ceremony(ceremony.pk)
    ceremony.refresh_from_db()
    assert (ceremony.pdf.name, ceremony.inputs_sha256) == (name, inputs_sha256)
    assert len(_files("ceremonies")) == 1


def _files(folder: str) -> list[str]:
    found = []
    directories, files = default_storage.listdir(folder)
    found += [f"{folder}/{name}" for name in files]
    for directory in directories:
        found += _files(f"{folder}/{directory}")
    return found


@pytest.mark.django_db(transaction=True)
def test_a_ceremony_planned_during_rendering_waits_for_the_workers(
    queue, cohort, instructor, agency_admin
):
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad", "Budi", "Candra"])
    services.certificates_issue(actor=agency_admin, cohort=cohort)
    ceremony = services.ceremony_create(
        actor=agency_admin, cohort=cohort, date=date(2026, 9, 30), place="Aula Lapas"
    )
    # The certificates are still in the workers' hands: assembling now renders nothing twice.
    assert rendering.assemble_ceremony(ceremony.pk, wait_for_workers=True) is False
    assert not Certificate.objects.exclude(pdf="").exists()
    run_worker()
    ceremony.refresh_from_db()
    assert ceremony.pdf and not Certificate.objects.filter(pdf="").exists()
