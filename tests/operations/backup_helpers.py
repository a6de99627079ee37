"""Archives to test the backup with: small SQLite databases of their own, and damaged copies."""

import hashlib
import io
import json
import sqlite3
import tarfile
from pathlib import Path

from django.db.backends.sqlite3.base import DatabaseWrapper

from operations.backup.archive import MANIFEST, manifest_checksum


def sqlite_connection(path) -> DatabaseWrapper:
    """Return a Django connection to the SQLite file ``path`` (or ``:memory:``), apart from
    the test database."""
    return DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "ATOMIC_REQUESTS": False,
            "AUTOCOMMIT": True,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "OPTIONS": {},
            "TIME_ZONE": None,
            "TEST": {},
        },
        alias="backup_test",
    )


def library_database(path: Path) -> dict[str, int]:
    """Create a small SQLite database at ``path``; return its rows per table."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE book (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")
        db.execute("CREATE TABLE loan (id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL)")
        db.executemany("INSERT INTO book (title) VALUES (?)", [("Las",), ("Menjahit",), ("Roti",)])
        db.execute("INSERT INTO loan (book_id) VALUES (2)")
    db.close()
    return {"book": 3, "loan": 1}


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_members(archive: Path) -> dict[str, bytes]:
    """Return every member's content by name, in the archive's order."""
    with tarfile.open(archive) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar.getmembers()}


def manifest_of(archive: Path) -> dict:
    return json.loads(read_members(archive)[MANIFEST])


def write_archive(target: Path, members: list[tuple[str, bytes]], *, links=()) -> Path:
    """Write a tar of ``members`` (name, content), plus symbolic links (name, target)."""
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, content in members:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
        for name, pointing_to in links:
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = pointing_to
            tar.addfile(info)
    return target


def rewrite(
    archive: Path,
    target: Path,
    *,
    drop=(),
    add=(),
    links=(),
    rename=None,
    listed=(),
    edit=None,
    reseal=True,
) -> Path:
    """Write a changed copy of ``archive``.

    ``drop`` removes members, ``add`` appends (name, content) members, ``rename`` maps old to
    new names, ``listed`` names added members the manifest should list (with their true size
    and SHA-256), ``edit`` changes the manifest dict in place; ``reseal`` recomputes the
    manifest's checksum as the backup would (a forger's copy, not a damaged one).
    """
    rename = rename or {}
    contents = read_members(archive)
    manifest = json.loads(contents.pop(MANIFEST))
    members = [(rename.get(name, name), body) for name, body in contents.items()]
    members = [(name, body) for name, body in members if name not in drop]
    members += list(add)
    for entry in manifest["files"]:
        entry["path"] = rename.get(entry["path"], entry["path"])
    for name, body in add:
        if name in listed:
            manifest["files"].append({"path": name, "size": len(body), "sha256": sha256(body)})
    if edit is not None:
        edit(manifest)
    if reseal:
        manifest["checksum"] = manifest_checksum(manifest)
    members.append((MANIFEST, json.dumps(manifest).encode()))
    return write_archive(target, members, links=links)
