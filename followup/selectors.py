"""Reads of the follow-up, scoped to who asks.

A PK officer sees the plans of his Bapas: the person's name and register number, the
trainings and certificates, and the check-ins. Not the NIK or birth data: the Bapas knows its
clients from its own case files (the Litmas), and nothing in the follow-up needs them. Lapas
staff see the plans of people released from their facility, with the schedule and whether each
check-in was made, never what it recorded (the person is no longer in their care; the outcome
figures in the reports are counted for them). Administrators see everything.
"""

from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from certificates.models import Certificate
from certificates.selectors import certificates_visible_to
from followup.models import Bapas, CheckIn, Consent, FollowUpPlan
from lapas_training import rules
from lapas_training.models import Role, User
from programs.models import Enrollment


def plans_for_user(user: User) -> QuerySet[FollowUpPlan]:
    """The plans ``user`` may open (none for anybody else)."""
    plans = FollowUpPlan.objects.filter(anonymised_at__isnull=True).select_related(
        "inmate", "bapas", "facility", "officer"
    )
    if not user.is_authenticated or not user.is_active:
        return plans.none()
    if user.role == Role.ADMIN:
        return plans
    if user.role == Role.PK_OFFICER:
        return plans.filter(bapas_id=user.bapas_id)
    if user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}:
        return plans.filter(facility_id=user.facility_id)
    return plans.none()


def plan_for_user_or_404(*, user: User, pk: int) -> FollowUpPlan:
    plan = (
        plans_for_user(user)
        .prefetch_related(
            "cohorts__program",
            "cohorts__agency",
            Prefetch("checkins", queryset=CheckIn.objects.order_by("months")),
        )
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def checkin_for_user_or_404(*, user: User, pk: int) -> CheckIn:
    """A check-in whose content ``user`` may read and record: the Bapas and administrators."""
    if not rules.can_record_checkins(user):
        raise Http404
    checkin = (
        CheckIn.objects.select_related("plan__inmate", "plan__bapas")
        .filter(plan__in=plans_for_user(user), pk=pk)
        .first()
    )
    if checkin is None:
        raise Http404
    return checkin


def consent_answers(*, user: User, plan: FollowUpPlan) -> list[str]:
    """The answers ``user`` may record on ``plan`` now (none: no form). The Bapas and admins
    record any answer that may follow; the Lapas operator only the first, at release: a later
    withdrawal deletes check-ins only the Bapas reads, so it is the Bapas's to record."""
    if not rules.can_record_consent(user) or plan.anonymised_at is not None:
        return []
    if user.role == Role.LAPAS_OPERATOR and plan.consent != Consent.PENDING:
        return []
    return plan.next_consent_answers


def sees_checkin_content(user: User) -> bool:
    """Whether ``user`` reads what check-ins recorded (the Lapas sees only that they were made):
    those who record them."""
    return rules.can_record_checkins(user)


def due_checkins(*, user: User, today: date) -> QuerySet[CheckIn]:
    """Check-ins not yet made whose due date has come, of plans with consent, oldest first."""
    return (
        CheckIn.objects.filter(
            plan__in=plans_for_user(user),
            plan__consent=Consent.GIVEN,
            done_on__isnull=True,
            due_on__lte=today,
        )
        .select_related("plan__inmate", "plan__facility")
        .order_by("due_on", "pk")
    )


def plans_waiting_for_consent(*, user: User) -> QuerySet[FollowUpPlan]:
    return plans_for_user(user).filter(consent=Consent.PENDING).order_by("released_on", "pk")


# The pages' reads (followup.views) ------------------------------------------------------------


def _overdue(today: date) -> Q:
    """Plans with consent and a check-in not made whose due date has come."""
    return Q(
        consent=Consent.GIVEN,
        checkins__done_on__isnull=True,
        checkins__due_on__lte=today,
    )


def plan_list(
    *, user: User, today: date, search: str = "", consent: str = "", overdue: bool = False
) -> QuerySet[FollowUpPlan]:
    """The plans ``user`` may open, searched by name or register number, filtered by consent
    or by a check-in overdue; the latest release first."""
    plans = plans_for_user(user).prefetch_related(
        Prefetch("checkins", queryset=CheckIn.objects.order_by("months"))
    )
    search = search.strip()
    if search:
        plans = plans.filter(
            Q(inmate__full_name__icontains=search)
            | Q(inmate__registration_number__icontains=search)
        )
    if consent in Consent.values:
        plans = plans.filter(consent=consent)
    if overdue:
        plans = plans.filter(pk__in=FollowUpPlan.objects.filter(_overdue(today)).values("pk"))
    return plans.order_by("-released_on", "pk")


def plan_trainings(*, plan: FollowUpPlan) -> QuerySet[Enrollment]:
    """The finished trainings of the plan's person: cohort, program, agency, result and the
    certificates issued on them."""
    return (
        Enrollment.objects.filter(inmate_id=plan.inmate_id, cohort__in=plan.cohorts.all())
        .select_related("cohort__program", "cohort__agency")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("issued_at", "pk"))
        )
        .order_by("cohort__end_date", "pk")
    )


def openable_certificates(*, user: User, certificates: list[Certificate]) -> set[int]:
    """The ids among ``certificates`` whose page ``user`` may open (none for a PK officer)."""
    ids = [certificate.pk for certificate in certificates]
    return set(certificates_visible_to(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def upcoming_checkins(*, user: User, today: date, days: int = 30) -> QuerySet[CheckIn]:
    """Check-ins not yet made that fall due in the next ``days`` days, of plans with consent."""
    return (
        CheckIn.objects.filter(
            plan__in=plans_for_user(user),
            plan__consent=Consent.GIVEN,
            done_on__isnull=True,
            due_on__gt=today,
            due_on__lte=today + timedelta(days=days),
        )
        .select_related("plan__inmate", "plan__facility")
        .order_by("due_on", "pk")
    )


def bapas_choices(*, plan: FollowUpPlan) -> QuerySet[Bapas]:
    """The Bapas that receive releases of the plan's facility."""
    return Bapas.objects.filter(facilities=plan.facility_id).order_by("name")


def officer_choices(*, bapas: QuerySet[Bapas]) -> QuerySet[User]:
    """The active PK officers of those Bapas."""
    return (
        User.objects.filter(role=Role.PK_OFFICER, is_active=True, bapas__in=bapas)
        .select_related("bapas")
        .order_by("bapas__name", "full_name", "pk")
    )
