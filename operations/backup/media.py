"""The media files in a backup, read and written through Django's storage API only.

Nothing here touches MEDIA_ROOT: the same code serves a local folder and an S3-compatible
object store (django-storages).
"""

import posixpath
from collections.abc import Iterator
from typing import IO, Any

from django.core.files import File

from operations.backup.archive import BackupError, stream_sha256


def walk(storage, folder: str = "") -> Iterator[str]:
    """Yield the name of every file in ``storage`` under ``folder``, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        if folder:
            raise
        return  # no media stored yet
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from walk(storage, posixpath.join(folder, name) if folder else name)


def sha256_of(storage, name: str) -> str:
    """Return the SHA-256 of the stored file ``name``."""
    with storage.open(name, "rb") as handle:
        return stream_sha256(handle)[1]


def plan_writes(storage, entries: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """Split the archive's media entries into those to write and those already stored.

    A stored file with other content than the archive's is an error: a restore does not
    overwrite anything.
    """
    to_write, present, different = [], [], []
    for entry in entries:
        if not storage.exists(entry["name"]):
            to_write.append(entry)
        elif sha256_of(storage, entry["name"]) == entry["sha256"]:
            present.append(entry)
        else:
            different.append(entry["name"])
    if different:
        shown = ", ".join(different[:5]) + (", ..." if len(different) > 5 else "")
        raise BackupError(
            f"{len(different)} media files already stored differ from the archive's: {shown}. "
            "A restore overwrites nothing: move them away, or restore into empty storage."
        )
    return to_write, present


def save(storage, name: str, content: IO[bytes]) -> None:
    """Store ``content`` under exactly ``name``; a failed write leaves nothing under it.

    The file system storage writes into the final name, so a full disk would leave part of a
    file there, which the next run would find different from the archive's and refuse.
    """
    try:
        saved = storage.save(name, File(content, name=posixpath.basename(name)))
    except BaseException:
        if storage.exists(name):
            storage.delete(name)
        raise
    if saved != name:
        raise BackupError(
            f"The storage saved {name!r} as {saved!r}: another file appeared under that name "
            "during the restore."
        )
