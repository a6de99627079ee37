"""The outcome figures counted against the exact outcome_world of ``tests/followup/outcomes.py``."""

from dataclasses import asdict
from datetime import date

import pytest

from followup.figures import PlanScope, outcome_rows, outcome_totals, release_window
from lapas_training.periods import Period
from tests.followup import outcomes
from tests.followup.outcomes import (
    AGENCY_A,
    AGENCY_B,
    CATFISH,
    FACILITY_F,
    FACILITY_G,
    NOTHING,
    SIX_TOTAL,
    TWELVE_TOTAL,
    WELDING,
    expect,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _every_group_shown(settings):
    """The counting rules on a small world: every group shown (hiding small ones: its test)."""
    settings.OUTCOME_MIN_REACHED = 1


TODAY = date(2026, 12, 1)
EVERYWHERE = PlanScope()
SEPTEMBER_2025 = Period.month(2025, 9)
MARCH_2026 = Period.month(2026, 3)
BOTH = Period(date(2025, 9, 1), date(2026, 3, 31))


def counts(milestone) -> dict:
    values = asdict(milestone)
    values.pop("months")
    values.pop("hidden_below")
    return values


def test_totals_count_each_person_once_over_those_consenting_and_reached(outcome_world):
    total = outcome_totals(PlanScope(), BOTH, today=TODAY)
    assert counts(total.m6) == SIX_TOTAL
    assert counts(total.m12) == TWELVE_TOTAL
    assert total.m6.working_percent == pytest.approx(200 / 3)
    assert total.m6.skill_percent == pytest.approx(100 / 3)
    assert total.m12.working_percent == 50
    assert total.m12.skill_percent == 0


def test_a_milestone_counts_in_the_period_of_its_due_date(outcome_world):
    september = outcome_totals(PlanScope(), SEPTEMBER_2025, today=TODAY)
    assert counts(september.m6) == SIX_TOTAL
    assert counts(september.m12) == NOTHING
    assert september.m12.working_percent is None  # no data, not 0%
    march = outcome_totals(PlanScope(), MARCH_2026, today=TODAY)
    assert counts(march.m6) == NOTHING
    assert counts(march.m12) == TWELVE_TOTAL
    august = outcome_totals(PlanScope(), Period.month(2025, 8), today=TODAY)
    assert counts(august.m6) == counts(august.m12) == NOTHING


def test_overdue_counts_only_what_has_fallen_due(outcome_world):
    before_due = outcome_totals(PlanScope(), BOTH, today=date(2026, 3, 14))
    assert before_due.m12.overdue == 0
    assert before_due.m6.overdue == 1
    on_the_day = outcome_totals(PlanScope(), BOTH, today=outcomes.TWELVE_MONTHS)
    assert on_the_day.m12.overdue == 2


def rows(by, scope=EVERYWHERE, period=BOTH):
    return {
        row.label: (counts(row.m6), counts(row.m12))
        for row in outcome_rows(scope, period, by, today=TODAY)
    }


def test_by_program_a_person_in_two_programs_counts_in_both(outcome_world):
    assert rows("program") == {"Budidaya Lele": CATFISH, "Pengelasan": WELDING}
    assert list(rows("program")) == ["Budidaya Lele", "Pengelasan"]


def test_by_agency_a_person_counts_once_per_distinct_agency(outcome_world):
    assert rows("agency") == {"BLK Mojokerto": AGENCY_B, "Disnaker Kabupaten Lamongan": AGENCY_A}


def test_by_facility_counts_where_he_was_released_from(outcome_world):
    assert rows("facility") == {
        "Lapas Kelas IIB Lamongan": FACILITY_F,
        "Lapas Kelas IIB Mojokerto": FACILITY_G,
    }
    _lamongan, mojokerto = outcome_rows(PlanScope(), BOTH, "facility", today=TODAY)
    assert mojokerto.m12.reached == 0
    assert mojokerto.m12.working_percent is None
    assert rows("province") == {
        "Jawa Timur": (counts(outcome_totals(PlanScope(), BOTH, today=TODAY).m6), TWELVE_TOTAL)
    }


def test_a_facility_counts_the_plans_released_from_it(outcome_world, other_facility):
    scope = PlanScope(facility_id=other_facility.pk)
    total = outcome_totals(scope, BOTH, today=TODAY)
    assert (counts(total.m6), counts(total.m12)) == FACILITY_G
    assert rows("program", scope) == {"Pengelasan": FACILITY_G}


def test_an_agency_counts_only_its_own_trainings(outcome_world, agency, other_agency):
    mine = PlanScope(agency_id=agency.pk)
    total = outcome_totals(mine, BOTH, today=TODAY)
    assert (counts(total.m6), counts(total.m12)) == AGENCY_A
    # Budi's catfish training was given by the other agency: not in this agency's rows.
    assert rows("program", mine) == {"Pengelasan": AGENCY_A}
    theirs = PlanScope(agency_id=other_agency.pk)
    assert rows("program", theirs) == {
        "Budidaya Lele": CATFISH,
        "Pengelasan": (
            expect(plans=3, given=2, pending=1, recorded=2, unreachable=1, reached=1),
            expect(plans=3, given=2, pending=1, overdue=1),
        ),
    }
    assert rows("facility", theirs) == {
        "Lapas Kelas IIB Lamongan": (
            expect(plans=2, given=1, refused=1, recorded=1, reached=1, working=1),
            expect(plans=2, given=1, refused=1, recorded=1, reached=1),
        ),
        "Lapas Kelas IIB Mojokerto": FACILITY_G,
    }


def test_another_province_counts_nothing(outcome_world):
    scope = PlanScope(province="Jawa Barat")
    total = outcome_totals(scope, BOTH, today=TODAY)
    assert counts(total.m6) == counts(total.m12) == NOTHING
    assert rows("program", scope) == {}
    assert rows("facility", PlanScope(province="Jawa Timur")) == rows("facility")


def test_each_figure_takes_one_query_whatever_the_rows(outcome_world, django_assert_num_queries):
    for by in ("program", "agency", "facility", "province"):
        with django_assert_num_queries(1):
            outcome_rows(PlanScope(), BOTH, by, today=TODAY)
    with django_assert_num_queries(1):
        outcome_totals(PlanScope(), BOTH, today=TODAY)


@pytest.mark.parametrize(
    ("period", "months", "window"),
    [
        (Period.month(2025, 9), 6, (date(2025, 3, 1), date(2025, 3, 31))),
        # 29-31 August fall due on 28 February, the last day of the month.
        (Period.month(2026, 2), 6, (date(2025, 8, 1), date(2025, 8, 31))),
        (Period(date(2026, 2, 28), date(2026, 3, 1)), 6, (date(2025, 8, 28), date(2025, 9, 1))),
        (Period(date(2026, 3, 1), date(2026, 3, 31)), 6, (date(2025, 9, 1), date(2025, 9, 30))),
        (Period(date(2025, 4, 30), date(2025, 4, 30)), 6, (date(2024, 10, 30), date(2024, 10, 31))),
        (Period.year(2026), 12, (date(2025, 1, 1), date(2025, 12, 31))),
        (Period.month(2028, 2), 12, (date(2027, 2, 1), date(2027, 2, 28))),
    ],
)
def test_the_release_window_is_every_day_whose_milestone_is_in_the_period(period, months, window):
    assert release_window(period, months) == window


def test_a_group_with_fewer_reached_than_the_minimum_shows_no_working_or_skill_figure(
    outcome_world, settings
):
    """Three reached at 6 months, two at 12: with the default minimum of three, "1 of 2
    working" is not given, the context is."""
    settings.OUTCOME_MIN_REACHED = 3
    total = outcome_totals(PlanScope(), BOTH, today=TODAY)
    assert (total.m6.hidden, total.m6.working, total.m6.uses_skill) == (False, 2, 1)
    assert total.m12.hidden and total.m12.hidden_below == 3
    assert (total.m12.working, total.m12.uses_skill) == (None, None)
    assert (total.m12.working_percent, total.m12.skill_percent) == (None, None)
    assert (total.m12.plans, total.m12.reached) == (TWELVE_TOTAL["plans"], 2)
    # The same in every row: a program with a single person reached says nothing of him.
    for row in outcome_rows(PlanScope(), BOTH, "program", today=TODAY):
        for milestone in row.milestones.values():
            assert milestone.hidden == (0 < milestone.reached < 3)
            assert (milestone.working is None) == milestone.hidden
