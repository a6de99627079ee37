"""Every page with three users: one who may, one from another Lapas or agency, and nobody."""

from datetime import date

import pytest
from django.urls import reverse

from lapas_training.models import Role
from programs.models import Cohort
from tests import factories
from tests.helpers import assert_same_as_missing

pytestmark = pytest.mark.django_db


def login_redirect(path):
    return f"/akun/masuk/?next={path}"


# --- home pages -------------------------------------------------------------------------------


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


# --- inmate register --------------------------------------------------------------------------


def test_inmate_list_three_users(client, operator, other_operator, facility):
    inmate = factories.InmateFactory(facility=facility, full_name="Ahmad Fauzi")
    url = reverse("inmates:list")

    client.force_login(operator)
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["page"]) == [inmate]

    client.force_login(other_operator)
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["page"]) == []
    assert "Ahmad Fauzi" not in response.content.decode()

    client.logout()
    assert client.get(url)["Location"] == login_redirect(url)


def test_inmate_list_is_404_for_agency_users(client, agency_admin, instructor, facility):
    factories.InmateFactory(facility=facility)
    for user in (agency_admin, instructor):
        client.force_login(user)
        assert client.get(reverse("inmates:list")).status_code == 404


def test_inmate_list_masks_nik(client, operator, facility):
    factories.InmateFactory(facility=facility, nik="3524011234567890")
    client.force_login(operator)
    body = client.get(reverse("inmates:list")).content.decode()
    assert "••••••••••••7890" in body
    assert "3524011234567890" not in body


def test_inmate_list_searches_by_name_and_registration_number(client, operator, facility):
    ahmad = factories.InmateFactory(
        facility=facility, full_name="Ahmad Fauzi", registration_number="BI.0007/2025"
    )
    budi = factories.InmateFactory(
        facility=facility, full_name="Budi Hartono", registration_number="BI.0100/2025"
    )
    client.force_login(operator)
    url = reverse("inmates:list")
    assert list(client.get(url, {"q": "fauzi"}).context["page"]) == [ahmad]
    assert list(client.get(url, {"q": "0100"}).context["page"]) == [budi]
    assert list(client.get(url, {"sort": "-name"}).context["page"]) == [budi, ahmad]


@pytest.mark.parametrize("rows", [1, 3])
def test_inmate_list_query_count_is_fixed(
    client, operator, facility, rows, django_assert_num_queries
):
    factories.InmateFactory.create_batch(rows, facility=facility)
    client.force_login(operator)
    # session, user, count, page, training fields of the interest filter
    with django_assert_num_queries(5):
        response = client.get(reverse("inmates:list"))
    assert len(response.context["page"]) == rows


def test_inmate_detail_three_users(client, operator, other_operator, facility):
    inmate = factories.InmateFactory(facility=facility, nik="3524011234567890")
    url = reverse("inmates:detail", args=[inmate.pk])

    client.force_login(operator)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["inmate"] == inmate
    assert '<dd class="col-7 font-monospace" id="inmate-nik">3524011234567890</dd>' in (
        response.content.decode()
    )

    client.force_login(other_operator)
    response = client.get(url)
    assert_same_as_missing(client, response, reverse("inmates:detail", args=[999_999]))
    assert "3524011234567890" not in response.content.decode()

    client.logout()
    assert client.get(url)["Location"] == login_redirect(url)


def test_inmate_detail_is_404_for_instructor_of_his_cohort(client, instructor, cohort):
    enrollment = factories.EnrollmentFactory(cohort=cohort)
    client.force_login(instructor)
    assert client.get(reverse("inmates:detail", args=[enrollment.inmate.pk])).status_code == 404


def test_inmate_detail_shows_training_history(client, operator, cohort):
    enrollment = factories.EnrollmentFactory(cohort=cohort)
    client.force_login(operator)
    response = client.get(reverse("inmates:detail", args=[enrollment.inmate.pk]))
    assert list(response.context["history"]) == [enrollment]
    assert cohort.program.name in response.content.decode()


# --- cohorts ----------------------------------------------------------------------------------


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
    assert client.get(reverse("programs:cohort_detail", args=[cohort.pk])).status_code == 404


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
def test_home_query_count_is_fixed(
    client, operator, facility, agency, rows, django_assert_num_queries
):
    factories.CohortFactory.create_batch(rows, facility=facility, agency=agency)
    client.force_login(operator)
    # session, user, cohorts, sessions held, attendance marks, status counts, inmate counts
    with django_assert_num_queries(7):
        response = client.get("/")
    assert len(response.context["cohorts"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_cohort_detail_query_count_is_fixed(
    client, operator, cohort, rows, django_assert_num_queries
):
    factories.EnrollmentFactory.create_batch(rows, cohort=cohort)
    factories.SessionFactory.create_batch(rows, cohort=cohort)
    client.force_login(operator)
    with django_assert_num_queries(6):
        response = client.get(reverse("programs:cohort_detail", args=[cohort.pk]))
    assert len(response.context["participants"]) == rows


def test_navigation_follows_the_role(client, operator, instructor, system_admin):
    client.force_login(operator)
    body = client.get("/").content.decode()
    assert "Register WBP" in body
    assert 'href="/admin/"' not in body
    client.force_login(instructor)
    body = client.get("/").content.decode()
    assert "Register WBP" not in body
    client.force_login(system_admin)
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_language_switcher_turns_the_page_english(client, operator):
    client.force_login(operator)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Inmate register" in body


def test_unknown_page_is_a_404_in_indonesian(client, operator):
    client.force_login(operator)
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_roles_are_all_covered_by_a_home_template():
    from programs.views import HOME_TEMPLATES

    assert set(HOME_TEMPLATES) == set(Role.values)


def test_indonesian_is_the_default_whatever_the_browser_says(client, operator):
    client.force_login(operator)
    body = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="id">' in body
    assert "Register WBP" in body
