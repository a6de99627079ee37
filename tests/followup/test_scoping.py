"""The PK officer's place among the roles: his Bapas's plans and nothing else of the system."""

import inspect
from datetime import date

import pytest
from django.http import Http404
from django.utils import timezone

from certificates.models import Ceremony
from competency.models import CompetencyTest
from followup import selectors
from followup.models import Consent
from lapas_training import rules
from reports.selectors import facility_choices, report_scope
from tests import factories
from tests.followup.pages import graduate_plan

pytestmark = pytest.mark.django_db

# The only rules a PK officer passes; every other one treats him as an outsider.
PK_RULES = {"is_pk_officer", "can_see_followup", "can_record_checkins", "can_record_consent"}


@pytest.fixture
def objects(cohort, operator, agency_admin, facility):
    """One object of each kind a rule is asked about, all of the world a PK officer is not in."""
    event = factories.TrainingEventFactory(facility=facility, agencies=[cohort.agency])
    ceremony = Ceremony.objects.create(
        cohort=cohort,
        agency=cohort.agency,
        date=date(2026, 9, 30),
        place="Aula",
        created_by=agency_admin,
    )
    lsp = factories.PartnerAgencyFactory(name="LSP Uji", code="LSP-UJI", kind="lsp")
    test = CompetencyTest.objects.create(
        lsp=lsp,
        facility=facility,
        scheme_name="Skema",
        scheme_number="SKM/001",
        site="TUK",
        date=date(2026, 10, 1),
        created_by=operator,
    )
    return {
        "inmate": factories.InmateFactory(facility=facility),
        "cohort": cohort,
        "facility": facility,
        "event": event,
        "ceremony": ceremony,
        "test": test,
        "other": operator,
    }


def every_rule():
    return [
        (name, function)
        for name, function in inspect.getmembers(rules, inspect.isfunction)
        if function.__module__ == rules.__name__
    ]


def test_every_rule_but_the_follow_up_ones_treats_a_pk_officer_as_an_outsider(pk_officer, objects):
    passed = set()
    for name, function in every_rule():
        arguments = list(inspect.signature(function).parameters)[1:]
        if function(pk_officer, *(objects[argument] for argument in arguments)):
            passed.add(name)
    assert passed == PK_RULES


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("system_admin", (True, True, True, True)),
        ("operator", (True, False, True, True)),
        ("head", (True, False, False, False)),
        ("pk_officer", (True, True, False, True)),
        ("agency_admin", (False, False, False, False)),
        ("instructor", (False, False, False, False)),
        ("kanwil", (False, False, False, False)),
    ],
)
def test_who_sees_records_and_assigns_follow_up(request, role, expected):
    user = request.getfixturevalue(role)
    assert (
        rules.can_see_followup(user),
        rules.can_record_checkins(user),
        rules.can_assign_followup(user),
        rules.can_record_consent(user),
    ) == expected


def test_an_inactive_pk_officer_passes_no_rule(pk_officer, objects):
    pk_officer.is_active = False
    assert not rules.can_see_followup(pk_officer)
    assert not rules.can_record_checkins(pk_officer)


def test_a_pk_officer_reads_no_report_scope(pk_officer):
    """Were a report page ever to let him in, its scope refuses him rather than count the
    country."""
    with pytest.raises(Http404):
        report_scope(user=pk_officer)
    assert list(facility_choices(user=pk_officer)) == []


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("system_admin", ["Di Bapas Kita", "Di Bapas Lain"]),
        ("pk_officer", ["Di Bapas Kita"]),
        ("other_pk_officer", ["Di Bapas Lain"]),
        ("operator", ["Di Bapas Kita"]),
        ("head", ["Di Bapas Kita"]),
        ("other_operator", ["Di Bapas Lain"]),
        ("agency_admin", []),
        ("instructor", []),
        ("kanwil", []),
    ],
)
def test_whose_plans_each_role_sees(
    request,
    cohort,
    operator,
    other_cohort,
    other_operator,
    pk_officer,
    other_pk_officer,
    role,
    sees,
):
    graduate_plan(cohort=cohort, operator=operator, name="Di Bapas Kita", consent="given")
    graduate_plan(cohort=other_cohort, operator=other_operator, name="Di Bapas Lain")
    user = request.getfixturevalue(role)
    plans = selectors.plans_for_user(user).order_by("inmate__full_name")
    assert [plan.inmate.full_name for plan in plans] == sees


def test_check_in_content_is_for_the_bapas_and_administrators(
    system_admin, pk_officer, operator, head, kanwil
):
    assert [
        selectors.sees_checkin_content(user)
        for user in (system_admin, pk_officer, operator, head, kanwil)
    ] == [True, True, False, False, False]


def test_upcoming_check_ins_are_those_of_the_next_30_days_with_consent(
    cohort, operator, pk_officer
):
    today = timezone.localdate()
    soon = graduate_plan(cohort=cohort, operator=operator, name="Segera", days_ago=80)
    graduate_plan(cohort=cohort, operator=operator, name="Belum Setuju", days_ago=80)
    graduate_plan(cohort=cohort, operator=operator, name="Masih Lama", days_ago=20)
    soon.consent = Consent.GIVEN
    soon.save(update_fields=["consent"])
    upcoming = selectors.upcoming_checkins(user=pk_officer, today=today)
    assert [(c.plan.inmate.full_name, c.months) for c in upcoming] == [("Segera", 3)]
