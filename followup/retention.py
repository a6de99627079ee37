"""Retention of the follow-up: once its time is up, a plan is reduced to anonymous figures.

``FOLLOWUP_RETENTION_DAYS`` after the release date (default three years, long after the
12-month check-in) a plan loses the person (``inmate``), its PK officer and who recorded the
consent and when; its check-ins lose the employer, the income band, the note and who recorded
them and when, and every date (the plan's own making too) becomes its month: a release day and a
cohort would point at one person in the register. What the outcome figures count stays:
facility, Bapas, trainings, release month, consent, and of each check-in the months, due and
contact months, how, the status and whether the work uses the trained skill. An anonymised plan
still counts in the figures; nobody opens or writes it.

A release date typed years back must not anonymise a plan the night it is made: a plan is
due only when both its release date and the day it was made are older than the period (as
the register's retention counts from when a release was recorded).

The follow-up runs on its own clock, apart from the register's (``inmates.retention``,
``RETENTION_AFTER_RELEASE_DAYS``, five years by default). Reducing an inmate's register data
keeps his row, name and registration number, which is all a plan shows of him (the Bapas never
sees his NIK or birth data), so a plan keeps pointing at a reduced inmate until its own day.

Who runs this, and when, is ``privacy``'s ``apply_retention`` command; this module selects the
plans and writes.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import UTC, date

from django.db import transaction
from django.db.models import Count, DateField, DateTimeField, Q, QuerySet
from django.db.models.functions import Trunc
from django.utils import timezone

from followup.models import CheckIn, FollowUpPlan
from lapas_training.audit import audit_log

# The last check-in falls due 12 months after release: at most 366 days. A shorter period
# would anonymise plans before it.
SHORTEST_RETENTION_DAYS = 366


@dataclass(frozen=True)
class Anonymised:
    """How much anonymising removes: plans, their check-ins, and the check-ins' notes,
    employers and income bands that held something."""

    plans: int = 0
    checkins: int = 0
    notes: int = 0
    employers: int = 0
    income_bands: int = 0

    def __add__(self, other: "Anonymised") -> "Anonymised":
        return Anonymised(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Batch:
    """One batch of plans anonymised (or, in a dry run, that would be)."""

    ids: list[int]
    counts: Anonymised


def plans_due_for_anonymising(*, released_before: date) -> QuerySet[FollowUpPlan]:
    """Return the plans not yet anonymised of people released before ``released_before``
    (and made before it), by id."""
    return FollowUpPlan.objects.filter(
        anonymised_at__isnull=True,
        released_on__lt=released_before,
        created_at__date__lt=released_before,
    ).order_by("pk")


def _tally(plans: list[tuple[int, int]]) -> dict[int, Anonymised]:
    """Return what anonymising the (plan id, facility id) pairs removes, by facility."""
    rows = (
        CheckIn.objects.filter(plan_id__in=[pk for pk, _facility in plans])
        .values("plan__facility_id")
        .annotate(
            checkins=Count("pk"),
            notes=Count("pk", filter=~Q(note="")),
            employers=Count("pk", filter=~Q(employer="")),
            income_bands=Count("pk", filter=~Q(income_band="")),
        )
    )
    checkins = {row.pop("plan__facility_id"): row for row in rows}
    plan_counts = Counter(facility for _pk, facility in plans)
    return {
        facility: Anonymised(plans=count, **checkins.get(facility, {}))
        for facility, count in sorted(plan_counts.items())
    }


@transaction.atomic
def _anonymise(
    plan_ids: list[int], *, retention_days: int, released_before: date, actor
) -> Anonymised:
    """Anonymise one batch in one transaction; a plan anonymised meanwhile is left alone."""
    plans = list(
        FollowUpPlan.objects.select_for_update()
        .filter(pk__in=plan_ids, anonymised_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "facility_id")
    )
    if not plans:
        return Anonymised()
    by_facility = _tally(plans)
    ids = [pk for pk, _facility in plans]
    # Dates become months: a release day and a cohort would otherwise point at one person in
    # the register; the monthly figures need no more.
    CheckIn.objects.filter(plan_id__in=ids).update(
        employer="",
        income_band="",
        note="",
        recorded_by=None,
        recorded_at=None,
        due_on=Trunc("due_on", "month", output_field=DateField()),
        done_on=Trunc("done_on", "month", output_field=DateField()),
    )
    # One statement sets both: the table's constraint wants no person exactly when anonymised.
    FollowUpPlan.objects.filter(pk__in=ids).update(
        inmate=None,
        officer=None,
        consent_recorded_by=None,
        consent_on=None,
        released_on=Trunc("released_on", "month", output_field=DateField()),
        # Made in the release's transaction, to the microsecond of the register's record of it.
        created_at=Trunc("created_at", "month", output_field=DateTimeField(), tzinfo=UTC),
        anonymised_at=timezone.now(),
    )
    for facility, counts in by_facility.items():
        audit_log(
            action="followup.plans_anonymised",
            actor=actor,
            facility=facility,
            data={
                **counts.as_dict(),
                "retention_days": retention_days,
                "released_before": released_before,
            },
        )
    return sum(by_facility.values(), Anonymised())


def plans_anonymise(
    *,
    released_before: date,
    retention_days: int,
    batch_size: int = 500,
    dry_run: bool = False,
    actor=None,
) -> Iterator[Batch]:
    """Anonymise every plan due (``plans_due_for_anonymising``), ``batch_size`` at a time, one
    transaction per batch; yield each batch as it is done.

    Idempotent: an anonymised plan is never due again. Audited per batch and facility, with
    counts only (no names, no plan ids). A dry run writes nothing and yields what would go.
    """
    due = plans_due_for_anonymising(released_before=released_before)
    last_pk = 0
    while batch := list(due.filter(pk__gt=last_pk).values_list("pk", "facility_id")[:batch_size]):
        last_pk = batch[-1][0]
        if dry_run:
            counts = sum(_tally(batch).values(), Anonymised())
        else:
            counts = _anonymise(
                [pk for pk, _facility in batch],
                retention_days=retention_days,
                released_before=released_before,
                actor=actor,
            )
        yield Batch(ids=[pk for pk, _facility in batch], counts=counts)
