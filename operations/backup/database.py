"""The database in a backup: a consistent copy with its row counts, and putting one back.

PostgreSQL is copied with ``pg_dump -Fc`` inside a snapshot that the row counts are read in
too, so the counts describe exactly the dump. SQLite is copied with the sqlite3 backup API,
and counted in the copy. The password reaches the PostgreSQL programs through their
environment, never their command line (which every user of the machine can read).
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from operations.backup.archive import BackupError

ENGINES = ("postgresql", "sqlite")
# The tables counted and compared: the application's, in the schema the application uses.
TABLES_SQL = {
    "postgresql": (
        "SELECT c.relname FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname"
    ),
    "sqlite": (
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    ),
}
# What a restore would collide with: tables, views and sequences.
OBJECTS_SQL = {
    "postgresql": (
        "SELECT c.relname FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
        "ORDER BY c.relname"
    ),
    "sqlite": (
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    ),
}
# Django's database OPTIONS that libpq also reads from its environment.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
}


@dataclass(frozen=True)
class Snapshot:
    """What the copied database holds: rows per table and the migrations applied."""

    row_counts: dict[str, int]
    migrations: list[list[str]]


def engine_of(connection) -> str:
    """Return the manifest's name of the connection's database engine."""
    if connection.vendor not in ENGINES:
        raise BackupError(
            f"Backups support PostgreSQL and SQLite, not the {connection.vendor} database."
        )
    return connection.vendor


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _snapshot(cursor, engine: str) -> Snapshot:
    """Count the rows of every table and read the applied migrations, with ``cursor``."""
    cursor.execute(TABLES_SQL[engine])
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - quoted name
        counts[table] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [[app, name] for app, name in cursor.fetchall()]
    return Snapshot(row_counts=counts, migrations=migrations)


def row_counts(connection) -> dict[str, int]:
    """Return the rows per table of the database behind ``connection`` now."""
    with connection.cursor() as cursor:
        return _snapshot(cursor, engine_of(connection)).row_counts


def database_objects(connection) -> list[str]:
    """Return the names of the tables, views and sequences a restore would collide with."""
    with connection.cursor() as cursor:
        cursor.execute(OBJECTS_SQL[engine_of(connection)])
        return [row[0] for row in cursor.fetchall()]


def _refuse_open_transaction(connection) -> None:
    # A copy taken inside a transaction would miss or include what is not committed.
    if connection.in_atomic_block or not connection.get_autocommit():
        raise BackupError("A backup must run outside a database transaction.")


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client programs of the "
            "server's major version (Debian: postgresql-client)."
        )
    return found


def libpq_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """Return the environment for pg_dump and pg_restore: this process's, plus the settings."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in LIBPQ_OPTIONS.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value:
            env[variable] = str(value)
    return env


def _dbname_argument(settings_dict: dict[str, Any]) -> str:
    """Return ``--dbname`` as a connection string: a bare name holding '=' would be read so."""
    name = settings_dict.get("NAME")
    if not name:
        raise BackupError("The database settings name no database (NAME).")
    quoted = str(name).replace("\\", "\\\\").replace("'", "\\'")
    return f"--dbname=dbname='{quoted}'"


def _run(arguments: list[str], *, settings_dict: dict[str, Any]) -> None:
    program = Path(arguments[0]).name
    completed = subprocess.run(  # noqa: S603 - a fixed program, arguments from the settings
        arguments,
        env=libpq_environment(settings_dict),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    if completed.returncode != 0:
        message = completed.stderr.decode(errors="replace").strip()[-2000:]
        raise BackupError(f"{program} failed (exit status {completed.returncode}): {message}")


def _dump_postgresql(connection, target: Path) -> Snapshot:
    program = _program("pg_dump")
    _refuse_open_transaction(connection)
    with connection.cursor() as cursor:
        # pg_dump reads the snapshot this transaction exports: the counts and the dump agree
        # however busy the site is.
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_catalog.pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            snapshot = _snapshot(cursor, "postgresql")
            _run(
                [
                    program,
                    "--format=custom",
                    f"--snapshot={snapshot_id}",
                    f"--file={target}",
                    "--no-password",
                    _dbname_argument(connection.settings_dict),
                ],
                settings_dict=connection.settings_dict,
            )
        finally:
            cursor.execute("ROLLBACK")
    return snapshot


def _copy_sqlite(connection, target: Path) -> Snapshot:
    _refuse_open_transaction(connection)
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return _snapshot(copy.cursor(), "sqlite")
    finally:
        copy.close()


def dump(connection, target: Path) -> Snapshot:
    """Write a consistent copy of the database to ``target``; return what it holds."""
    if engine_of(connection) == "postgresql":
        return _dump_postgresql(connection, target)
    return _copy_sqlite(connection, target)


def sqlite_file(connection) -> Path:
    """Return the file of a SQLite database, refusing one that lives in memory only."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("The configured SQLite database lives in memory: nothing to restore to.")
    return Path(name)


def check_restorable(connection) -> None:
    """Refuse a database that is not empty, or one that cannot be restored into."""
    objects = database_objects(connection)
    if objects:
        shown = ", ".join(objects[:5]) + (", ..." if len(objects) > 5 else "")
        raise BackupError(
            f"The database is not empty ({len(objects)} tables, views or sequences: {shown}). "
            "A restore goes into an empty database only: create a new one (PostgreSQL) or move "
            "the file away (SQLite), then run the restore again."
        )
    if engine_of(connection) == "sqlite":
        sqlite_file(connection)


def _load_sqlite(connection, source: Path) -> None:
    path = sqlite_file(connection)
    connection.close()
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    try:
        shutil.copyfile(source, partial)
        if path.exists():  # the empty file made for the site: keep its permissions
            shutil.copymode(path, partial)
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        # The database was empty; a journal left beside it would be applied to the new file.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _load_postgresql(connection, source: Path) -> None:
    program = _program("pg_restore")
    connection.close()
    _run(
        [
            program,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            _dbname_argument(connection.settings_dict),
            str(source),
        ],
        settings_dict=connection.settings_dict,
    )


def load(connection, source: Path) -> None:
    """Put the database copy at ``source`` into the (empty) database behind ``connection``."""
    if engine_of(connection) == "postgresql":
        _load_postgresql(connection, source)
    else:
        _load_sqlite(connection, source)
    connection.close()
