"""The landing page of each role: a dashboard with its own cohorts underneath."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tests.helpers import login_redirect

pytestmark = pytest.mark.django_db


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == login_redirect("/")


def test_facility_home_shows_own_cohorts_and_numbers(client, operator, cohort, other_cohort):
    factories.InmateFactory.create_batch(3, facility=cohort.facility)
    factories.InmateFactory(facility=other_cohort.facility)
    client.force_login(operator)
    response = client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "reports/dashboard.html"
    assert list(response.context["cohorts"]) == [cohort]
    assert response.context["inmate_counts"] == {"active": 3, "total": 3}
    assert response.context["totals"].cohorts_running == 1
    body = response.content.decode()
    assert "Lapas Kelas IIB Lamongan" in body
    assert "Angkatan Lain" not in body


def test_instructor_home_is_kelas_saya_with_only_assigned_cohorts(
    client, instructor, other_instructor, cohort, agency, facility
):
    factories.CohortFactory(agency=agency, facility=facility, instructors=[other_instructor])
    client.force_login(instructor)
    response = client.get("/")
    assert response.templates[0].name == "reports/home_instructor.html"
    assert list(response.context["cohorts"]) == [cohort]
    assert "inmate_counts" not in response.context
    assert '<h1 class="h3">Kelas saya</h1>' in response.content.decode()


def test_agency_home_shows_agency_cohorts(client, agency_admin, cohort, other_cohort):
    client.force_login(agency_admin)
    response = client.get("/")
    assert response.templates[0].name == "reports/dashboard.html"
    assert list(response.context["cohorts"]) == [cohort]


def test_admin_home_shows_everything(client, system_admin, cohort, other_cohort):
    client.force_login(system_admin)
    response = client.get("/")
    assert response.templates[0].name == "reports/dashboard.html"
    assert set(response.context["cohorts"]) == {cohort, other_cohort}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["operator", "agency_admin", "system_admin", "kanwil"])
def test_dashboard_query_count_is_fixed_whatever_the_rows_and_the_period(
    client, request, facility, agency, role
):
    client.force_login(request.getfixturevalue(role))
    today = timezone.localdate()
    urls = ["/", f"/?dari=2020-01-01&sampai={today.year}-12-31"]
    now = {"start_date": today.replace(day=1), "end_date": today + timedelta(days=40)}
    factories.CohortFactory(facility=facility, agency=agency, **now)
    before = [count_queries(client, url) for url in urls]
    factories.CohortFactory.create_batch(3, facility=facility, agency=agency, **now)
    after = [count_queries(client, url) for url in urls]
    assert before == after
    assert len(set(after)) == 1, "a longer period takes no more queries"
    assert max(after) <= 32
