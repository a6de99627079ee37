"""Make a backup: the database, every media file and a manifest, in one tar archive.

The archive is written under a temporary name beside the target and renamed at the very end,
so a backup that fails (a full disk, a stopped database) never leaves a file that looks like
a finished one.
"""

import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import django
from django.conf import settings

from lapas_training.disk import fsync_path
from operations.backup import database, media
from operations.backup.archive import (
    DATABASE_MEMBERS,
    FORMAT,
    FORMAT_VERSION,
    MEDIA_PREFIX,
    ArchiveWriter,
    BackupError,
    copy_hashing,
    stream_sha256,
)

# Media files up to this size are gathered in memory on their way into the archive.
SPOOL_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class BackupResult:
    """What a finished backup wrote."""

    path: Path
    size: int
    sha256: str
    engine: str
    row_counts: dict[str, int]
    media_files: int
    media_bytes: int
    # Files listed by the storage that were gone when read (deleted during the backup).
    vanished: list[str] = field(default_factory=list)


def default_name(now: datetime) -> str:
    return f"backup-{now:%Y%m%d-%H%M%S}.tar"


def target_path(output: Path | None, now: datetime) -> Path:
    """Return where the archive goes: ``output``, a file in the folder ``output``, or var/."""
    if output is None:
        target = Path(settings.BASE_DIR) / "var" / "backups" / default_name(now)
    elif output.is_dir():
        target = output / default_name(now)
    else:
        target = output
    if target.exists():
        raise BackupError(f"{target} exists already; a backup never overwrites a file.")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _add_database(writer: ArchiveWriter, connection, work: Path, engine: str):
    member = DATABASE_MEMBERS[engine]
    copy = work / member
    snapshot = database.dump(connection, copy)
    with copy.open("rb") as source:
        size, sha256 = stream_sha256(source)
        source.seek(0)
        writer.add(member, source, size=size, sha256=sha256)
    copy.unlink()
    return snapshot


def _add_media(writer: ArchiveWriter, storage, work: Path) -> tuple[int, int, list[str]]:
    count, total, vanished = 0, 0, []
    for name in media.walk(storage):
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, dir=work) as spool:
            try:
                with storage.open(name, "rb") as source:
                    size, sha256 = copy_hashing(source, spool)
            except FileNotFoundError:
                vanished.append(name)
                continue
            spool.seek(0)
            writer.add(MEDIA_PREFIX + name, spool, size=size, sha256=sha256)
        count += 1
        total += size
    return count, total, vanished


def create_backup(*, output: Path | None, connection, storage) -> BackupResult:
    """Write one archive of the database behind ``connection`` and the files in ``storage``."""
    now = datetime.now(UTC).replace(microsecond=0)
    engine = database.engine_of(connection)
    target = target_path(output, now)
    handle, partial = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
    )
    try:
        with (
            os.fdopen(handle, "wb") as out,
            tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-work-") as work,
        ):
            writer = ArchiveWriter(out, mtime=int(now.timestamp()))
            snapshot = _add_database(writer, connection, Path(work), engine)
            media_files, media_bytes, vanished = _add_media(writer, storage, Path(work))
            sha256 = writer.close(
                {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": now.isoformat().replace("+00:00", "Z"),
                    "engine": engine,
                    "django_version": django.get_version(),
                    "migrations": snapshot.migrations,
                    "row_counts": snapshot.row_counts,
                }
            )
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            raise BackupError(f"{target} appeared during the backup; it is left as it is.")
        os.replace(partial, target)
        fsync_path(target.parent)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return BackupResult(
        path=target,
        size=target.stat().st_size,
        sha256=sha256,
        engine=engine,
        row_counts=snapshot.row_counts,
        media_files=media_files,
        media_bytes=media_bytes,
        vanished=vanished,
    )
