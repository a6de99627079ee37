"""Remove the personal data whose retention period after release has run out: follow-up plans
become anonymous figures, inmates' register data is reduced, unconfirmed imports go."""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from followup.retention import SHORTEST_RETENTION_DAYS, Anonymised, plans_anonymise
from inmates.retention import inmate_personal_data_reduce, reduction_plan
from inmates.services import inmate_import_discard
from privacy.selectors.retention import (
    imports_left_pending,
    inmates_due_for_reduction,
    retention_cutoff,
)

LABELS = {
    "nik": "NIK",
    "birth_place": "tempat lahir",
    "birth_date": "tanggal lahir",
    "expected_release_date": "tanggal bebas",
    "photo": "pas foto",
    "transfer_notes": "catatan pindah",
    "corrections": "nilai riwayat koreksi",
}


class Command(BaseCommand):
    help = (
        "Reduce the follow-up plans of people released more than FOLLOWUP_RETENTION_DAYS days "
        "ago to anonymous figures (person, officer, notes, employer and income go; the "
        "statuses stay). Remove the NIK, birth data, expected release date, photo, transfer "
        "notes and correction values of inmates released or transferred out more than "
        "RETENTION_AFTER_RELEASE_DAYS days ago (and in no active enrollment). Name and "
        "registration number stay. Audited; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be removed; change nothing."
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Inmates read per query (default 500)."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention period in days (default: the RETENTION_AFTER_RELEASE_DAYS setting).",
        )
        parser.add_argument(
            "--followup-days",
            type=int,
            default=None,
            help="Follow-up retention period in days (default: the FOLLOWUP_RETENTION_DAYS "
            "setting).",
        )

    def handle(
        self,
        *args,
        dry_run: bool,
        batch_size: int,
        days: int | None,
        followup_days: int | None,
        **options,
    ):
        days = settings.RETENTION_AFTER_RELEASE_DAYS if days is None else days
        if days < 1:
            raise CommandError("The retention period must be at least one day.")
        if followup_days is None:
            followup_days = settings.FOLLOWUP_RETENTION_DAYS
        if followup_days < SHORTEST_RETENTION_DAYS:
            raise CommandError(
                f"The follow-up retention period must be at least {SHORTEST_RETENTION_DAYS} "
                "days: the last check-in falls due 12 months after release."
            )
        if batch_size < 1:
            raise CommandError("The batch size must be at least one.")
        prefix = "[uji coba, tidak ada yang diubah] " if dry_run else ""
        self._anonymise_followup(
            prefix=prefix, dry_run=dry_run, batch_size=batch_size, days=followup_days
        )
        cutoff = retention_cutoff(days=days)
        due = inmates_due_for_reduction(cutoff=cutoff)
        self.stdout.write(
            f"{prefix}Masa retensi {days} hari: WBP bebas/pindah sebelum {cutoff.isoformat()}."
        )
        counts: Counter[str] = Counter()
        reduced = 0
        last_pk = 0
        while batch := list(due.filter(pk__gt=last_pk)[:batch_size]):
            last_pk = batch[-1].pk
            ids = []
            for inmate in batch:
                if dry_run:
                    plan = reduction_plan(inmate)
                else:
                    plan = inmate_personal_data_reduce(inmate=inmate, retention_days=days)
                if plan is None:
                    continue
                reduced += 1
                ids.append(inmate.pk)
                counts.update(plan.fields)
                counts.update(
                    {
                        "photo": int(plan.photo),
                        "transfer_notes": plan.transfer_notes,
                        "corrections": plan.corrections,
                    }
                )
            if ids:
                self.stdout.write(f"{prefix}ID: {', '.join(map(str, ids))}")
        verb = "Akan dikurangi" if dry_run else "Dikurangi"
        self.stdout.write(f"{prefix}{verb}: {reduced} WBP.")
        details = ", ".join(f"{label} {counts[key]}" for key, label in LABELS.items())
        self.stdout.write(f"{prefix}Rincian: {details}.")
        self._discard_stale_imports(prefix=prefix, dry_run=dry_run)

    def _anonymise_followup(self, *, prefix: str, dry_run: bool, batch_size: int, days: int):
        """Follow-up plans (``followup.retention``) on their own clock: anonymous figures."""
        cutoff = retention_cutoff(days=days)
        self.stdout.write(
            f"{prefix}Masa retensi tindak lanjut {days} hari: rencana dengan tanggal bebas "
            f"sebelum {cutoff.isoformat()}."
        )
        total = Anonymised()
        for batch in plans_anonymise(
            released_before=cutoff, retention_days=days, batch_size=batch_size, dry_run=dry_run
        ):
            total += batch.counts
            self.stdout.write(f"{prefix}ID rencana: {', '.join(map(str, batch.ids))}")
        verb = "Akan dianonimkan" if dry_run else "Dianonimkan"
        self.stdout.write(
            f"{prefix}{verb}: {total.plans} rencana tindak lanjut dengan {total.checkins} "
            f"kontak; dihapus: catatan {total.notes}, tempat kerja {total.employers}, "
            f"penghasilan {total.income_bands} (keadaan dan tanggal tetap untuk angka hasil)."
        )

    def _discard_stale_imports(self, *, prefix: str, dry_run: bool) -> None:
        """Uploaded register files hold a whole facility's NIK and birth data: one left
        unconfirmed for PENDING_IMPORT_DAYS is discarded (its content removed)."""
        days = settings.PENDING_IMPORT_DAYS
        stale = list(imports_left_pending(before=timezone.now() - timedelta(days=days)))
        if not dry_run:
            for upload in stale:
                inmate_import_discard(
                    actor=None, upload=upload, reason=f"not confirmed within {days} days"
                )
        verb = "Akan dibuang" if dry_run else "Dibuang"
        ids = ", ".join(str(upload.pk) for upload in stale) or "-"
        self.stdout.write(
            f"{prefix}{verb}: {len(stale)} berkas impor register yang tidak dikonfirmasi "
            f"dalam {days} hari (ID: {ids})."
        )
