"""Send back to the task workers the PDFs whose rendering was lost with a killed worker."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from certificates.services import recovery


class Command(BaseCommand):
    help = (
        "Enqueue again the certificate and ceremony PDFs still missing long after issuance "
        "whose task is neither waiting nor recently started (its worker was killed), mark "
        "tasks running for that long as lost, and remove temporary files of killed writes. "
        "Run it every few minutes (cron or a systemd timer) and before the workers start."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=int(recovery.LOST_AFTER.total_seconds() // 60),
            help="How long a PDF may be missing, or a task run, before it counts as lost "
            "(default: %(default)s).",
        )

    def handle(self, *args, minutes: int, **options):
        result = recovery.requeue_lost_renders(older_than=timedelta(minutes=max(minutes, 0)))
        self.stdout.write(
            f"{result.certificates} PDF sertifikat dan {result.ceremonies} PDF penyerahan "
            f"dikirim ulang ke pekerja; {result.given_up} ditandai gagal; "
            f"{result.lost_tasks} tugas terhenti; {result.partial_files} berkas sementara dihapus."
        )
