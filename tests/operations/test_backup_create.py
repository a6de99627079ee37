"""`manage.py backup`: one archive with the database, every media file (read through the
storage API) and a manifest; written under a temporary name and renamed when complete.

A backup reads only what is committed, so these tests commit for real (``transaction=True``).
"""

import io
import json
import re
import shutil
import sqlite3
import stat
import subprocess

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from lapas_training.models import AuditEvent
from operations.backup import create_backup
from tests.operations.backup_helpers import read_members, sha256

pytestmark = pytest.mark.django_db(transaction=True)

CERTIFICATE = b"%PDF-1.7 sertifikat Ahmad"
PHOTO = b"\xff\xd8\xff\xe0 pas foto Budi"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[connection.vendor]


@pytest.fixture
def stored_media(settings):
    default_storage.save("certificates/2026/00001-ahmad.pdf", ContentFile(CERTIFICATE))
    default_storage.save("inmates/photos/budi.jpg", ContentFile(PHOTO))


def test_one_archive_holds_the_database_the_media_and_a_manifest(tmp_path, facility, stored_media):
    target = tmp_path / "cadangan.tar"
    out = io.StringIO()
    call_command("backup", "--output", str(target), stdout=out)

    members = read_members(target)
    assert list(members) == [
        DATABASE_MEMBER,
        "media/certificates/2026/00001-ahmad.pdf",
        "media/inmates/photos/budi.jpg",
        "manifest.json",
    ]
    assert members["media/certificates/2026/00001-ahmad.pdf"] == CERTIFICATE
    assert members["media/inmates/photos/budi.jpg"] == PHOTO
    manifest = json.loads(members["manifest.json"])
    assert manifest["files"] == [
        {"path": name, "size": len(body), "sha256": sha256(body)}
        for name, body in members.items()
        if name != "manifest.json"
    ]
    assert manifest["engine"] == connection.vendor
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", manifest["created_at"])
    assert {tuple(pair) for pair in manifest["migrations"]} == set(
        MigrationRecorder(connection).applied_migrations()
    )
    # Every table is counted, as the ORM counts it (the backup's own audit event comes after).
    assert sorted(manifest["row_counts"]) == sorted(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        expected = model._base_manager.count()
        if model is AuditEvent:
            expected -= 1
        assert manifest["row_counts"][model._meta.db_table] == expected, model
    assert manifest["row_counts"]["inmates_facility"] == 1

    if connection.vendor == "sqlite":
        copy = tmp_path / "copy.sqlite3"
        copy.write_bytes(members[DATABASE_MEMBER])
        with sqlite3.connect(copy) as db:
            names = db.execute("SELECT name FROM inmates_facility").fetchall()
        db.close()
        assert names == [("Lapas Kelas IIB Lamongan",)]
    else:
        assert members[DATABASE_MEMBER].startswith(b"PGDMP")

    size = target.stat().st_size
    rows = sum(manifest["row_counts"].values())
    archive_sha256 = sha256(target.read_bytes())
    assert out.getvalue().splitlines() == [
        f"Cadangan dibuat: {target}",
        f"Ukuran: {size / 1024 / 1024:.1f} MB ({size} bita)",
        f"SHA-256: {archive_sha256}",
        f"Basis data ({connection.vendor}): {len(manifest['row_counts'])} tabel, {rows} baris.",
        "Berkas media: 2 (0.0 MB).",
    ]
    # It holds personal data: readable by its owner only.
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor_id) == ("operations.backup_created", None)
    assert event.data == {
        "archive": str(target),
        "size": size,
        "sha256": archive_sha256,
        "tables": len(manifest["row_counts"]),
        "rows": rows,
        "media_files": 2,
    }


def test_the_default_name_is_dated_under_var_backups(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    call_command("backup", stdout=io.StringIO())
    (archive,) = (tmp_path / "var" / "backups").iterdir()
    assert re.fullmatch(r"backup-\d{8}-\d{6}\.tar", archive.name)
    # A folder given as --output gets the same kind of name.
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    call_command("backup", "--output", str(folder), stdout=io.StringIO())
    (other,) = folder.iterdir()
    assert re.fullmatch(r"backup-\d{8}-\d{6}\.tar", other.name)


def test_an_existing_file_is_never_overwritten(tmp_path):
    target = tmp_path / "cadangan.tar"
    target.write_bytes(b"the previous backup")
    with pytest.raises(CommandError) as error:
        call_command("backup", "--output", str(target), stdout=io.StringIO())
    assert str(error.value) == f"{target} exists already; a backup never overwrites a file."
    assert target.read_bytes() == b"the previous backup"
    assert [path.name for path in tmp_path.iterdir()] == ["cadangan.tar"]


class WatchedStorage(FileSystemStorage):
    """A media storage that notes what the backup folder holds whenever a file is read."""

    def __init__(self, *, folder, fail=False, **kwargs):
        super().__init__(**kwargs)
        self.folder = folder
        self.fail = fail
        self.seen: list[list[str]] = []

    def open(self, name, mode="rb"):
        self.seen.append(sorted(path.name for path in self.folder.iterdir()))
        if self.fail:
            raise OSError("No space left on device")
        return super().open(name, mode)


@pytest.fixture
def watched(tmp_path):
    media = WatchedStorage(folder=tmp_path / "backups", location=tmp_path / "media")
    media.save("certificates/00001.pdf", ContentFile(CERTIFICATE))
    return media


def test_the_archive_appears_under_its_name_only_when_complete(tmp_path, watched):
    target = tmp_path / "backups" / "cadangan.tar"
    result = create_backup(output=target, connection=connection, storage=watched)

    # While the media file was read, the folder held a partial file and a work folder only.
    (seen,) = watched.seen
    partial = [name for name in seen if name.endswith(".partial")]
    work = [name for name in seen if name.startswith(".backup-work-")]
    assert len(partial) == len(work) == 1
    assert partial[0].startswith(".cadangan.tar.")
    assert sorted(partial + work) == seen
    assert [path.name for path in target.parent.iterdir()] == ["cadangan.tar"]
    assert result.path == target
    assert result.media_files == 1


def test_a_failed_backup_leaves_nothing_behind(tmp_path, watched):
    watched.fail = True
    with pytest.raises(OSError, match="No space left on device"):
        create_backup(
            output=tmp_path / "backups" / "cadangan.tar", connection=connection, storage=watched
        )
    assert list((tmp_path / "backups").iterdir()) == []


def test_a_failed_backup_is_reported_by_the_command(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.operations.test_backup_create.FullDisk"},
    }
    default_storage.save("certificates/00001.pdf", ContentFile(CERTIFICATE))
    with pytest.raises(CommandError) as error:
        call_command("backup", "--output", str(tmp_path / "b" / "x.tar"), stdout=io.StringIO())
    assert str(error.value) == "The backup failed and wrote no archive: No space left on device"
    assert list((tmp_path / "b").iterdir()) == []


class FullDisk(FileSystemStorage):
    def open(self, name, mode="rb"):
        raise OSError("No space left on device")


@pytest.mark.django_db  # inside the test's transaction, which nobody else can see
def test_a_backup_inside_a_transaction_is_refused(tmp_path, facility):
    with pytest.raises(CommandError) as error:
        call_command("backup", "--output", str(tmp_path / "x.tar"), stdout=io.StringIO())
    assert str(error.value) == "A backup must run outside a database transaction."
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump is PostgreSQL's; CI runs it there"
)
def test_pg_dump_gets_the_password_through_its_environment(tmp_path, monkeypatch):
    calls = []
    real_run = subprocess.run

    def recording_run(arguments, **kwargs):
        calls.append((arguments, kwargs["env"]))
        return real_run(arguments, **kwargs)

    monkeypatch.setattr("operations.backup.database.subprocess.run", recording_run)
    # The test server trusts local connections: the password is carried, not needed.
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "kata-sandi-rahasia")
    create_backup(output=tmp_path / "x.tar", connection=connection, storage=default_storage)

    ((arguments, env),) = calls
    assert arguments[0] == shutil.which("pg_dump")
    assert arguments[1] == "--format=custom"
    assert re.fullmatch(r"--snapshot=[0-9A-F-]+", arguments[2])
    assert arguments[3].startswith(f"--file={tmp_path}/.backup-work-")
    assert arguments[4:] == [
        "--no-password",
        f"--dbname=dbname='{connection.settings_dict['NAME']}'",
    ]
    assert env["PGPASSWORD"] == "kata-sandi-rahasia"
    assert [env["PGHOST"], env["PGPORT"], env["PGUSER"]] == [
        str(connection.settings_dict[key]) for key in ("HOST", "PORT", "USER")
    ]
