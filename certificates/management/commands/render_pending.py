"""Render here and now every certificate and ceremony PDF that is not stored yet."""

from django.core.management.base import BaseCommand

from certificates.services import render_everything_pending


class Command(BaseCommand):
    help = (
        "Render and store every certificate and ceremony PDF still missing, in this process, "
        "without a task worker (after restoring data, or when workers were down for long)."
    )

    def handle(self, *args, **options):
        certificates, ceremonies = render_everything_pending()
        self.stdout.write(
            f"{certificates} PDF sertifikat dan {ceremonies} PDF penyerahan dibuat dan disimpan."
        )
