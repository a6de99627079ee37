"""Plans made at release, their schedule, consent and check-ins."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from followup import services
from followup.models import CheckIn, Consent, FollowUpPlan, Outcome
from followup.schedule import add_months, due_dates, earliest_contact
from inmates.services import inmate_transfer
from tests import factories
from tests.followup.helpers import released_graduate, released_without_training
from tests.helpers import audit_actions

pytestmark = pytest.mark.django_db


def test_release_on_31_january_falls_due_at_the_ends_of_april_july_and_january():
    assert due_dates(date(2026, 1, 31)) == {
        3: date(2026, 4, 30),
        6: date(2026, 7, 31),
        12: date(2027, 1, 31),
    }
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)  # a leap year
    assert add_months(date(2026, 8, 15), 6) == date(2027, 2, 15)


def test_the_first_check_in_may_be_any_day_after_release_the_later_ones_a_month_early():
    released = date(2026, 1, 31)
    assert {months: earliest_contact(released, months) for months in (3, 6, 12)} == {
        3: date(2026, 1, 31),
        6: date(2026, 6, 30),
        12: date(2026, 12, 31),
    }


def test_a_released_graduate_gets_a_plan_with_the_bapas_of_his_facility(
    cohort, instructor, operator, bapas
):
    inmate = released_graduate(cohort=cohort, instructor=instructor, operator=operator)
    plan = FollowUpPlan.objects.get(inmate=inmate)
    assert plan.bapas == bapas
    assert plan.facility == inmate.facility
    assert plan.released_on == date(2026, 1, 31)
    assert plan.consent == Consent.PENDING
    assert list(plan.cohorts.all()) == [cohort]
    assert [(c.months, c.due_on) for c in plan.checkins.order_by("months")] == [
        (3, date(2026, 4, 30)),
        (6, date(2026, 7, 31)),
        (12, date(2027, 1, 31)),
    ]
    assert "followup.plan_created" in audit_actions()


def test_no_plan_without_a_finished_training_or_for_a_transfer(
    cohort, instructor, operator, facility, other_facility, bapas
):
    released_without_training(facility=facility, operator=operator)
    enrollment = factories.EnrollmentFactory(cohort=cohort)  # still enrolled, not finished
    inmate_transfer(
        actor=operator,
        inmate=enrollment.inmate,
        transferred_on=date(2026, 1, 31),
        to_facility=other_facility,
        new_registration_number="B.II-99/2026",
    )
    assert FollowUpPlan.objects.count() == 0


def test_a_facility_with_two_bapas_leaves_the_choice_to_the_lapas(
    cohort, instructor, operator, facility, bapas
):
    second = factories.BapasFactory(code="bapas-lain", facilities=[facility])
    inmate = released_graduate(cohort=cohort, instructor=instructor, operator=operator)
    plan = FollowUpPlan.objects.get(inmate=inmate)
    assert plan.bapas is None
    services.plan_assign(actor=operator, plan=plan, bapas=second)
    assert FollowUpPlan.objects.get().bapas == second
    stranger = factories.BapasFactory(code="bapas-asing")
    with pytest.raises(ValidationError) as error:
        services.plan_assign(actor=operator, plan=plan, bapas=stranger)
    assert "bapas" in error.value.message_dict


@pytest.fixture
def plan(cohort, instructor, operator, bapas):
    inmate = released_graduate(
        cohort=cohort,
        instructor=instructor,
        operator=operator,
        on=timezone.localdate() - timedelta(days=400),
    )
    return FollowUpPlan.objects.get(inmate=inmate)


def record(plan, officer, months=3, **fields):
    checkin = plan.checkins.get(months=months)
    values = {
        "done_on": checkin.due_on,
        "method": "phone",
        "outcome": Outcome.EMPLOYED,
        "uses_skill": True,
        **fields,
    }
    return services.checkin_record(actor=officer, checkin=checkin, **values)


def test_no_check_in_without_consent(plan, pk_officer):
    with pytest.raises(ValidationError):
        record(plan, pk_officer)
    services.consent_record(
        actor=pk_officer, plan=plan, consent=Consent.REFUSED, on=timezone.localdate()
    )
    plan.refresh_from_db()
    # Refused: only the release is kept, nothing is scheduled, nothing can be recorded.
    assert plan.checkins.count() == 0
    assert not plan.may_record


def test_consent_given_then_withdrawn_removes_what_was_recorded(plan, pk_officer):
    today = timezone.localdate()
    services.consent_record(actor=pk_officer, plan=plan, consent=Consent.GIVEN, on=plan.released_on)
    checkin = record(plan, pk_officer, employer="Bengkel Las Jaya", note="Sehat, rajin.")
    assert checkin.recorded_by == pk_officer
    services.consent_record(actor=pk_officer, plan=plan, consent=Consent.WITHDRAWN, on=today)
    assert CheckIn.objects.filter(plan=plan).count() == 0
    # Given again later: a fresh schedule, nothing of the old records.
    services.consent_record(actor=pk_officer, plan=plan, consent=Consent.GIVEN, on=today)
    assert [c.done_on for c in plan.checkins.all()] == [None, None, None]
    assert audit_actions().count("followup.consent_recorded") == 3


def test_withdrawing_needs_consent_given_first(plan, pk_officer):
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            actor=pk_officer, plan=plan, consent=Consent.WITHDRAWN, on=timezone.localdate()
        )
    assert "consent" in error.value.message_dict


def test_consent_answers_follow_each_other_as_the_form_offers_them(plan, pk_officer):
    given_on = plan.released_on + timedelta(days=3)
    services.consent_record(actor=pk_officer, plan=plan, consent=Consent.GIVEN, on=given_on)
    # Given: only a withdrawal may follow, not a second "given" nor a refusal (two forms sent
    # at once must not turn a consent into a refusal that deletes what was recorded).
    for answer in (Consent.GIVEN, Consent.REFUSED):
        with pytest.raises(ValidationError) as error:
            services.consent_record(actor=pk_officer, plan=plan, consent=answer, on=given_on)
        assert error.value.message_dict == {
            "consent": ["Klien sudah bersedia; yang dapat dicatat hanya penarikan persetujuan."]
        }
    # Nor may an answer be dated before the one it follows.
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            actor=pk_officer, plan=plan, consent=Consent.WITHDRAWN, on=given_on - timedelta(days=1)
        )
    assert list(error.value.message_dict) == ["on"]
    plan.refresh_from_db()
    assert (plan.consent, plan.consent_on) == (Consent.GIVEN, given_on)
    assert audit_actions().count("followup.consent_recorded") == 1


def test_a_check_in_withdrawn_meanwhile_is_refused_cleanly(plan, pk_officer):
    services.consent_record(actor=pk_officer, plan=plan, consent=Consent.GIVEN, on=plan.released_on)
    stale = plan.checkins.get(months=3)
    services.consent_record(
        actor=pk_officer, plan=plan, consent=Consent.WITHDRAWN, on=timezone.localdate()
    )
    with pytest.raises(ValidationError) as error:
        services.checkin_record(
            actor=pk_officer,
            checkin=stale,
            done_on=stale.due_on,
            method="phone",
            outcome=Outcome.NOT_WORKING,
        )
    assert error.value.messages == [
        "Kontak hanya dapat dicatat bila klien bersedia ditindaklanjuti."
    ]


def test_check_in_rules(plan, pk_officer):
    given_on = plan.released_on + timedelta(days=10)
    services.consent_record(actor=pk_officer, plan=plan, consent=Consent.GIVEN, on=given_on)
    with pytest.raises(ValidationError) as error:
        record(plan, pk_officer, uses_skill=None)
    assert "uses_skill" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record(plan, pk_officer, done_on=timezone.localdate() + timedelta(days=1))
    assert "done_on" in error.value.message_dict
    # No contact before the person said yes.
    with pytest.raises(ValidationError) as error:
        record(plan, pk_officer, done_on=given_on - timedelta(days=1))
    assert error.value.message_dict == {
        "done_on": ["Tanggal kontak tidak boleh sebelum klien menyatakan bersedia."]
    }
    # A 12-month outcome is not recorded on the day of the first contact.
    with pytest.raises(ValidationError) as error:
        record(plan, pk_officer, months=12, done_on=given_on)
    earliest = add_months(plan.released_on, 11)
    assert error.value.message_dict == {
        "done_on": [
            "Kontak 12 bulan paling cepat dicatat sebulan sebelum jatuh tempo, mulai "
            f"{date_format(earliest, 'j F Y')}."
        ]
    }
    # Not reached: nothing about work is kept, whatever was typed.
    checkin = record(
        plan, pk_officer, outcome=Outcome.UNREACHABLE, employer="x", income_band="1to3"
    )
    assert (checkin.uses_skill, checkin.employer, checkin.income_band) == (None, "", "")
    corrected = record(plan, pk_officer, outcome=Outcome.SELF_EMPLOYED, uses_skill=False)
    assert corrected.outcome == Outcome.SELF_EMPLOYED
    assert audit_actions()[-1] == "followup.checkin_corrected"


def test_after_the_first_answer_the_lapas_operator_records_no_other(plan, pk_officer, operator):
    """Sent at once, the PK officer's refusal first: the operator's "given" meets it on the
    locked plan instead of overriding the Bapas."""
    services.consent_record(
        actor=pk_officer, plan=plan, consent=Consent.REFUSED, on=plan.released_on
    )
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            actor=operator, plan=plan, consent=Consent.GIVEN, on=plan.released_on
        )
    assert error.value.message_dict == {
        "consent": ["Jawaban klien sudah dicatat; jawaban berikutnya dicatat oleh Bapas."]
    }
    plan.refresh_from_db()
    assert plan.consent == Consent.REFUSED


def test_a_correction_keeping_its_date_is_not_held_to_the_date_rules_again(plan, pk_officer):
    """Recorded under earlier rules (here: written straight to the row), its note still
    corrects without inventing another date."""
    services.consent_record(actor=pk_officer, plan=plan, consent=Consent.GIVEN, on=plan.released_on)
    early = plan.released_on + timedelta(days=30)
    CheckIn.objects.filter(plan=plan, months=12).update(
        done_on=early, method="phone", outcome=Outcome.NOT_WORKING
    )
    corrected = record(plan, pk_officer, months=12, done_on=early, note="Catatan diperbaiki")
    assert (corrected.done_on, corrected.note) == (early, "Catatan diperbaiki")
    with pytest.raises(ValidationError) as error:
        record(plan, pk_officer, months=12, done_on=early + timedelta(days=1))
    assert list(error.value.message_dict) == ["done_on"]
