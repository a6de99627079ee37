"""Retention of the follow-up: ``apply_retention`` reduces plans to anonymous figures once
FOLLOWUP_RETENTION_DAYS have passed since the release; the outcome figures keep their inputs."""

from datetime import UTC, date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from followup import services
from followup.models import CheckIn, Consent, FollowUpPlan, Outcome
from followup.retention import plans_anonymise
from followup.selectors import plans_for_user
from inmates.models import Inmate
from inmates.services import inmate_release
from lapas_training.models import AuditEvent
from privacy.selectors.subject import subject_report
from programs.models import Enrollment
from tests import factories
from tests.helpers import after_commit

pytestmark = pytest.mark.django_db

DAYS = 3 * 365
PREFIX = "[uji coba, tidak ada yang diubah] "


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def released(cohort, operator, *, days: int, name: str = "Ahmad Fauzi") -> FollowUpPlan:
    """Release a graduate of ``cohort`` ``days`` ago, recorded then too; return his plan."""
    inmate = factories.EnrollmentFactory(
        cohort=cohort, status=Enrollment.Status.COMPLETED, inmate__full_name=name
    ).inmate
    inmate_release(actor=operator, inmate=inmate, released_on=days_ago(days))
    plan = FollowUpPlan.objects.get(inmate=inmate)
    then = timezone.now() - timedelta(days=days)
    FollowUpPlan.objects.filter(pk=plan.pk).update(created_at=then)
    Inmate.objects.filter(pk=inmate.pk).update(status_recorded_at=then)
    plan.refresh_from_db()
    return plan


def followed(plan: FollowUpPlan, officer) -> FollowUpPlan:
    """Consent at release; the 3-month check-in working with the skill, the 6-month not."""
    services.consent_record(actor=officer, plan=plan, consent=Consent.GIVEN, on=plan.released_on)
    three, six, _twelve = plan.checkins.order_by("months")
    services.checkin_record(
        actor=officer,
        checkin=three,
        done_on=three.due_on,
        method="visit",
        outcome=Outcome.EMPLOYED,
        uses_skill=True,
        employer="Bengkel Las Sinar Jaya, Babat",
        income_band="1to3",
        note="Tinggal bersama ibunya; rajin.",
    )
    services.checkin_record(
        actor=officer,
        checkin=six,
        done_on=six.due_on + timedelta(days=4),
        method="phone",
        outcome=Outcome.NOT_WORKING,
        note="Bengkel tutup, mencari kerja.",
    )
    plan.refresh_from_db()
    return plan


def run(*args: str) -> str:
    out = StringIO()
    with after_commit():
        call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def anonymised() -> set[int]:
    return set(FollowUpPlan.objects.exclude(anonymised_at=None).values_list("pk", flat=True))


@pytest.fixture
def old_plan(cohort, operator, pk_officer, bapas):
    plan = followed(released(cohort, operator, days=DAYS + 1), pk_officer)
    services.plan_assign(actor=operator, plan=plan, bapas=bapas, officer=pk_officer)
    return plan


def test_exactly_the_plans_released_more_than_the_period_ago_are_anonymised(
    cohort, operator, pk_officer, bapas
):
    due = released(cohort, operator, days=DAYS + 1, name="Lewat Sehari")
    on_the_day = released(cohort, operator, days=DAYS, name="Tepat Hari Ini")
    recent = released(cohort, operator, days=200, name="Baru Bebas")
    output = run()
    assert anonymised() == {due.pk}
    assert (
        f"Masa retensi tindak lanjut {DAYS} hari: rencana dengan tanggal bebas sebelum "
        f"{days_ago(DAYS).isoformat()}." in output
    )
    assert f"ID rencana: {due.pk}" in output.splitlines()
    for kept in (on_the_day, recent):
        kept.refresh_from_db()
        assert kept.inmate is not None and kept.anonymised_at is None


def test_the_person_notes_employer_and_income_go_the_figures_inputs_stay(
    old_plan, pk_officer, bapas, cohort
):
    before = list(
        old_plan.checkins.order_by("months").values_list(
            "months", "due_on", "done_on", "method", "outcome", "uses_skill"
        )
    )
    assert old_plan.checkins.exclude(recorded_at=None).count() == 2
    inmate = old_plan.inmate
    run()
    plan = FollowUpPlan.objects.get(pk=old_plan.pk)
    assert (plan.inmate, plan.officer, plan.consent_recorded_by) == (None, None, None)
    assert plan.anonymised_at is not None
    # What the outcome figures count: where from, which Bapas and trainings, when, consent.
    assert (plan.facility, plan.bapas, list(plan.cohorts.all())) == (
        inmate.facility,
        bapas,
        [cohort],
    )
    # Dates become months: a day and a cohort would point at one person in the register.
    assert (plan.released_on, plan.consent, plan.consent_on) == (
        days_ago(DAYS + 1).replace(day=1),
        Consent.GIVEN,
        None,
    )
    checkins = plan.checkins.order_by("months")
    month = lambda day: day and day.replace(day=1)  # noqa: E731
    assert [
        (c.months, c.due_on, c.done_on, c.method, c.outcome, c.uses_skill) for c in checkins
    ] == [
        (months, month(due_on), month(done_on), method, outcome, uses_skill)
        for months, due_on, done_on, method, outcome, uses_skill in before
    ]
    # No moment is kept either: the plan was made in the release's transaction, to the
    # microsecond of the register's record of it. It keeps the month (in UTC, as stored).
    made, then = plan.created_at.astimezone(UTC), old_plan.created_at.astimezone(UTC)
    assert made == then.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    assert [(c.outcome, c.uses_skill) for c in checkins] == [
        (Outcome.EMPLOYED, True),
        (Outcome.NOT_WORKING, None),
        ("", None),
    ]
    assert (
        list(checkins.values_list("employer", "income_band", "note", "recorded_by", "recorded_at"))
        == [("", "", "", None, None)] * 3
    )
    # The person's register is on its own clock: anonymising the plan does not touch it.
    inmate.refresh_from_db()
    assert inmate.nik and inmate.personal_data_reduced_at is None


def test_an_anonymised_plan_names_nobody(old_plan):
    run()
    assert str(FollowUpPlan.objects.get(pk=old_plan.pk)) == "Klien (dianonimkan)"


def test_an_anonymised_plan_is_no_longer_shown_nor_written_nor_reported(
    old_plan, pk_officer, operator, system_admin
):
    inmate = old_plan.inmate
    run()
    plan = FollowUpPlan.objects.get(pk=old_plan.pk)
    for user in (pk_officer, operator, system_admin):
        assert not plans_for_user(user).filter(pk=plan.pk).exists()
    with pytest.raises(ValidationError):
        services.consent_record(
            actor=pk_officer, plan=plan, consent=Consent.WITHDRAWN, on=timezone.localdate()
        )
    with pytest.raises(ValidationError):
        services.checkin_record(
            actor=pk_officer,
            checkin=plan.checkins.get(months=12),
            done_on=timezone.localdate(),
            method="phone",
            outcome=Outcome.UNREACHABLE,
        )
    # Nothing of it is about him any more.
    assert subject_report(inmate=inmate, produced_by=operator)["followup_plan"] is None


def test_running_it_again_changes_nothing(old_plan):
    run()
    first = FollowUpPlan.objects.get(pk=old_plan.pk).anonymised_at
    events = AuditEvent.objects.count()
    output = run()
    assert FollowUpPlan.objects.get(pk=old_plan.pk).anonymised_at == first
    assert AuditEvent.objects.count() == events
    assert (
        "Dianonimkan: 0 rencana tindak lanjut dengan 0 kontak; dihapus: catatan 0, "
        "tempat kerja 0, penghasilan 0 (keadaan dan tanggal tetap untuk angka hasil)."
    ) in output.splitlines()
    assert not any(line.startswith("ID rencana") for line in output.splitlines())


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(old_plan):
    output = run("--dry-run")
    assert output.splitlines()[:3] == [
        f"{PREFIX}Masa retensi tindak lanjut {DAYS} hari: rencana dengan tanggal bebas sebelum "
        f"{days_ago(DAYS).isoformat()}.",
        f"{PREFIX}ID rencana: {old_plan.pk}",
        f"{PREFIX}Akan dianonimkan: 1 rencana tindak lanjut dengan 3 kontak; dihapus: catatan 2, "
        "tempat kerja 1, penghasilan 1 (keadaan dan tanggal tetap untuk angka hasil).",
    ]
    plan = FollowUpPlan.objects.get(pk=old_plan.pk)
    assert plan.inmate == old_plan.inmate and plan.anonymised_at is None
    assert CheckIn.objects.filter(plan=plan).exclude(note="").count() == 2
    assert not AuditEvent.objects.filter(action="followup.plans_anonymised").exists()


def test_it_is_audited_with_counts_only_per_facility(old_plan, other_cohort, other_operator):
    # Consent never asked: the schedule is there, nothing recorded in it.
    other = released(other_cohort, other_operator, days=DAYS + 30, name="Budi Santoso")
    output = run()
    assert (
        "Dianonimkan: 2 rencana tindak lanjut dengan 6 kontak; dihapus: catatan 2, "
        "tempat kerja 1, penghasilan 1 (keadaan dan tanggal tetap untuk angka hasil)."
    ) in output.splitlines()
    events = AuditEvent.objects.filter(action="followup.plans_anonymised")
    common = {"retention_days": DAYS, "released_before": days_ago(DAYS).isoformat()}
    assert {e.facility_id: e.data for e in events} == {
        old_plan.facility_id: {
            "plans": 1,
            "checkins": 3,
            "notes": 2,
            "employers": 1,
            "income_bands": 1,
            **common,
        },
        other.facility_id: {
            "plans": 1,
            "checkins": 3,
            "notes": 0,
            "employers": 0,
            "income_bands": 0,
            **common,
        },
    }
    # Counts only: no person, no object, no name.
    assert [(e.actor, e.object_type, e.object_id, e.object_repr) for e in events] == [
        (None, "", "", "")
    ] * 2


def test_the_period_comes_from_the_setting_and_batches_cover_everyone(settings, cohort, operator):
    settings.FOLLOWUP_RETENTION_DAYS = 400
    plans = [released(cohort, operator, days=401, name=f"Klien {n}") for n in range(3)]
    kept = released(cohort, operator, days=399, name="Belum Waktunya")
    output = run("--batch-size", "2")
    assert [line for line in output.splitlines() if line.startswith("ID rencana")] == [
        f"ID rencana: {plans[0].pk}, {plans[1].pk}",
        f"ID rencana: {plans[2].pk}",
    ]
    assert anonymised() == {plan.pk for plan in plans}
    assert kept.pk not in anonymised()
    # One event per batch (and facility).
    assert AuditEvent.objects.filter(action="followup.plans_anonymised").count() == 2


def test_the_function_yields_its_batches_and_a_dry_run_writes_nothing(cohort, operator):
    plans = [released(cohort, operator, days=DAYS + 1, name=f"Klien {n}") for n in range(3)]
    dry = list(
        plans_anonymise(
            released_before=days_ago(DAYS), retention_days=DAYS, batch_size=2, dry_run=True
        )
    )
    assert [batch.ids for batch in dry] == [[plans[0].pk, plans[1].pk], [plans[2].pk]]
    assert [batch.counts.plans for batch in dry] == [2, 1]
    assert anonymised() == set()
    done = list(plans_anonymise(released_before=days_ago(DAYS), retention_days=DAYS))
    assert [batch.ids for batch in done] == [[plan.pk for plan in plans]]
    assert anonymised() == {plan.pk for plan in plans}


@pytest.mark.parametrize("days", ["365", "0"])
def test_a_period_shorter_than_the_last_check_in_is_refused(days):
    with pytest.raises(CommandError, match="at least 366 days"):
        call_command("apply_retention", "--followup-days", days, stdout=StringIO())


def test_a_release_typed_years_back_is_counted_from_when_the_plan_was_made(cohort, operator):
    """A typo (2022 for 2025) must not anonymise a plan the night it is made."""
    inmate = factories.EnrollmentFactory(cohort=cohort, status=Enrollment.Status.COMPLETED).inmate
    inmate_release(actor=operator, inmate=inmate, released_on=days_ago(DAYS + 10))
    plan = FollowUpPlan.objects.get(inmate=inmate)
    run()
    assert anonymised() == set()
    FollowUpPlan.objects.filter(pk=plan.pk).update(
        created_at=timezone.now() - timedelta(days=DAYS + 1)
    )
    run()
    assert anonymised() == {plan.pk}


def test_reducing_the_register_first_leaves_the_plan_working_until_its_own_day(
    cohort, operator, pk_officer, bapas, system_admin
):
    """Register retention shorter than the follow-up's: the inmate's NIK and birth data go,
    his plan keeps pointing at him (name and number stay) with its notes, until its own day."""
    plan = followed(released(cohort, operator, days=500), pk_officer)
    inmate = plan.inmate
    run("--days", "450")
    inmate.refresh_from_db()
    assert inmate.personal_data_reduced_at is not None and inmate.nik == ""
    plan.refresh_from_db()
    assert plan.inmate == inmate and plan.anonymised_at is None
    assert plans_for_user(pk_officer).get(pk=plan.pk).inmate.full_name == "Ahmad Fauzi"
    report = subject_report(inmate=inmate, produced_by=system_admin)
    assert report["inmate"]["nik"] == ""
    assert [c["note"] for c in report["followup_plan"]["checkins"]] == [
        "Tinggal bersama ibunya; rajin.",
        "Bengkel tutup, mencari kerja.",
        "",
    ]
    run("--days", "450", "--followup-days", "499")
    plan.refresh_from_db()
    assert plan.inmate is None and plan.anonymised_at is not None
    inmate.refresh_from_db()
    assert inmate.full_name == "Ahmad Fauzi"  # the register row stays, as it always does
