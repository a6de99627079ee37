"""List valid certificates that state more JP than their cohort's held sessions delivered."""

from django.core.management.base import BaseCommand

from certificates.selectors import overstating_certificates


class Command(BaseCommand):
    help = (
        "List valid certificates that state more hours (JP) than the held sessions of their "
        "cohort delivered, so that the issuing agency can correct them."
    )

    def handle(self, *args, **options):
        found = overstating_certificates()
        for certificate, delivered in found:
            self.stdout.write(
                f"{certificate.agency.code}\t{certificate.number}\t"
                f"{certificate.snapshot['program']['hours']} JP > {delivered} JP"
            )
        self.stdout.write(f"{len(found)} sertifikat mencantumkan JP lebih dari yang terlaksana.")
