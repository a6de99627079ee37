"""The restore drill on PostgreSQL: back up a site with issued certificates, drop the whole
database schema and the media, restore, and find every row, every stored PDF and every public
verification page as it was.

The tests drop the test database's schema; the restore puts it back, so the tests after these
in the same process find the usual schema (and ``migrate`` rebuilds it should a test stop
half-way).
"""

import hashlib
import io
import shutil
from datetime import date

import django
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from certificates import services
from certificates.models import Ceremony, Certificate
from lapas_training.models import AuditEvent
from tests.certificates.helpers import closed_cohort
from tests.helpers import page_without_csrf
from tests.operations.backup_helpers import manifest_of

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the drill restores pg_dump archives into the emptied test database; CI runs "
        "it on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def table_counts() -> dict[str, int]:
    """Return the rows of every table, as Django's introspection lists them."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def stored_files(media_root) -> dict[str, str]:
    """Return the SHA-256 of every stored file, each read back through the storage."""
    hashes = {}
    for path in sorted(media_root.rglob("*")):
        if path.is_file():
            name = path.relative_to(media_root).as_posix()
            with default_storage.open(name, "rb") as handle:
                hashes[name] = hashlib.sha256(handle.read()).hexdigest()
    return hashes


def verification_pages(client) -> dict[str, tuple[int, bytes]]:
    pages = {}
    for code in Certificate.objects.order_by("pk").values_list("verification_code", flat=True):
        response = client.get(reverse("certificates:verify", args=[code]))
        pages[code] = (response.status_code, page_without_csrf(response))
    return pages


def drop_everything(settings) -> None:
    """Lose the database and the media: what a dead server leaves."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    shutil.rmtree(settings.MEDIA_ROOT)
    settings.MEDIA_ROOT.mkdir()
    cache.clear()
    assert connection.introspection.table_names() == []


@pytest.fixture(autouse=True)
def _schema_back_afterwards():
    yield
    if "django_migrations" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)


@pytest.fixture
def site(cohort, instructor, agency_admin):
    """Certificates of every kind of status, their stored PDFs, and a ceremony's PDF."""
    closed_cohort(
        cohort=cohort,
        instructor=instructor,
        names=["Ahmad Fauzi", "Budi Santoso", "Candra"],
        failing=("Candra",),
        units=2,
    )
    ahmad, budi = sorted(
        services.certificates_issue(actor=agency_admin, cohort=cohort),
        key=lambda c: c.snapshot["holder"]["name"],
    )
    services.ceremony_create(
        actor=agency_admin, cohort=cohort, date=date(2026, 9, 30), place="Aula Lapas"
    )
    services.certificate_reissue(actor=agency_admin, certificate=ahmad, reason="Salah eja nama")
    services.certificate_revoke(actor=agency_admin, certificate=budi, reason="Data tidak sah")


def test_the_restore_drill(settings, tmp_path, client, site):
    # What the site holds, recorded the way users and the database see it.
    pages = verification_pages(client)
    before = table_counts()
    files = stored_files(settings.MEDIA_ROOT)
    certificates = list(Certificate.objects.order_by("pk"))
    assert [c.status for c in certificates] == ["superseded", "revoked", "valid"]
    assert sorted(status for status, _ in pages.values()) == [200, 200, 200]
    pdfs = {c.pdf.name: c.pdf_sha256 for c in certificates}
    (ceremony,) = Ceremony.objects.all()
    pdfs[ceremony.pdf.name] = ceremony.pdf_sha256
    assert {name: files[name] for name in pdfs} == pdfs  # each PDF as its row records it
    assert len(files) == 4

    archive = tmp_path / "drill.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    drop_everything(settings)

    out = io.StringIO()
    call_command("restore", str(archive), "--no-input", stdout=out)
    connection.close()

    rows = sum(before.values())
    assert out.getvalue().splitlines() == [
        "Arsip utuh: 5 berkas sesuai manifest "
        f"(dibuat {manifest_of(archive)['created_at']}, Django {django.get_version()}).",
        f"Basis data (postgresql): {len(before)} tabel, {rows} baris; basis data tujuan kosong.",
        "Berkas media: 4 akan ditulis, 0 sudah ada dengan isi yang sama.",
        "Basis data dipulihkan. Berkas media: 4 ditulis, 0 sudah ada dengan isi yang sama.",
        f"Jumlah baris sesuai manifest: {len(before)} tabel, {rows} baris.",
    ]
    # The same rows, plus the restore's own audit event.
    after = table_counts()
    assert after == {**before, "lapas_training_auditevent": before["lapas_training_auditevent"] + 1}
    assert AuditEvent.objects.latest("id").action == "operations.restored"
    assert stored_files(settings.MEDIA_ROOT) == files
    assert verification_pages(client) == pages


@pytest.fixture
def archived_and_lost(settings, tmp_path, facility):
    """A backup of a small site with one stored file, then the loss of database and media."""
    default_storage.save("certificates/2026/00001.pdf", ContentFile(b"%PDF-1.7 satu"))
    archive = tmp_path / "site.tar"
    before = table_counts()
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    drop_everything(settings)
    return archive, before


def test_a_declined_restore_changes_nothing(monkeypatch, archived_and_lost):
    archive, before = archived_and_lost
    monkeypatch.setattr("builtins.input", lambda prompt: "tidak")
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert out.getvalue().splitlines()[-1] == "Dibatalkan; tidak ada yang diubah."
    assert connection.introspection.table_names() == []
    assert not default_storage.exists("certificates/2026/00001.pdf")

    monkeypatch.setattr("builtins.input", lambda prompt: "ya")
    call_command("restore", str(archive), stdout=io.StringIO())
    assert table_counts()["inmates_facility"] == before["inmates_facility"] == 1


def test_a_differing_media_file_stops_the_restore_before_the_database(archived_and_lost):
    archive, before = archived_and_lost
    default_storage.save("certificates/2026/00001.pdf", ContentFile(b"another file"))
    with pytest.raises(CommandError) as error:
        call_command("restore", str(archive), "--no-input", stdout=io.StringIO())
    assert str(error.value) == (
        "1 media files already stored differ from the archive's: certificates/2026/00001.pdf. "
        "A restore overwrites nothing: move them away, or restore into empty storage."
    )
    assert connection.introspection.table_names() == []

    default_storage.delete("certificates/2026/00001.pdf")
    call_command("restore", str(archive), "--no-input", stdout=io.StringIO())
    with default_storage.open("certificates/2026/00001.pdf", "rb") as handle:
        assert handle.read() == b"%PDF-1.7 satu"
    restored = table_counts()
    assert restored == {
        **before,
        "lapas_training_auditevent": before["lapas_training_auditevent"] + 1,
    }
