"""`manage.py restore` reads the whole archive against its manifest before touching anything.

The database here is the test database, which is not empty: a restore that looked at it (or
at the media storage) before the archive would answer with another message.
"""

import io
import tarfile

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from inmates.models import Facility
from operations.backup import create_backup
from tests.operations.backup_helpers import (
    library_database,
    manifest_of,
    rewrite,
    sqlite_connection,
    write_archive,
)

pytestmark = pytest.mark.django_db

DAMAGED = "The archive {} is damaged or not a backup of this system: "


@pytest.fixture
def archive(tmp_path):
    """A sound archive of a small SQLite database and two media files."""
    library_database(tmp_path / "library.sqlite3")
    media = FileSystemStorage(location=tmp_path / "library-media")
    media.save("certificates/2026/00001.pdf", io.BytesIO(b"%PDF-1.7 satu"))
    media.save("photos/a.jpg", io.BytesIO(b"\xff\xd8 foto"))
    source = sqlite_connection(tmp_path / "library.sqlite3")
    try:
        return create_backup(output=tmp_path / "library.tar", connection=source, storage=media).path
    finally:
        source.close()


def flip_byte(archive, target, member: str):
    """Copy ``archive`` with one byte of ``member``'s content changed."""
    with tarfile.open(archive) as tar:
        offset = tar.getmember(member).offset_data + 3
    content = bytearray(archive.read_bytes())
    content[offset] ^= 0x01
    target.write_bytes(bytes(content))
    return target


def without_manifest(archive, target):
    with tarfile.open(archive) as tar:
        members = [
            (m.name, tar.extractfile(m).read())
            for m in tar.getmembers()
            if m.name != "manifest.json"
        ]
    return write_archive(target, members)


def truncated(archive, target):
    content = archive.read_bytes()
    target.write_bytes(content[: len(content) // 2])
    return target


def version_two(manifest):
    manifest["format_version"] = 2


def one_more_book(manifest):
    manifest["row_counts"]["book"] += 1


DAMAGES = {
    "a byte changed in a media file": (
        lambda a, t: flip_byte(a, t, "media/certificates/2026/00001.pdf"),
        "media/certificates/2026/00001.pdf does not match its SHA-256 in the manifest.",
    ),
    "a byte changed in the database": (
        lambda a, t: flip_byte(a, t, "database.sqlite3"),
        "database.sqlite3 does not match its SHA-256 in the manifest.",
    ),
    "a member missing": (
        lambda a, t: rewrite(a, t, drop={"media/photos/a.jpg"}),
        "members listed in manifest.json are missing: media/photos/a.jpg.",
    ),
    "an extra member": (
        lambda a, t: rewrite(a, t, add=[("media/extra.pdf", b"%PDF palsu")]),
        "members not listed in manifest.json: media/extra.pdf.",
    ),
    "a ../ path, listed": (
        lambda a, t: rewrite(
            a, t, add=[("media/../../evil.sh", b"rm -rf")], listed={"media/../../evil.sh"}
        ),
        "member 'media/../../evil.sh': '..' in the path.",
    ),
    "a ../ path at the top": (
        lambda a, t: rewrite(a, t, add=[("../evil.sh", b"rm -rf")], listed={"../evil.sh"}),
        "member '../evil.sh': '..' in the path.",
    ),
    "an absolute path": (
        lambda a, t: rewrite(
            a, t, add=[("/etc/cron.daily/evil", b"rm -rf")], listed={"/etc/cron.daily/evil"}
        ),
        "member '/etc/cron.daily/evil': absolute path.",
    ),
    "a symbolic link": (
        lambda a, t: rewrite(a, t, links=[("media/photos/b.jpg", "/etc/passwd")]),
        "member 'media/photos/b.jpg' is not a regular file (link or folder).",
    ),
    "a listed file that is no part of a backup": (
        lambda a, t: rewrite(a, t, add=[("notes.txt", b"x")], listed={"notes.txt"}),
        "manifest.json lists 'notes.txt', which is no part of a backup.",
    ),
    "the manifest altered": (
        lambda a, t: rewrite(a, t, edit=one_more_book, reseal=False),
        "manifest.json does not match its own checksum (it was altered).",
    ),
    "no manifest": (
        without_manifest,
        "it has no manifest.json (an incomplete or foreign archive).",
    ),
    "cut in the middle": (
        truncated,
        "the tar structure cannot be read (unexpected end of data).",
    ),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_archive_is_refused_before_anything_is_touched(
    tmp_path, settings, facility, archive, damage
):
    make, reason = DAMAGES[damage]
    damaged = make(archive, tmp_path / "damaged.tar")
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("restore", str(damaged), "--no-input", stdout=out)
    assert str(error.value) == DAMAGED.format(damaged) + reason
    assert out.getvalue() == ""
    assert not settings.MEDIA_ROOT.exists()
    assert list(Facility.objects.values_list("name", flat=True)) == ["Lapas Kelas IIB Lamongan"]


def test_an_archive_of_a_newer_format_is_refused(tmp_path, archive):
    newer = rewrite(archive, tmp_path / "newer.tar", edit=version_two)
    with pytest.raises(CommandError) as error:
        call_command("restore", str(newer), "--no-input", stdout=io.StringIO())
    assert str(error.value) == (
        f"The archive {newer} has format version 2; this version of the application reads "
        "version 1 only."
    )


def test_something_that_is_no_archive_is_refused(tmp_path):
    missing = tmp_path / "missing.tar"
    with pytest.raises(CommandError) as error:
        call_command("restore", str(missing), "--no-input")
    assert str(error.value) == f"The archive {missing} does not exist or is not a file."

    garbage = tmp_path / "garbage.tar"
    garbage.write_bytes(b"this is not a tar file at all" * 40)
    with pytest.raises(CommandError) as error:
        call_command("restore", str(garbage), "--no-input")
    assert str(error.value).startswith(DAMAGED.format(garbage) + "it is not a tar archive (")


def test_the_sound_archive_passes_to_the_next_check(archive):
    """The damaged copies above differ from this one by their damage only."""
    assert manifest_of(archive)["engine"] == "sqlite"
    with pytest.raises(CommandError) as error:
        call_command("restore", str(archive), "--no-input", stdout=io.StringIO())
    if connection.vendor == "sqlite":
        assert str(error.value).startswith("The database is not empty (")
    else:
        assert str(error.value) == (
            "The archive holds a sqlite database but this site uses postgresql: restore it "
            "into a site configured with the same database engine."
        )
