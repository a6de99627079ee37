"""The counting rules against a small world whose every figure is known (tests/reports/fixtures)."""

from datetime import date

import pytest
from django.utils import timezone

from lapas_training.periods import Period
from reports.selectors import figure_rows, report_scope, totals
from tests import factories
from tests.reports import fixtures

pytestmark = pytest.mark.django_db

SEPTEMBER = Period.month(2025, 9)


@pytest.fixture
def far_facility(db):
    return factories.FacilityFactory(name="Lapas Kelas IIA Bandung", province="Jawa Barat")


@pytest.fixture
def world(facility, far_facility, agency, operator):
    return fixtures.build(facility, far_facility, agency, operator)


def figures(row) -> dict:
    names = [
        "cohorts",
        "participants",
        "withdrawn",
        "active",
        "finished",
        "competent",
        "not_yet_competent",
        "certificates",
        "revoked",
        "handed_over",
        "sessions_held",
        "hours_delivered",
        "marks",
        "present",
    ]
    return {name: getattr(row, name) for name in names}


SEPTEMBER_LAMONGAN = {
    "cohorts": 3,  # c1 closed, c2 running, c3 reopened; not the planned or cancelled ones
    "participants": 7,
    "withdrawn": 2,
    "active": 1,
    "finished": 3,  # c1's three who completed; the reopened c3's participant is not finished
    "competent": 2,
    "not_yet_competent": 1,
    "certificates": 1,  # the reissue in force; not the one it superseded, not the revoked one
    "revoked": 1,
    "handed_over": 1,  # the revoked certificate was on the list, but no longer counts
    "sessions_held": 2,  # August's session and the one not held are outside the figure
    "hours_delivered": 2 + 2,
    "marks": 5,
    "present": 4,
}


def test_a_facility_month_counts_by_the_written_rules(world, operator):
    result = totals(report_scope(user=operator), SEPTEMBER)
    assert figures(result) == SEPTEMBER_LAMONGAN
    assert result.withdrawn_reasons == {"released": 1, "discipline": 1}
    assert result.attendance_percent == 80
    assert (result.cohorts_running, result.inmates_in_training) == (2, 1)


def test_the_regional_office_counts_its_province_and_the_transferred_inmate_stays(
    world, kanwil, other_kanwil
):
    # The transferred participant's training still belongs to the facility that held it.
    assert figures(totals(report_scope(user=kanwil), SEPTEMBER)) == SEPTEMBER_LAMONGAN
    far = totals(report_scope(user=other_kanwil), SEPTEMBER)
    assert (far.cohorts, far.participants, far.finished, far.competent) == (1, 1, 1, 1)


def test_rows_by_program_add_up_to_the_totals(world, system_admin):
    scope = report_scope(user=system_admin)
    rows = figure_rows(scope, SEPTEMBER, "program")
    assert [row.label for row in rows] == ["Budidaya Lele", "Pengelasan"]
    catfish, welding = rows
    assert (catfish.cohorts, catfish.participants, catfish.withdrawn, catfish.active) == (
        1,
        2,
        1,
        1,
    )
    assert (welding.cohorts, welding.participants, welding.finished) == (3, 6, 4)
    everything = totals(scope, SEPTEMBER)
    for name in ("participants", "finished", "competent", "certificates", "hours_delivered"):
        assert sum(getattr(row, name) for row in rows) == getattr(everything, name), name


def test_a_cohort_spanning_two_years_counts_in_both(world, operator):
    scope = report_scope(user=operator)
    december = totals(scope, Period.month(2025, 12))
    january = totals(scope, Period.month(2026, 1))
    assert (december.cohorts, december.participants) == (1, 2)
    assert (january.cohorts, january.participants) == (1, 2)
    across = totals(scope, Period(date(2025, 12, 1), date(2026, 1, 31)))
    assert across.participants == 2  # counted once, not once a year


def test_a_ceremony_still_to_come_has_handed_nothing_over(world, operator, agency, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 9, 14))
    assert totals(report_scope(user=operator), SEPTEMBER).handed_over == 0


def test_each_facility_and_agency_counts_only_its_own(world, other_operator, other_agency_admin):
    assert totals(report_scope(user=other_operator), SEPTEMBER).participants == 0
    assert totals(report_scope(user=other_agency_admin), SEPTEMBER).participants == 0


def test_a_withdrawal_counts_in_the_month_the_participant_left(world, operator):
    from programs.models import Enrollment

    fajar = Enrollment.objects.get(inmate__full_name="Fajar")
    fajar.withdrawn_at = fixtures.at(date(2025, 10, 2))
    fajar.save()
    scope = report_scope(user=operator)
    september = totals(scope, SEPTEMBER)
    assert (september.withdrawn, september.withdrawn_reasons) == (1, {"released": 1})
    assert september.participants == 7  # he still took part in September
    assert totals(scope, Period.month(2025, 10)).withdrawn_reasons == {"discipline": 1}


def test_a_certificate_corrected_after_its_handover_stays_handed_over(world, operator, agency):
    from certificates.models import Certificate

    valid = Certificate.objects.get(enrollment=world["e1"], status="valid")
    valid.status = "superseded"
    valid.save()
    valid.superseded_by = fixtures.certificate(world["e1"], issued=date(2025, 10, 5))
    valid.save()
    scope = report_scope(user=operator)
    assert totals(scope, SEPTEMBER).handed_over == 1
    assert totals(scope, SEPTEMBER).certificates == 0  # the one in force is October's
    assert totals(scope, Period.month(2025, 10)).certificates == 1
