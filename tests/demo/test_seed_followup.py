"""The demo's follow-up: six Lamongan welders released through the release action and
followed by Bapas Bojonegoro, one check-in overdue, one refusal, three reached at 6 months;
safe to load twice."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from certificates.models import Certificate
from competency.models import BnspCertificate
from followup.figures import PlanScope, outcome_totals
from followup.models import CheckIn, Consent, FollowUpPlan, Outcome
from followup.schedule import add_months
from followup.selectors import due_checkins, plans_for_user, plans_waiting_for_consent
from inmates.models import Inmate
from lapas_training.models import AuditEvent, Role, User
from lapas_training.periods import Period

pytestmark = pytest.mark.django_db


def seed() -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_six_welders_are_followed_by_bapas_bojonegoro_and_a_second_run_adds_nothing(
    settings,
):
    settings.DEBUG = True
    seed()
    counts = (FollowUpPlan.objects.count(), CheckIn.objects.count(), AuditEvent.objects.count())
    seed()
    assert (
        FollowUpPlan.objects.count(),
        CheckIn.objects.count(),
        AuditEvent.objects.count(),
    ) == counts

    today = timezone.localdate()
    officer = User.objects.get(username="pk.bojonegoro")
    assert officer.check_password("demo-pelatihan")
    assert (officer.role, officer.bapas.name) == (Role.PK_OFFICER, "Bapas Kelas II Bojonegoro")
    assert list(officer.bapas.facilities.values_list("code", flat=True)) == ["lapas-lamongan"]

    plans = {plan.consent: plan for plan in FollowUpPlan.objects.order_by("released_on")}
    assert FollowUpPlan.objects.count() == 6 and len(plans) == 3  # four gave consent
    assert set(plans_for_user(officer)) == set(FollowUpPlan.objects.all())
    for plan in FollowUpPlan.objects.all():
        # Welders of the Lamongan cohort, released through the release action.
        assert [c.program.code for c in plan.cohorts.all()] == ["LAS"]
        assert plan.inmate.status == Inmate.Status.RELEASED
        assert plan.inmate.status_date == plan.released_on < today
        assert Certificate.objects.filter(enrollment__inmate=plan.inmate).exists()
        assert BnspCertificate.objects.filter(assessee__enrollment__inmate=plan.inmate).exists()
        assert plan.bapas == officer.bapas

    working = FollowUpPlan.objects.get(checkins__months=6, checkins__outcome=Outcome.SELF_EMPLOYED)
    assert working.officer == officer
    assert [
        (c.months, c.outcome, c.uses_skill, c.recorded_by)
        for c in working.checkins.order_by("months")
    ] == [
        (3, Outcome.EMPLOYED, True, officer),
        (6, Outcome.SELF_EMPLOYED, True, officer),
        (12, "", None, None),
    ]
    assert working.checkins.get(months=12).due_on > today

    # Exactly one check-in overdue on the PK officer's home page, by about a month.
    (late,) = due_checkins(user=officer, today=today)
    assert late.months == 3 and late.plan.consent == Consent.GIVEN and late.plan != working
    assert late.due_on < today - timedelta(days=25)
    # One refused (nothing but the release kept), one still to be asked.
    assert not plans[Consent.REFUSED].checkins.exists()
    assert list(plans_waiting_for_consent(user=officer)) == [plans[Consent.PENDING]]
    assert plans[Consent.PENDING].released_on > today - timedelta(days=30)

    # Three reached at 6 months over the last twelve months: enough for the figures to show.
    year = Period(add_months(today, -12) + timedelta(days=1), today)
    six = outcome_totals(PlanScope(), year, today=today).m6
    assert (six.reached, six.working, six.uses_skill, six.hidden) == (3, 2, 1, False)
