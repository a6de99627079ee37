"""Write one backup archive: the database, every media file and a manifest."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from lapas_training.audit import audit_log
from operations.backup import BackupError, create_backup


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


class Command(BaseCommand):
    help = (
        "Write one tar archive holding a consistent copy of the database (pg_dump -Fc on "
        "PostgreSQL, the sqlite3 backup API on SQLite), every media file read through the "
        "storage API, and manifest.json (sizes, SHA-256 sums, migrations, row counts). "
        "Default: var/backups/backup-YYYYmmdd-HHMMSS.tar (UTC). Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="The archive to write, or a folder to write it in (never overwritten).",
        )

    def handle(self, *args, output: Path | None, **options):
        try:
            result = create_backup(output=output, connection=connection, storage=default_storage)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"The backup failed and wrote no archive: {exc}") from exc
        rows = sum(result.row_counts.values())
        self.stdout.write(f"Cadangan dibuat: {result.path}")
        self.stdout.write(f"Ukuran: {megabytes(result.size)} ({result.size} bita)")
        self.stdout.write(f"SHA-256: {result.sha256}")
        self.stdout.write(
            f"Basis data ({result.engine}): {len(result.row_counts)} tabel, {rows} baris."
        )
        if options["verbosity"] >= 2:
            for table, count in result.row_counts.items():
                self.stdout.write(f"  {table}: {count}")
        self.stdout.write(f"Berkas media: {result.media_files} ({megabytes(result.media_bytes)}).")
        if result.vanished:
            self.stdout.write(
                f"Dilewati: {len(result.vanished)} berkas media terhapus selama pencadangan "
                f"({', '.join(result.vanished[:5])})."
            )
        audit_log(
            action="operations.backup_created",
            actor=None,
            data={
                "archive": str(result.path),
                "size": result.size,
                "sha256": result.sha256,
                "tables": len(result.row_counts),
                "rows": rows,
                "media_files": result.media_files,
            },
        )
