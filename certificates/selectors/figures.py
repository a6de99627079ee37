"""How many certificates a set of cohorts gave over a period: the rules every report shares.

- *Issued* counts the certificates issued in the period that are in force today. A revoked
  certificate no longer counts; a corrected one counts once, as its replacement, in the period
  the replacement was issued (an enrollment holds at most one valid certificate).
- *Handed over* counts the participants whose certificate, not revoked, was on the list of a
  handover ceremony held in the period, up to today (a ceremony planned for next week has handed
  nothing over). A certificate corrected later was still handed over: the handover stays in
  its period, and the holder counts once however many ceremonies listed him.
- *Revoked* counts the certificates revoked in the period (shown beside, never subtracted).

A certificate belongs to the cohort of its enrollment (kept on it as ``cohort``). ``by`` groups
as in ``programs.selectors.figures``.
"""

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from certificates.models import CeremonyCertificate, Certificate, CertificateStatus
from lapas_training.periods import Period
from programs.models import Cohort
from programs.selectors.figures import group_lookup, grouped


def certificates_issued(cohorts: QuerySet[Cohort], period: Period) -> QuerySet[Certificate]:
    """Return the certificates the "issued" figure counts."""
    start, after = period.datetimes()
    return Certificate.objects.filter(
        cohort__in=cohorts.values("pk"),
        status=CertificateStatus.VALID,
        issued_at__gte=start,
        issued_at__lt=after,
    )


def certificate_counts(cohorts: QuerySet[Cohort], period: Period, by: str | None = None) -> dict:
    """Return the certificates issued (in force) and revoked in the period, per group.

    Two queries rather than one with OR, so each runs on its own partial index.
    """
    start, after = period.datetimes()
    key = group_lookup(by, "cohort")
    counts = grouped(certificates_issued(cohorts, period), key, certificates=Count("pk"))
    revoked = Certificate.objects.filter(
        cohort__in=cohorts.values("pk"),
        status=CertificateStatus.REVOKED,
        revoked_at__gte=start,
        revoked_at__lt=after,
    )
    for group, values in grouped(revoked, key, revoked=Count("pk")).items():
        counts.setdefault(group, {"certificates": 0}).update(values)
    return counts


def handover_counts(cohorts: QuerySet[Cohort], period: Period, by: str | None = None) -> dict:
    """Return the participants handed a certificate not revoked at ceremonies in the period."""
    held = period.until(timezone.localdate())
    if held is None:
        return {}
    return grouped(
        CeremonyCertificate.objects.filter(
            certificate__cohort__in=cohorts.values("pk"),
            ceremony__date__gte=held.start,
            ceremony__date__lte=held.end,
        ).exclude(certificate__status=CertificateStatus.REVOKED),
        group_lookup(by, "certificate__cohort"),
        handed_over=Count("certificate__enrollment_id", distinct=True),
    )


def certificates_by_month(cohorts: QuerySet[Cohort], period: Period) -> dict:
    """Return ``{first day of month: certificates issued in force}`` over the period."""
    start, after = period.datetimes()
    rows = (
        Certificate.objects.filter(
            cohort__in=cohorts.values("pk"),
            status=CertificateStatus.VALID,
            issued_at__gte=start,
            issued_at__lt=after,
        )
        .annotate(month=TruncMonth("issued_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {_day(row["month"]): row["n"] for row in rows}


def _day(value):
    return value.date() if hasattr(value, "date") else value


def certified_inmates(cohorts: QuerySet[Cohort], period: Period, by: str | None = None) -> dict:
    """Count the inmates who received a certificate in force in the period (each once), per group.

    The facility's performance indicator (LKjIP): inmates with certified training in the year.
    """
    start, after = period.datetimes()
    return grouped(
        Certificate.objects.filter(
            cohort__in=cohorts.values("pk"),
            status=CertificateStatus.VALID,
            issued_at__gte=start,
            issued_at__lt=after,
        ),
        group_lookup(by, "cohort"),
        certified_inmates=Count("enrollment__inmate_id", distinct=True),
    )
