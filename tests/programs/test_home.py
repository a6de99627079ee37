"""The landing page of each role."""

import pytest

from lapas_training.models import Role
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
    assert response.templates[0].name == "programs/home_facility.html"
    assert list(response.context["cohorts"]) == [cohort]
    assert response.context["inmate_counts"] == {"active": 3, "total": 3}
    assert response.context["status_counts"] == {"planned": 0, "running": 1, "closed": 0}
    body = response.content.decode()
    assert "Lapas Kelas IIB Lamongan" in body
    assert "Angkatan Lain" not in body


def test_instructor_home_is_kelas_saya_with_only_assigned_cohorts(
    client, instructor, other_instructor, cohort, agency, facility
):
    factories.CohortFactory(agency=agency, facility=facility, instructors=[other_instructor])
    client.force_login(instructor)
    response = client.get("/")
    assert response.templates[0].name == "programs/home_instructor.html"
    assert list(response.context["cohorts"]) == [cohort]
    assert "inmate_counts" not in response.context
    assert '<h1 class="h3">Kelas saya</h1>' in response.content.decode()


def test_agency_home_shows_agency_cohorts(client, agency_admin, cohort, other_cohort):
    client.force_login(agency_admin)
    response = client.get("/")
    assert response.templates[0].name == "programs/home_agency.html"
    assert list(response.context["cohorts"]) == [cohort]


def test_admin_home_shows_everything(client, system_admin, cohort, other_cohort):
    client.force_login(system_admin)
    response = client.get("/")
    assert response.templates[0].name == "programs/home_admin.html"
    assert set(response.context["cohorts"]) == {cohort, other_cohort}


@pytest.mark.parametrize("rows", [1, 3])
def test_home_query_count_is_fixed(
    client, operator, facility, agency, rows, django_assert_num_queries
):
    factories.CohortFactory.create_batch(rows, facility=facility, agency=agency)
    client.force_login(operator)
    # session, user, cohorts, sessions due today, sessions waiting, sessions held, attendance
    # marks, status counts, inmate counts
    with django_assert_num_queries(9):
        response = client.get("/")
    assert len(response.context["cohorts"]) == rows


def test_roles_are_all_covered_by_a_home_template():
    from programs.views.home import HOME_TEMPLATES

    assert set(HOME_TEMPLATES) == set(Role.values)
