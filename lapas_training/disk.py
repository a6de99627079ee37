"""Writing files that must survive a power cut: backups, stored PDFs."""

import os


def fsync_path(path: str | os.PathLike) -> None:
    """Flush a file's bytes, or a folder's entries (a name just given), to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
