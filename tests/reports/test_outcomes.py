"""The outcomes after release in the dashboards and the monthly report: who counts where.

The outcome_world is ``tests/followup/outcomes.py``; its figures by program, agency and facility are
checked in ``tests/followup/test_figures.py``. Here: each reader's scope, the page and the
monthly report (PDF and XLSX), and the number of queries.
"""

import io
from dataclasses import asdict
from datetime import date

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lapas_training.periods import Period
from reports.selectors import report_scope
from reports.selectors.outcomes import outcome_figures
from tests.followup.helpers import released_graduate
from tests.followup.outcomes import (
    AGENCY_A,
    AGENCY_B,
    CATFISH,
    FACILITY_F,
    FACILITY_G,
    NOTHING,
    RELEASED,
    SIX_TOTAL,
    TWELVE_TOTAL,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _every_group_shown(settings):
    """The counting rules on a small world: every group shown (hiding small ones: its test)."""
    settings.OUTCOME_MIN_REACHED = 1


BOTH = "/?dari=2025-09-01&sampai=2026-03-31"
WELDING_AT_F = AGENCY_A  # Ahmad, Budi, Dedi and Hadi: the welding cohort of agency A at F
CATFISH_AT_F = CATFISH  # Budi and Candra


def pair(row) -> tuple[dict, dict]:
    return tuple(
        {k: v for k, v in asdict(m).items() if k not in {"months", "hidden_below"}}
        for m in (row.m6, row.m12)
    )


def figures(client, user, url=BOTH):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    found = response.context["outcomes"]
    return (
        pair(found.totals),
        {row.label: pair(row) for row in found.programs},
        {row.label: pair(row) for row in found.breakdown},
    )


LAMONGAN, MOJOKERTO = "Lapas Kelas IIB Lamongan", "Lapas Kelas IIB Mojokerto"
DISNAKER, BLK = "Disnaker Kabupaten Lamongan", "BLK Mojokerto"
EVERYONE = (SIX_TOTAL, TWELVE_TOTAL)


def test_facility_staff_count_the_people_released_from_their_facility(client, outcome_world, head):
    totals, programs, agencies = figures(client, head)
    assert totals == FACILITY_F
    assert programs == {"Budidaya Lele": CATFISH_AT_F, "Pengelasan": WELDING_AT_F}
    # A facility's report breaks down by agency: Budi counts under both, once in the totals.
    assert agencies == {BLK: CATFISH_AT_F, DISNAKER: WELDING_AT_F}


def test_another_facility_does_not_count_our_plans(client, outcome_world, other_operator):
    totals, programs, agencies = figures(client, other_operator)
    assert totals == FACILITY_G
    assert programs == {"Pengelasan": FACILITY_G}
    assert agencies == {BLK: FACILITY_G}


def test_an_agency_counts_the_people_it_trained(
    client, outcome_world, agency_admin, other_agency_admin, other_facility
):
    totals, programs, facilities = figures(client, agency_admin)
    assert totals == AGENCY_A
    assert programs == {"Pengelasan": AGENCY_A}
    assert facilities == {LAMONGAN: AGENCY_A}
    totals, programs, facilities = figures(client, other_agency_admin)
    assert totals == AGENCY_B
    assert set(programs) == {"Budidaya Lele", "Pengelasan"}
    assert facilities[MOJOKERTO] == FACILITY_G
    # Narrowed to a facility: of its people, those released from there.
    narrowed, programs, _facilities = figures(
        client, other_agency_admin, f"{BOTH}&upt={other_facility.pk}"
    )
    assert narrowed == FACILITY_G
    assert programs == {"Pengelasan": FACILITY_G}


def test_the_regional_office_counts_its_province_and_another_sees_none(
    client, outcome_world, kanwil, other_kanwil, other_facility
):
    totals, _programs, facilities = figures(client, kanwil)
    assert totals == EVERYONE
    assert facilities == {LAMONGAN: FACILITY_F, MOJOKERTO: FACILITY_G}
    narrowed, _programs, _agencies = figures(client, kanwil, f"{BOTH}&upt={other_facility.pk}")
    assert narrowed == FACILITY_G
    assert figures(client, other_kanwil) == ((NOTHING, NOTHING), {}, {})


def test_the_national_view_breaks_down_by_province(client, outcome_world, system_admin):
    totals, programs, provinces = figures(client, system_admin)
    assert totals == EVERYONE
    assert set(programs) == {"Budidaya Lele", "Pengelasan"}
    assert provinces == {"Jawa Timur": EVERYONE}


def test_the_dashboard_shows_each_share_with_its_denominator(client, outcome_world, system_admin):
    client.force_login(system_admin)
    body = client.get(BOTH).content.decode()
    assert '<h2 class="h5" id="outcomes">Hasil setelah bebas</h2>' in body
    assert '<div class="stat-value" id="stat-working-6">66,7%</div>' in body
    assert '<div class="small mt-1">2 dari 3 yang dapat dihubungi</div>' in body
    assert '<div class="stat-value" id="stat-skill-12">0,0%</div>' in body
    assert '<div class="small mt-1">0 dari 2 yang dapat dihubungi</div>' in body
    assert 'id="table-outcome-programs"' in body
    assert 'id="table-outcome-breakdown"' in body


def test_no_one_reached_is_no_data_not_zero_percent(client, outcome_world, other_operator):
    client.force_login(other_operator)
    # Mojokerto at 12 months: two consented, nobody recorded yet.
    body = client.get(BOTH).content.decode()
    no_data = '<span class="fs-5 text-body-secondary">belum ada data</span>'
    assert f'<div class="stat-value" id="stat-working-12">{no_data}</div>' in body
    assert f'<div class="stat-value" id="stat-skill-12">{no_data}</div>' in body
    assert '<div class="stat-value" id="stat-working-6">0,0%</div>' in body  # 0 of 1 reached
    assert body.count("belum ada data") == 2 + 2 * 2  # two cards, two table rows of two cells


def test_a_period_without_milestones_says_so(client, outcome_world, head):
    client.force_login(head)
    response = client.get("/?dari=2025-01-01&sampai=2025-08-31")
    assert pair(response.context["outcomes"].totals) == (NOTHING, NOTHING)
    body = response.content.decode()
    assert 'id="outcomes-empty"' in body
    assert 'id="table-outcome-programs"' not in body
    assert "0,0%" not in body.split('id="outcomes"')[1]


def test_the_monthly_report_counts_the_milestones_due_in_its_month(client, outcome_world, head):
    client.force_login(head)
    response = client.get(reverse("reports:monthly_pdf") + "?bulan=2025-09")
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    assert "D. Hasil setelah bebas (tindak lanjut Bapas)" in text
    # Lamongan in September 2025: the 6-month contacts; no 12-month one falls due then.
    assert "6 bulan 5 3 1 1 0 2 0 1 2 2 (100,0%) 1 (50,0%)" in text
    assert "12 bulan 0 0 0 0 0 0 0 0 0 belum ada data belum ada data" in text
    assert "Pengelasan 2 2 (100,0%) 1 (50,0%) 0 belum ada data belum ada data" in text
    assert "Budidaya Lele 1 1 (100,0%) 0 (0,0%) 0 belum ada data belum ada data" in text
    assert "E. Indikator kinerja (LKjIP) tahun 2025" in text


def test_the_monthly_workbook_has_the_outcomes(client, outcome_world, kanwil):
    client.force_login(kanwil)
    response = client.get(reverse("reports:monthly_xlsx") + "?bulan=2026-03")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Hasil setelah bebas"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["kelompok", "nama", "bulan_setelah_bebas", "lulusan_bebas"]
    six, twelve = rows[1], rows[2]
    assert six[:4] == ["jumlah", "Jumlah", 6, 0]
    assert six[13] is None  # no share without anyone reached: an empty cell, not 0
    assert twelve == [
        "jumlah",
        "Jumlah",
        12,
        *(TWELVE_TOTAL[k] for k in ("plans", "given", "refused", "withdrawn", "pending")),
        *(TWELVE_TOTAL[k] for k in ("recorded", "unreachable", "overdue", "reached", "working")),
        50,
        0,
        0,
    ]
    assert [r[1] for r in rows if r[0] == "facility" and r[2] == 12] == [LAMONGAN, MOJOKERTO]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["head", "agency_admin", "kanwil", "system_admin"])
def test_the_dashboard_takes_as_many_queries_for_one_plan_as_for_eight(
    client, request, role, cohort, instructor, operator
):
    client.force_login(request.getfixturevalue(role))
    released_graduate(cohort=cohort, instructor=instructor, operator=operator, on=RELEASED)
    one = count_queries(client, BOTH)
    request.getfixturevalue("outcome_world")
    assert count_queries(client, BOTH) == one


@pytest.mark.parametrize("role", ["head", "agency_admin", "kanwil", "system_admin"])
def test_the_outcomes_take_three_queries(outcome_world, request, role, django_assert_num_queries):
    scope = report_scope(user=request.getfixturevalue(role))
    with django_assert_num_queries(3):  # the totals, by program, by the scope's breakdown
        found = outcome_figures(scope, Period(date(2025, 9, 1), date(2026, 3, 31)))
    assert found.programs != []
