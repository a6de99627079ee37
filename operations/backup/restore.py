"""Restore a backup into an empty database and its media storage.

Everything is checked before anything is written: the whole archive against its manifest,
the database engine, that the database is empty, and that no stored media file would be
overwritten. Afterwards the row counts are read again and compared with the manifest.
"""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.migrations.loader import MigrationLoader

from operations.backup import database, media
from operations.backup.archive import BackupError, VerifiedArchive, open_verified

SPOOL_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class RestorePlan:
    """A verified archive and what restoring it will do."""

    archive: VerifiedArchive
    to_write: list[dict[str, Any]]
    present: list[dict[str, Any]]
    # Migrations the archive's database has that this code does not know, and the reverse.
    unknown_migrations: list[tuple[str, str]]
    pending_migrations: list[tuple[str, str]]

    @property
    def manifest(self) -> dict[str, Any]:
        return self.archive.manifest


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did, and whether the database holds what the manifest says."""

    written: int
    skipped: int
    row_counts: dict[str, int]
    # Tables whose rows differ: (in the manifest, in the database now); None when absent.
    differences: dict[str, tuple[int | None, int | None]]


def _migrations(manifest: dict[str, Any]) -> tuple[list, list]:
    applied = {(app, name) for app, name in manifest.get("migrations", [])}
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(applied - known), sorted(known - applied)


@contextmanager
def prepared_restore(path: Path, *, connection, storage) -> Iterator[RestorePlan]:
    """Verify the archive and the targets; yield the plan while the archive stays open."""
    with open_verified(path) as archive:
        engine = database.engine_of(connection)
        if archive.engine != engine:
            raise BackupError(
                f"The archive holds a {archive.engine} database but this site uses {engine}: "
                "restore it into a site configured with the same database engine."
            )
        database.check_restorable(connection)
        to_write, present = media.plan_writes(storage, archive.media)
        unknown, pending = _migrations(archive.manifest)
        yield RestorePlan(
            archive=archive,
            to_write=to_write,
            present=present,
            unknown_migrations=unknown,
            pending_migrations=pending,
        )


def _compare(expected: dict[str, int], found: dict[str, int]) -> dict:
    return {
        table: (expected.get(table), found.get(table))
        for table in sorted(set(expected) | set(found))
        if expected.get(table) != found.get(table)
    }


def restore(plan: RestorePlan, *, connection, storage) -> RestoreResult:
    """Carry out a prepared restore: the media files first, then the database.

    In this order a failure half-way (storage full or unreachable) leaves the database empty,
    so the same command runs again, and skips the files already written; the database is
    loaded last, once everything it points at is in place.
    """
    archive = plan.archive
    for entry in plan.to_write:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            archive.copy_member(entry["path"], spool)
            spool.seek(0)
            media.save(storage, entry["name"], spool)
    with tempfile.TemporaryDirectory(prefix="lapas-restore-") as work:
        copy = Path(work) / archive.database_member
        with copy.open("wb") as handle:
            archive.copy_member(archive.database_member, handle)
        database.load(connection, copy)
    # Content type ids cached in this process belonged to the database that was there before.
    ContentType.objects.clear_cache()
    found = database.row_counts(connection)
    return RestoreResult(
        written=len(plan.to_write),
        skipped=len(plan.present),
        row_counts=found,
        differences=_compare(archive.manifest["row_counts"], found),
    )
