"""Which inmates' personal data has outlived its retention period."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from inmates.models import Inmate, InmateCorrection, InmateImport, InmateTransfer
from programs.models import Enrollment


def retention_cutoff(*, days: int, today: date | None = None) -> date:
    """Return the last status date whose retention period has not yet run out."""
    return (today or timezone.localdate()) - timedelta(days=days)


def inmates_due_for_reduction(*, cutoff: date) -> QuerySet[Inmate]:
    """Return the inmates released or transferred out before ``cutoff``, in no active
    enrollment, who still hold personal data that reducing would remove (by id)."""
    enrolled = Enrollment.objects.filter(inmate=OuterRef("pk"), status=Enrollment.Status.ENROLLED)
    noted_transfers = InmateTransfer.objects.filter(inmate=OuterRef("pk")).exclude(note="")
    kept_values = InmateCorrection.objects.filter(inmate=OuterRef("pk"), values_removed=False)
    something_left = (
        Q(personal_data_reduced_at__isnull=True)
        | ~Q(nik="")
        | ~Q(birth_place="")
        | Q(birth_date__isnull=False)
        | Q(expected_release_date__isnull=False)
        | ~Q(photo="")
        | Exists(noted_transfers)
        | Exists(kept_values)
    )
    return (
        Inmate.objects.exclude(status=Inmate.Status.ACTIVE)
        .filter(status_date__lt=cutoff)
        .filter(Q(status_recorded_at__isnull=True) | Q(status_recorded_at__date__lt=cutoff))
        .exclude(Exists(enrolled))
        .filter(something_left)
        .order_by("pk")
    )


def imports_left_pending(*, before) -> QuerySet[InmateImport]:
    """Return the register files uploaded before ``before`` whose preview nobody confirmed."""
    return InmateImport.objects.filter(
        status=InmateImport.Status.PENDING, uploaded_at__lt=before
    ).order_by("pk")
