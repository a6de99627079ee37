"""Cohort list and detail with three users: one who may, one from elsewhere, and nobody."""

from datetime import date

import pytest
from django.urls import reverse

from programs.models import Cohort
from tests import factories
from tests.helpers import assert_same_as_missing, login_redirect

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role_fixture", ["operator", "head", "agency_admin", "instructor"])
def test_cohort_detail_allowed(client, request, role_fixture, cohort):
    enrollment = factories.EnrollmentFactory(cohort=cohort)
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get(reverse("programs:cohort_detail", args=[cohort.pk]))
    assert response.status_code == 200
    assert response.context["cohort"] == cohort
    assert response.context["participants"] == [enrollment]


@pytest.mark.parametrize(
    "role_fixture",
    ["other_operator", "other_agency_admin", "other_instructor", "foreign_instructor"],
)
def test_cohort_detail_is_404_for_outsiders(client, request, role_fixture, cohort):
    factories.EnrollmentFactory(cohort=cohort, inmate__full_name="Rahasia Tersimpan")
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get(reverse("programs:cohort_detail", args=[cohort.pk]))
    assert_same_as_missing(client, response, reverse("programs:cohort_detail", args=[999_999]))
    assert "Rahasia Tersimpan" not in response.content.decode()


def test_instructor_moved_to_another_agency_loses_the_cohort(
    client, instructor, cohort, other_agency
):
    instructor.agency = other_agency
    instructor.save()
    client.force_login(instructor)
    response = client.get(reverse("programs:cohort_detail", args=[cohort.pk]))
    assert_same_as_missing(client, response, reverse("programs:cohort_detail", args=[99999]))


def test_cohort_detail_anonymous_redirects(client, cohort):
    url = reverse("programs:cohort_detail", args=[cohort.pk])
    assert client.get(url)["Location"] == login_redirect(url)


def test_instructor_sees_names_and_numbers_but_no_sensitive_data(client, instructor, cohort):
    inmate = factories.InmateFactory(
        facility=cohort.facility,
        full_name="Slamet Widodo",
        registration_number="BI.0042/2025",
        nik="3524019876543210",
        birth_place="Tuban",
        birth_date=date(1987, 4, 3),
        expected_release_date=date(2031, 2, 14),
    )
    factories.EnrollmentFactory(cohort=cohort, inmate=inmate)
    client.force_login(instructor)
    body = client.get(reverse("programs:cohort_detail", args=[cohort.pk])).content.decode()
    assert "Slamet Widodo" in body
    assert "BI.0042/2025" in body
    for secret in ("3524019876543210", "3210", "Tuban", "1987", "2031", "Februari"):
        assert secret not in body


def test_cohort_list_three_users(client, operator, other_operator, cohort):
    url = reverse("programs:cohort_list")
    client.force_login(operator)
    assert list(client.get(url).context["page"]) == [cohort]
    client.force_login(other_operator)
    response = client.get(url)
    assert list(response.context["page"]) == []
    assert cohort.name not in response.content.decode()
    client.logout()
    assert client.get(url)["Location"] == login_redirect(url)


def test_cohort_list_filters_by_status_and_search(client, operator, cohort, facility, agency):
    planned = factories.CohortFactory(
        facility=facility, agency=agency, status=Cohort.Status.PLANNED, name="Angkatan II"
    )
    client.force_login(operator)
    url = reverse("programs:cohort_list")
    assert list(client.get(url, {"status": "planned"}).context["page"]) == [planned]
    assert list(client.get(url, {"q": "angkatan ii"}).context["page"]) == [planned]


@pytest.mark.parametrize("rows", [1, 3])
def test_cohort_list_query_count_is_fixed(
    client, operator, facility, agency, rows, django_assert_num_queries
):
    for _ in range(rows):
        cohort = factories.CohortFactory(facility=facility, agency=agency)
        factories.EnrollmentFactory.create_batch(2, cohort=cohort)
    client.force_login(operator)
    with django_assert_num_queries(4):
        response = client.get(reverse("programs:cohort_list"))
    assert [c.participant_count for c in response.context["page"]] == [2] * rows


@pytest.mark.parametrize("rows", [1, 3])
def test_cohort_detail_query_count_is_fixed(
    client, operator, cohort, rows, django_assert_num_queries
):
    factories.EnrollmentFactory.create_batch(rows, cohort=cohort)
    factories.SessionFactory.create_batch(rows, cohort=cohort)
    client.force_login(operator)
    # session, user, cohort, participants, sessions, JP sums, instructors
    with django_assert_num_queries(7):
        response = client.get(reverse("programs:cohort_detail", args=[cohort.pk]))
    assert len(response.context["participants"]) == rows
