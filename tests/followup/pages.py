"""Plans as the follow-up pages' tests need them: released graduates with data that could leak."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from followup import services
from followup.models import CheckIn, FollowUpPlan
from inmates.services import inmate_release
from programs.models import Enrollment
from tests import factories

NIK = "3524019876543210"
NOTE = "Sudah menikah, bekerja rajin di bengkel pamannya."
EMPLOYER = "Bengkel Las Sinar Jaya"

HOME = reverse("reports:home")
LIST = reverse("followup:list")


def detail_url(plan) -> str:
    return reverse("followup:detail", args=[plan.pk])


def checkin_url(plan, months: int = 3) -> str:
    return reverse("followup:checkin", args=[plan.checkins.get(months=months).pk])


def consent_url(plan) -> str:
    return reverse("followup:consent", args=[plan.pk])


def checkin_data(checkin: CheckIn, **fields) -> dict:
    return {
        "done_on": checkin.due_on.strftime("%d/%m/%Y"),
        "method": "phone",
        "outcome": "self_employed",
        "uses_skill": "1",
        "employer": "Las keliling",
        "income_band": "lt1",
        "note": "Membuka usaha las sendiri.",
        **fields,
    }


def graduate_plan(
    *,
    cohort,
    operator,
    name: str = "Ahmad Fauzi",
    nik: str = "",
    days_ago: int = 200,
    consent: str = "",
) -> FollowUpPlan:
    """Finish ``cohort`` with ``name`` (K), release him ``days_ago`` days ago from its
    facility, and return the plan the release made, with ``consent`` recorded if given."""
    enrollment = factories.EnrollmentFactory(
        cohort=cohort,
        inmate__full_name=name,
        inmate__nik=nik,
        inmate__birth_place="Tuban",
        inmate__birth_date=date(1988, 3, 14),
        status=Enrollment.Status.COMPLETED,
        result="K",
    )
    released_on = timezone.localdate() - timedelta(days=days_ago)
    inmate_release(actor=operator, inmate=enrollment.inmate, released_on=released_on)
    plan = FollowUpPlan.objects.get(inmate=enrollment.inmate)
    if consent:
        services.consent_record(actor=operator, plan=plan, consent=consent, on=released_on)
        plan.refresh_from_db()
    return plan


def certificate_of(plan: FollowUpPlan, *, issued_by, number: str = "0007/DISNAKER/IX/2026"):
    """Issue a certificate on the plan's training (as stored, without rendering)."""
    enrollment = Enrollment.objects.get(inmate=plan.inmate)
    certificate = Certificate(
        enrollment=enrollment,
        agency=enrollment.cohort.agency,
        year=2026,
        sequence=7,
        number=number,
        verification_code="v" * 32,
        issued_at=timezone.now(),
        issued_by=issued_by,
        snapshot={"holder": {"name": plan.inmate.full_name, "birth_place": "Tuban"}},
    )
    certificate.pdf.save("sertifikat.pdf", ContentFile(b"%PDF-1.7"), save=True)
    return certificate


def recorded(plan: FollowUpPlan, officer, months: int = 3, **fields):
    """Record the plan's ``months`` check-in through the service, employed with a note."""
    checkin = plan.checkins.get(months=months)
    values = {
        "done_on": checkin.due_on,
        "method": "visit",
        "outcome": "employed",
        "uses_skill": True,
        "employer": EMPLOYER,
        "income_band": "1to3",
        "note": NOTE,
        **fields,
    }
    return services.checkin_record(actor=officer, checkin=checkin, **values)
