"""The archive format: one plain tar holding the database, the media files and a manifest.

The manifest (``manifest.json``, written last) lists every other member with its size and
SHA-256, and carries a checksum of its own content. An archive is trusted only after every
member has been read and found as listed: nothing missing, nothing extra, no path that could
land outside the place it is restored to.
"""

import hashlib
import io
import json
import posixpath
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

FORMAT = "lapas-training-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024
# A manifest of a few hundred thousand files stays well under this; anything larger is not ours.
MANIFEST_MAX_BYTES = 256 * 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for an operator."""


def copy_hashing(source: IO[bytes], target: IO[bytes]) -> tuple[int, str]:
    """Copy ``source`` into ``target``; return the size and SHA-256 of what was copied."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def stream_sha256(source: IO[bytes]) -> tuple[int, str]:
    """Return the size and SHA-256 of everything left in ``source``."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def manifest_checksum(manifest: dict[str, Any]) -> str:
    """Return the SHA-256 of the manifest's content, without its own checksum field."""
    content = {key: value for key, value in manifest.items() if key != "checksum"}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def unsafe_path_reason(path: str) -> str | None:
    """Say why ``path`` may not name an archive member, or None when it is a plain one.

    A member is restored under a fixed place (the media storage, a temporary folder): an
    absolute path, ``..``, an empty or ``.`` part, a backslash or a control character could
    make it land elsewhere or mean different things to different readers.
    """
    if not path:
        return "empty path"
    if path.startswith("/"):
        return "absolute path"
    if "\\" in path or any(ord(char) < 32 or ord(char) == 127 for char in path):
        return "backslash or control character in the path"
    parts = path.split("/")
    if ".." in parts:
        return "'..' in the path"
    if any(part in ("", ".") for part in parts) or posixpath.normpath(path) != path:
        return "path is not in normal form"
    return None


class _HashingWriter:
    """A write-only file that passes bytes on and keeps their SHA-256 (for the whole archive)."""

    def __init__(self, target: BinaryIO):
        self._target = target
        self._digest = hashlib.sha256()
        self._size = 0

    def write(self, data: bytes) -> int:
        self._digest.update(data)
        self._size += len(data)
        return self._target.write(data)

    def tell(self) -> int:
        return self._size

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()


class ArchiveWriter:
    """Write members one after another, remembering each one's size and SHA-256."""

    def __init__(self, target: BinaryIO, *, mtime: int):
        self._writer = _HashingWriter(target)
        self._tar = tarfile.TarFile(fileobj=self._writer, mode="w", format=tarfile.PAX_FORMAT)
        self._mtime = mtime
        self.files: list[dict[str, Any]] = []

    def add(self, path: str, content: IO[bytes], *, size: int, sha256: str) -> None:
        """Add a member whose size and SHA-256 the caller measured while producing it."""
        reason = unsafe_path_reason(path)
        if reason is not None:
            raise BackupError(f"Cannot store {path!r} in the archive: {reason}.")
        info = tarfile.TarInfo(path)
        info.size = size
        info.mtime = self._mtime
        info.mode = 0o600
        self._tar.addfile(info, content)
        self.files.append({"path": path, "size": size, "sha256": sha256})

    def close(self, manifest: dict[str, Any]) -> str:
        """Write the manifest as the last member, end the tar; return the archive's SHA-256."""
        manifest = {**manifest, "files": self.files}
        manifest["checksum"] = manifest_checksum(manifest)
        body = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(body)
        info.mtime = self._mtime
        info.mode = 0o600
        self._tar.addfile(info, io.BytesIO(body))
        self._tar.close()
        return self._writer.sha256


@dataclass
class VerifiedArchive:
    """An open archive whose every member was read and found as its manifest lists it."""

    path: Path
    manifest: dict[str, Any]
    tar: tarfile.TarFile
    members: dict[str, tarfile.TarInfo]
    entries: dict[str, dict[str, Any]]

    @property
    def engine(self) -> str:
        return self.manifest["engine"]

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.engine]

    @property
    def media(self) -> list[dict[str, Any]]:
        """The media entries of the manifest, each with its storage name added."""
        return [
            {**entry, "name": entry["path"].removeprefix(MEDIA_PREFIX)}
            for entry in self.manifest["files"]
            if entry["path"].startswith(MEDIA_PREFIX)
        ]

    def copy_member(self, path: str, target: IO[bytes]) -> None:
        """Copy a member into ``target``, checking once more that it is what the manifest says."""
        entry = self.entries[path]
        source = self.tar.extractfile(self.members[path])
        if source is None:  # pragma: no cover - only regular files pass verification
            raise BackupError(f"The archive member {path!r} cannot be read.")
        size, sha256 = copy_hashing(source, target)
        if (size, sha256) != (entry["size"], entry["sha256"]):
            raise BackupError(f"The archive member {path!r} changed while it was being restored.")


def _damaged(path: Path, why: str) -> BackupError:
    return BackupError(f"The archive {path} is damaged or not a backup of this system: {why}")


def _read_members(path: Path, tar: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    """Return the members by name, refusing links, folders, devices, odd paths, duplicates."""
    members: dict[str, tarfile.TarInfo] = {}
    try:
        listed = tar.getmembers()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise _damaged(path, f"the tar structure cannot be read ({exc}).") from exc
    for member in listed:
        reason = unsafe_path_reason(member.name)
        if reason is not None:
            raise _damaged(path, f"member {member.name!r}: {reason}.")
        if not member.isreg():
            raise _damaged(path, f"member {member.name!r} is not a regular file (link or folder).")
        if member.name in members:
            raise _damaged(path, f"member {member.name!r} appears twice.")
        members[member.name] = member
    return members


def _read_manifest(path: Path, tar: tarfile.TarFile, members: dict) -> dict[str, Any]:
    """Return the parsed manifest after checking its form and its own checksum."""
    info = members.get(MANIFEST)
    if info is None:
        raise _damaged(path, f"it has no {MANIFEST} (an incomplete or foreign archive).")
    if info.size > MANIFEST_MAX_BYTES:
        raise _damaged(path, f"{MANIFEST} is too large.")
    source = tar.extractfile(info)
    try:
        manifest = json.loads(source.read()) if source is not None else None
    except (ValueError, tarfile.TarError, OSError, EOFError) as exc:
        raise _damaged(path, f"{MANIFEST} cannot be read ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(path, f"{MANIFEST} does not describe a {FORMAT} archive.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"The archive {path} has format version {manifest.get('format_version')!r}; this "
            f"version of the application reads version {FORMAT_VERSION} only."
        )
    if manifest.get("checksum") != manifest_checksum(manifest):
        raise _damaged(path, f"{MANIFEST} does not match its own checksum (it was altered).")
    if manifest.get("engine") not in DATABASE_MEMBERS:
        raise _damaged(path, f"{MANIFEST} names an unknown database engine.")
    files = manifest.get("files")
    well_formed = isinstance(files, list) and all(
        isinstance(entry, dict)
        and isinstance(entry.get("path"), str)
        and isinstance(entry.get("size"), int)
        and isinstance(entry.get("sha256"), str)
        for entry in files
    )
    if not well_formed or not isinstance(manifest.get("row_counts"), dict):
        raise _damaged(path, f"{MANIFEST} lacks its list of files or of row counts.")
    return manifest


def _check_listing(path: Path, manifest: dict[str, Any], members: dict) -> None:
    """Refuse members missing from the archive, unlisted members and odd listed paths."""
    listed = [entry["path"] for entry in manifest["files"]]
    if len(set(listed)) != len(listed):
        raise _damaged(path, f"{MANIFEST} lists a file twice.")
    for name in listed:
        reason = unsafe_path_reason(name)
        if reason is not None:
            raise _damaged(path, f"{MANIFEST} lists {name!r}: {reason}.")
        if name != DATABASE_MEMBERS[manifest["engine"]] and not name.startswith(MEDIA_PREFIX):
            raise _damaged(path, f"{MANIFEST} lists {name!r}, which is no part of a backup.")
    if DATABASE_MEMBERS[manifest["engine"]] not in listed:
        raise _damaged(path, "it lists no database.")
    missing = sorted(set(listed) - set(members))
    if missing:
        raise _damaged(path, f"members listed in {MANIFEST} are missing: {', '.join(missing)}.")
    extra = sorted(set(members) - set(listed) - {MANIFEST})
    if extra:
        raise _damaged(path, f"members not listed in {MANIFEST}: {', '.join(extra)}.")


def _check_contents(path: Path, manifest: dict[str, Any], tar, members: dict) -> None:
    """Read every listed member and compare its size and SHA-256 with the manifest."""
    for entry in manifest["files"]:
        info = members[entry["path"]]
        if info.size != entry["size"]:
            raise _damaged(
                path, f"{entry['path']} has {info.size} bytes, the manifest says {entry['size']}."
            )
        try:
            size, sha256 = stream_sha256(tar.extractfile(info))
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise _damaged(path, f"{entry['path']} cannot be read ({exc}).") from exc
        if size != entry["size"] or sha256 != entry["sha256"]:
            raise _damaged(path, f"{entry['path']} does not match its SHA-256 in the manifest.")


@contextmanager
def open_verified(path: Path) -> Iterator[VerifiedArchive]:
    """Open the archive at ``path`` and verify all of it before handing it out."""
    if not path.is_file():
        raise BackupError(f"The archive {path} does not exist or is not a file.")
    try:
        tar = tarfile.TarFile(path, mode="r")  # plain tar: no compression to guess
    except (tarfile.TarError, OSError) as exc:
        raise _damaged(path, f"it is not a tar archive ({exc}).") from exc
    with tar:
        members = _read_members(path, tar)
        manifest = _read_manifest(path, tar, members)
        _check_listing(path, manifest, members)
        _check_contents(path, manifest, tar, members)
        yield VerifiedArchive(
            path=path,
            manifest=manifest,
            tar=tar,
            members=members,
            entries={entry["path"]: entry for entry in manifest["files"]},
        )
