"""Restore a backup archive into an empty database and the media storage."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from lapas_training.audit import audit_log
from operations.backup import BackupError, RestorePlan, prepared_restore, restore


def _listed(pairs: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{app}.{name}" for app, name in pairs[:5])
    return shown + (", ..." if len(pairs) > 5 else "")


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup`: the whole archive is checked against its "
        "manifest first, then the database must be empty and of the same engine, and no "
        "stored media file may differ from the archive's. Stop the web and task workers "
        "first. Row counts are compared with the manifest afterwards. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar archive written by `backup`.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, archive: Path, interactive: bool, **options):
        try:
            with prepared_restore(archive, connection=connection, storage=default_storage) as plan:
                self._describe(plan)
                if interactive and not self._confirmed():
                    self.stdout.write("Dibatalkan; tidak ada yang diubah.")
                    return
                result = restore(plan, connection=connection, storage=default_storage)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Basis data dipulihkan. Berkas media: {result.written} ditulis, "
            f"{result.skipped} sudah ada dengan isi yang sama."
        )
        self._audit(plan, archive=archive, matches=not result.differences)
        if result.differences:
            for table, (expected, found) in result.differences.items():
                self.stdout.write(f"  {table}: manifest {expected}, basis data {found}")
            raise CommandError(
                f"The row counts of {len(result.differences)} tables differ from the manifest "
                "after the restore (listed above)."
            )
        rows = sum(result.row_counts.values())
        self.stdout.write(
            f"Jumlah baris sesuai manifest: {len(result.row_counts)} tabel, {rows} baris."
        )
        if plan.pending_migrations:
            self.stdout.write(
                f"{len(plan.pending_migrations)} migrasi belum diterapkan pada data ini: "
                "jalankan `manage.py migrate`."
            )

    def _describe(self, plan: RestorePlan) -> None:
        manifest = plan.manifest
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Arsip utuh: {len(manifest['files'])} berkas sesuai manifest "
            f"(dibuat {manifest['created_at']}, Django {manifest['django_version']})."
        )
        self.stdout.write(
            f"Basis data ({manifest['engine']}): {len(manifest['row_counts'])} tabel, "
            f"{rows} baris; basis data tujuan kosong."
        )
        self.stdout.write(
            f"Berkas media: {len(plan.to_write)} akan ditulis, "
            f"{len(plan.present)} sudah ada dengan isi yang sama."
        )
        if plan.unknown_migrations:
            self.stdout.write(
                f"Peringatan: data ini memuat {len(plan.unknown_migrations)} migrasi yang tidak "
                f"dikenal versi aplikasi ini ({_listed(plan.unknown_migrations)}); pulihkan "
                "dengan versi aplikasi yang membuat cadangan ini."
            )

    def _confirmed(self) -> bool:
        try:
            answer = input("Ketik 'ya' untuk memulihkan: ")
        except EOFError:
            return False
        return answer.strip().lower() == "ya"

    def _audit(self, plan: RestorePlan, *, archive: Path, matches: bool) -> None:
        try:
            audit_log(
                action="operations.restored",
                actor=None,
                data={
                    "archive": str(archive),
                    "created_at": plan.manifest["created_at"],
                    "media_written": len(plan.to_write),
                    "row_counts_match": matches,
                },
            )
        except DatabaseError:
            # A backup older than this code: the audit log's table waits for `migrate`.
            self.stdout.write("Peringatan: pemulihan ini belum tercatat di log audit.")
