"""Fault drill: the media disk fills up while a certificate or ceremony PDF is being written.

The write fails half-way, as on a real full disk: what fitted is in the file, then ENOSPC.
The attempt fails like any rendering failure (tried again, then marked failed for a person's
retry), nothing half-written is recorded or left behind, and once there is space again the
retry stores the right bytes under the right SHA-256.
"""

import errno
import hashlib
import io
import logging
import os
from datetime import date

import boto3
import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.urls import reverse
from moto import mock_aws
from pypdf import PdfReader

from certificates import services
from certificates.models import Ceremony, Certificate
from certificates.services import rendering
from tests.certificates.helpers import DATABASE_QUEUE, closed_cohort, run_worker
from tests.helpers import after_commit

pytestmark = pytest.mark.django_db

NAMES = ["Ahmad", "Budi", "Candra"]
FAILED_MESSAGE = (
    "Pembuatan 2 PDF gagal setelah beberapa kali dicoba. "
    "Data sertifikat tetap tersimpan dan tidak ada yang hilang."
)


class FullDisk:
    """The media disk with ``free`` bytes left. The real ``FileSystemStorage._save`` writes;
    a write beyond the free bytes puts what fits into the file, then fails with ENOSPC."""

    def __init__(self, monkeypatch, free: int):
        self.free = free
        real_save = FileSystemStorage._save
        disk = self

        class Filling:
            def __init__(self, content):
                self.content = content

            def chunks(self, chunk_size=None):
                for chunk in self.content.chunks(chunk_size):
                    room, disk.free = disk.free, max(0, disk.free - len(chunk))
                    if len(chunk) > room:
                        yield chunk[:room]
                        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                    yield chunk

        def save(storage, name, content):
            return real_save(storage, name, Filling(content))

        monkeypatch.setattr(FileSystemStorage, "_save", save)

    def make_space(self) -> None:
        self.free = 10**12


@pytest.fixture
def queue(settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    settings.CERTIFICATE_RENDER_CHUNK = 2
    monkeypatch.setattr(rendering, "RETRY_DELAY_SECONDS", 0)


def media_files(folder: str) -> set[str]:
    """Every file under ``folder`` of the media storage, whatever its name."""
    root = default_storage.path(folder)
    return {
        os.path.relpath(os.path.join(path, name), default_storage.path("")).replace(os.sep, "/")
        for path, _, names in os.walk(root)
        for name in names
    }


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def pages_text(content: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages]


def assert_stored_whole(record, expected: bytes) -> None:
    """The record names a whole PDF with the pages of ``expected``, under its own SHA-256.

    (A PDF/A carries the second it was written: renderings in different seconds differ.)
    """
    record.refresh_from_db()
    content = read(record.pdf.name)
    assert record.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert record.pdf.name.endswith(f"-{record.pdf_sha256[:16]}.pdf")
    assert content.rstrip().endswith(b"%%EOF")
    assert pages_text(content) == pages_text(expected)
    assert record.render_failed_at is None


@pytest.mark.django_db(transaction=True)
def test_a_disk_filling_up_while_certificates_are_written_records_nothing_half_written(
    queue, client, cohort, instructor, agency_admin, monkeypatch, settings, caplog
):
    closed_cohort(cohort=cohort, instructor=instructor, names=NAMES)
    services.certificates_issue(actor=agency_admin, cohort=cohort)
    run_worker()  # on a roomy disk first, to know the right bytes
    first, second, third = Certificate.objects.order_by("sequence")
    right = {c.pk: read(c.pdf.name) for c in (first, second, third)}
    for certificate in (first, second, third):
        default_storage.delete(certificate.pdf.name)
    Certificate.objects.update(pdf="", pdf_sha256="")

    # The disk has room for the first PDF and half of the second.
    disk = FullDisk(monkeypatch, free=len(right[first.pk]) + len(right[second.pk]) // 2)
    with transaction.atomic():
        rendering.schedule_certificates([first.pk, second.pk, third.pk])
    with caplog.at_level(logging.ERROR, logger="certificates.services.rendering"):
        run_worker()

    assert_stored_whole(first, right[first.pk])
    attempts = settings.CERTIFICATE_RENDER_ATTEMPTS
    for certificate in (second, third):
        certificate.refresh_from_db()
        assert (certificate.pdf.name, certificate.pdf_sha256) == ("", "")
        assert (certificate.render_attempts, certificate.render_failed) == (attempts, True)
        assert certificate.is_valid
    # No file but the first one's: neither the half-written one nor a temporary file.
    assert media_files("certificates") == {first.pdf.name}
    full = [r for r in caplog.records if r.exc_info and isinstance(r.exc_info[1], OSError)]
    assert {r.exc_info[1].errno for r in full} == {errno.ENOSPC}
    assert full[0].getMessage().startswith("Rendering certificates [")

    # What the issuer sees: the failure, kept data, and the button to try again.
    client.force_login(agency_admin)
    progress = client.get(reverse("certificates:cohort_progress", args=[cohort.pk])).json()
    assert progress == {"stored": 1, "total": 3, "failed": 2, "done": False}
    page = client.get(reverse("certificates:detail", args=[second.pk])).content.decode()
    assert FAILED_MESSAGE in " ".join(page.split())
    assert 'id="render-retry"' in page
    assert reverse("certificates:download", args=[second.pk]) not in page

    disk.make_space()
    response = client.post(reverse("certificates:cohort_retry", args=[cohort.pk]))
    assert response.status_code == 302
    run_worker()
    for certificate in (first, second, third):
        assert_stored_whole(certificate, right[certificate.pk])
    assert media_files("certificates") == {
        c.pdf.name for c in Certificate.objects.order_by("sequence")
    }
    progress = client.get(reverse("certificates:cohort_progress", args=[cohort.pk])).json()
    assert progress == {"stored": 3, "total": 3, "failed": 0, "done": True}


@pytest.mark.django_db(transaction=False)
def test_a_file_cut_short_under_the_final_name_is_never_taken_as_the_pdf(
    cohort, instructor, agency_admin
):
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad"])
    with after_commit():
        (certificate,) = services.certificates_issue(actor=agency_admin, cohort=cohort)
    certificate.refresh_from_db()
    name, sha256, whole = certificate.pdf.name, certificate.pdf_sha256, read(certificate.pdf.name)
    # A write that failed before writes were made whole left half the file under its name.
    with open(default_storage.path(name), "wb") as handle:
        handle.write(whole[: len(whole) // 2])
    Certificate.objects.filter(pk=certificate.pk).update(pdf="", pdf_sha256="")

    assert services.render_certificates([certificate.pk]) == 1
    assert_stored_whole(certificate, whole)
    assert (certificate.pdf.name, certificate.pdf_sha256) == (name, sha256)
    assert media_files("certificates") == {name}


@pytest.mark.django_db(transaction=True)
def test_a_disk_filling_up_while_a_ceremony_pdf_is_written_keeps_nothing_half_written(
    queue, client, cohort, instructor, agency_admin, monkeypatch, settings
):
    closed_cohort(cohort=cohort, instructor=instructor, names=NAMES, units=1)
    services.certificates_issue(actor=agency_admin, cohort=cohort)
    run_worker()
    certificates = set(media_files("certificates"))
    disk = FullDisk(monkeypatch, free=4096)  # not even one ceremony page
    ceremony = services.ceremony_create(
        actor=agency_admin, cohort=cohort, date=date(2026, 9, 30), place="Aula Lapas"
    )
    run_worker()

    ceremony.refresh_from_db()
    assert (ceremony.pdf.name, ceremony.pdf_sha256) == ("", "")
    attempts = settings.CERTIFICATE_RENDER_ATTEMPTS
    assert (ceremony.render_attempts, ceremony.render_failed) == (attempts, True)
    assert media_files("ceremonies") == set()  # nothing, not even a temporary file
    assert media_files("certificates") == certificates

    client.force_login(agency_admin)
    progress_url = reverse("certificates:ceremony_progress", args=[ceremony.pk])
    assert client.get(progress_url).json() == {
        "stored": 0,
        "total": 1,
        "failed": 1,
        "done": False,
    }
    page = client.get(reverse("certificates:ceremony", args=[ceremony.pk])).content.decode()
    assert 'id="render-failed"' in page and 'id="render-retry"' in page
    assert 'id="ceremony-download"' not in page

    disk.make_space()
    client.post(reverse("certificates:ceremony_retry", args=[ceremony.pk]))
    run_worker()
    ceremony.refresh_from_db()
    combined = read(ceremony.pdf.name)
    assert ceremony.pdf_sha256 == hashlib.sha256(combined).hexdigest()
    pages = pages_text(combined)
    assert len(pages) == 3 * 2 + 1 and "TANDA TERIMA SERTIFIKAT" in pages[-1]
    assert media_files("ceremonies") == {ceremony.pdf.name}
    assert client.get(progress_url).json()["done"] is True


@pytest.mark.django_db(transaction=False)
def test_a_ceremony_pdf_cut_short_under_its_name_is_assembled_again(
    cohort, instructor, agency_admin
):
    closed_cohort(cohort=cohort, instructor=instructor, names=NAMES, units=1)
    with after_commit():
        services.certificates_issue(actor=agency_admin, cohort=cohort)
        ceremony = services.ceremony_create(
            actor=agency_admin, cohort=cohort, date=date(2026, 9, 30), place="Aula Lapas"
        )
    ceremony.refresh_from_db()
    name, whole = ceremony.pdf.name, read(ceremony.pdf.name)
    with open(default_storage.path(name), "wb") as handle:
        handle.write(whole[: len(whole) * 2 // 3])
    Ceremony.objects.filter(pk=ceremony.pk).update(pdf="", pdf_sha256="")

    assert services.assemble_ceremony(ceremony.pk)
    ceremony.refresh_from_db()
    assert ceremony.pdf.name == name
    again = read(name)
    assert ceremony.pdf_sha256 == hashlib.sha256(again).hexdigest()
    assert again.rstrip().endswith(b"%%EOF")
    assert pages_text(again) == pages_text(whole)
    assert media_files("ceremonies") == {name}


@pytest.mark.django_db(transaction=False)
def test_without_hard_links_the_ceremony_pdf_is_renamed_into_place(
    cohort, instructor, agency_admin, monkeypatch
):
    """Some network shares refuse hard links: the complete file is renamed instead."""

    def refused(*args, **kwargs):
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", refused)
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad"], units=1)
    with after_commit():
        services.certificates_issue(actor=agency_admin, cohort=cohort)
        ceremony = services.ceremony_create(
            actor=agency_admin, cohort=cohort, date=date(2026, 9, 30), place="Aula Lapas"
        )
    ceremony.refresh_from_db()
    combined = read(ceremony.pdf.name)
    assert ceremony.pdf_sha256 == hashlib.sha256(combined).hexdigest()
    assert ceremony.pdf.name == f"ceremonies/DISNAKER-LMG/ceremony-{ceremony.pk}-" + (
        f"{ceremony.inputs_sha256[:16]}.pdf"
    )
    assert media_files("ceremonies") == {ceremony.pdf.name}


def test_a_pdf_is_on_the_disk_before_it_takes_its_name_and_the_name_after(
    cohort, instructor, agency_admin, monkeypatch
):
    """Through a power cut too: the bytes are flushed before the rename, the folder after."""
    synced, real_fsync = [], os.fsync

    def watched(descriptor):
        path = os.readlink(f"/proc/self/fd/{descriptor}")
        synced.append((path, sorted(os.listdir(path)) if os.path.isdir(path) else None))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", watched)
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad"], units=1)
    with after_commit():
        services.certificates_issue(actor=agency_admin, cohort=cohort)
    stored = default_storage.path(Certificate.objects.get().pdf.name)
    (part, before), (folder, after) = synced
    assert part.endswith(rendering.PARTIAL_SUFFIX) and before is None
    assert folder == os.path.dirname(stored)
    assert after == [os.path.basename(stored)]


@pytest.mark.django_db(transaction=False)
def test_an_object_store_gets_the_pdf_directly(cohort, instructor, agency_admin, settings):
    """S3 writes an object whole or not at all: no temporary object there."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "pdf",
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
            },
        },
    }
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad"])
    with mock_aws():
        boto3.client(
            "s3", region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t"
        ).create_bucket(Bucket="pdf")
        with after_commit():
            (certificate,) = services.certificates_issue(actor=agency_admin, cohort=cohort)
        certificate.refresh_from_db()
        content = read(certificate.pdf.name)
        folder, file = certificate.pdf.name.rsplit("/", 1)
        assert default_storage.listdir(folder) == ([], [file])
    assert content.startswith(b"%PDF-")
    assert certificate.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert file == f"00001-{certificate.pdf_sha256[:16]}.pdf"
