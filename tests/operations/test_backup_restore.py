"""Restoring: into an empty database of the same engine only, overwriting no media file, and
checking the row counts afterwards. The SQLite cases use small databases of their own, so they
run beside either test database; the full drill on PostgreSQL is in test_backup_drill.py."""

import io
import os
import shutil
import sqlite3
import subprocess

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from moto import mock_aws
from storages.backends.s3 import S3Storage

from operations.backup import BackupError, create_backup, prepared_restore, restore
from operations.backup.database import database_objects, load
from tests.operations.backup_helpers import (
    library_database,
    rewrite,
    sqlite_connection,
)

pytestmark = pytest.mark.django_db

CERTIFICATE = b"%PDF-1.7 sertifikat satu"
PHOTO = b"\xff\xd8 pas foto"


@pytest.fixture
def connections_made():
    made = []
    yield made
    for made_connection in made:
        made_connection.close()


@pytest.fixture
def sqlite_at(connections_made):
    def connect(path):
        made = sqlite_connection(path)
        connections_made.append(made)
        return made

    return connect


@pytest.fixture
def library(tmp_path, sqlite_at):
    """An archive of a small SQLite database and two media files, and the originals."""
    counts = library_database(tmp_path / "library.sqlite3")
    media = FileSystemStorage(location=tmp_path / "library-media")
    media.save("certificates/2026/00001.pdf", ContentFile(CERTIFICATE))
    media.save("photos/a.jpg", ContentFile(PHOTO))
    result = create_backup(
        output=tmp_path / "library.tar",
        connection=sqlite_at(tmp_path / "library.sqlite3"),
        storage=media,
    )
    assert result.row_counts == counts
    return result.path


def titles(path) -> list[str]:
    with sqlite3.connect(path) as db:
        found = [row[0] for row in db.execute("SELECT title FROM book ORDER BY id")]
    db.close()
    return found


def test_a_sqlite_backup_restores_into_an_empty_file(tmp_path, library, sqlite_at):
    target = sqlite_at(tmp_path / "restored.sqlite3")
    media = FileSystemStorage(location=tmp_path / "restored-media")
    media.save("photos/a.jpg", ContentFile(PHOTO))  # already there, the same: left alone

    with prepared_restore(library, connection=target, storage=media) as plan:
        assert [entry["name"] for entry in plan.to_write] == ["certificates/2026/00001.pdf"]
        assert [entry["name"] for entry in plan.present] == ["photos/a.jpg"]
        assert database_objects(target) == []
        result = restore(plan, connection=target, storage=media)

    assert (result.written, result.skipped) == (1, 1)
    assert result.row_counts == {"book": 3, "loan": 1}
    assert result.differences == {}
    assert titles(tmp_path / "restored.sqlite3") == ["Las", "Menjahit", "Roti"]
    with media.open("certificates/2026/00001.pdf") as handle:
        assert handle.read() == CERTIFICATE
    assert sorted(path.name for path in tmp_path.iterdir() if "restored.sqlite3" in path.name) == [
        "restored.sqlite3"
    ]


class FillingStorage(FileSystemStorage):
    """A local folder whose disk fills up half-way through the certificate's file, as
    ``FileSystemStorage`` does: what fits is in the final file, then ENOSPC."""

    full = True

    def _save(self, name, content):
        if self.full and name.endswith(".pdf"):
            with open(self.path(name), "wb") as half:
                half.write(CERTIFICATE[:8])
            raise OSError(28, "No space left on device")
        return super()._save(name, content)


def test_storage_failing_half_way_leaves_the_database_empty_and_the_same_command_runs_again(
    tmp_path, library, sqlite_at
):
    target = sqlite_at(tmp_path / "restored.sqlite3")
    media = FillingStorage(location=tmp_path / "restored-media")
    os.makedirs(tmp_path / "restored-media" / "certificates" / "2026")
    with (
        prepared_restore(library, connection=target, storage=media) as plan,
        pytest.raises(OSError),
    ):
        restore(plan, connection=target, storage=media)
    # The media go first: the database is untouched, no half file is left under the name.
    assert database_objects(target) == []
    assert not media.exists("certificates/2026/00001.pdf")
    media.full = False
    with prepared_restore(library, connection=target, storage=media) as plan:
        result = restore(plan, connection=target, storage=media)
    assert result.row_counts == {"book": 3, "loan": 1} and result.differences == {}
    with media.open("certificates/2026/00001.pdf") as handle:
        assert handle.read() == CERTIFICATE


def test_row_counts_that_differ_from_the_manifest_are_reported(tmp_path, library, sqlite_at):
    def one_more_book(manifest):
        manifest["row_counts"]["book"] = 4

    forged = rewrite(library, tmp_path / "forged.tar", edit=one_more_book)
    target = sqlite_at(tmp_path / "restored.sqlite3")
    media = FileSystemStorage(location=tmp_path / "restored-media")
    with prepared_restore(forged, connection=target, storage=media) as plan:
        result = restore(plan, connection=target, storage=media)
    assert result.differences == {"book": (4, 3)}


def test_a_different_media_file_is_refused_before_anything_is_written(tmp_path, library, sqlite_at):
    target = sqlite_at(tmp_path / "restored.sqlite3")
    media = FileSystemStorage(location=tmp_path / "restored-media")
    media.save("photos/a.jpg", ContentFile(b"another photo under the same name"))
    with (
        pytest.raises(BackupError) as error,
        prepared_restore(library, connection=target, storage=media),
    ):
        pass
    assert str(error.value) == (
        "1 media files already stored differ from the archive's: photos/a.jpg. A restore "
        "overwrites nothing: move them away, or restore into empty storage."
    )
    assert database_objects(target) == []
    assert not media.exists("certificates/2026/00001.pdf")


def test_a_database_with_tables_is_refused(tmp_path, library, sqlite_at):
    with sqlite3.connect(tmp_path / "used.sqlite3") as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    db.close()
    target = sqlite_at(tmp_path / "used.sqlite3")
    media = FileSystemStorage(location=tmp_path / "restored-media")
    with (
        pytest.raises(BackupError) as error,
        prepared_restore(library, connection=target, storage=media),
    ):
        pass
    assert str(error.value) == (
        "The database is not empty (1 tables, views or sequences: notes). A restore goes into "
        "an empty database only: create a new one (PostgreSQL) or move the file away (SQLite), "
        "then run the restore again."
    )


def test_an_in_memory_database_is_refused(tmp_path, library, sqlite_at):
    media = FileSystemStorage(location=tmp_path / "restored-media")
    with (
        pytest.raises(BackupError) as error,
        prepared_restore(library, connection=sqlite_at(":memory:"), storage=media),
    ):
        pass
    assert str(error.value) == (
        "The configured SQLite database lives in memory: nothing to restore to."
    )


def test_media_in_an_object_store_go_through_the_storage_api(tmp_path, sqlite_at):
    """The same backup and restore with an S3-compatible bucket as the media storage."""
    library_database(tmp_path / "library.sqlite3")
    with mock_aws():
        client = boto3.client("s3", region_name="ap-southeast-3")
        client.create_bucket(
            Bucket="media", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"}
        )
        bucket = S3Storage(
            bucket_name="media",
            region_name="ap-southeast-3",
            access_key="testing",
            secret_key="testing",
            location="media",
            file_overwrite=False,
        )
        bucket.save("certificates/2026/00001.pdf", ContentFile(CERTIFICATE))
        bucket.save("photos/a.jpg", ContentFile(PHOTO))
        result = create_backup(
            output=tmp_path / "library.tar",
            connection=sqlite_at(tmp_path / "library.sqlite3"),
            storage=bucket,
        )
        assert result.media_files == 2
        for key in ("media/certificates/2026/00001.pdf", "media/photos/a.jpg"):
            client.delete_object(Bucket="media", Key=key)

        target = sqlite_at(tmp_path / "restored.sqlite3")
        with prepared_restore(result.path, connection=target, storage=bucket) as plan:
            restored = restore(plan, connection=target, storage=bucket)
        assert restored.written == 2
        keys = [item["Key"] for item in client.list_objects_v2(Bucket="media")["Contents"]]
        assert keys == ["media/certificates/2026/00001.pdf", "media/photos/a.jpg"]
        body = client.get_object(Bucket="media", Key="media/photos/a.jpg")["Body"].read()
        assert body == PHOTO


# --- the command, on the test database (SQLite or PostgreSQL) -----------------------------


@pytest.fixture
def site_archive(tmp_path, facility):
    """An archive of the test database and one media file, which is then removed."""
    default_storage.save("certificates/00001.pdf", ContentFile(CERTIFICATE))
    call_command("backup", "--output", str(tmp_path / "site.tar"), stdout=io.StringIO())
    default_storage.delete("certificates/00001.pdf")
    return tmp_path / "site.tar"


@pytest.mark.django_db(transaction=True)
def test_a_database_that_is_not_empty_is_refused(site_archive):
    with pytest.raises(CommandError) as error:
        call_command("restore", str(site_archive), "--no-input", stdout=io.StringIO())
    message = str(error.value)
    assert message.startswith("The database is not empty (")
    assert message.endswith(
        "A restore goes into an empty database only: create a new one (PostgreSQL) or move the "
        "file away (SQLite), then run the restore again."
    )
    assert not default_storage.exists("certificates/00001.pdf")


@pytest.mark.django_db(transaction=True)
def test_an_archive_of_the_other_engine_is_refused(tmp_path, site_archive):
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    members = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}

    def other_engine(manifest):
        manifest["engine"] = other

    foreign = rewrite(
        site_archive,
        tmp_path / "foreign.tar",
        rename={members[connection.vendor]: members[other]},
        edit=other_engine,
    )
    with pytest.raises(CommandError) as error:
        call_command("restore", str(foreign), "--no-input", stdout=io.StringIO())
    assert str(error.value) == (
        f"The archive holds a {other} database but this site uses {connection.vendor}: "
        "restore it into a site configured with the same database engine."
    )
    assert not default_storage.exists("certificates/00001.pdf")


class ProductionLikeConnection:
    """Just what pg_restore's invocation reads of a PostgreSQL connection."""

    vendor = "postgresql"
    settings_dict = {
        "NAME": "pelatihan's",
        "USER": "pelatihan",
        "PASSWORD": "kata-sandi-rahasia",
        "HOST": "db.internal",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "verify-full"},
    }

    def close(self):
        pass


@pytest.mark.parametrize("returncode", [0, 1])
def test_pg_restore_is_called_all_or_nothing_with_the_password_in_its_environment(
    tmp_path, monkeypatch, returncode
):
    calls = []

    def recording_run(arguments, **kwargs):
        calls.append((arguments, kwargs["env"]))
        return subprocess.CompletedProcess(arguments, returncode, b"", b"pg_restore: error: x")

    monkeypatch.setattr("operations.backup.database.subprocess.run", recording_run)
    for variable in [name for name in os.environ if name.startswith("PG")]:
        monkeypatch.delenv(variable)
    source = tmp_path / "database.pgdump"
    if returncode == 0:
        load(ProductionLikeConnection(), source)
    else:
        with pytest.raises(BackupError) as error:
            load(ProductionLikeConnection(), source)
        assert str(error.value) == "pg_restore failed (exit status 1): pg_restore: error: x"

    ((arguments, env),) = calls
    assert arguments == [
        shutil.which("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--no-password",
        "--dbname=dbname='pelatihan\\'s'",
        str(source),
    ]
    assert {key: env[key] for key in env if key.startswith("PG")} == {
        "PGDATABASE": "pelatihan's",
        "PGHOST": "db.internal",
        "PGPASSWORD": "kata-sandi-rahasia",
        "PGPORT": "5433",
        "PGSSLMODE": "verify-full",
        "PGUSER": "pelatihan",
    }
