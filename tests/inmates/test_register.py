"""The inmate register with three users: one who may, one of another Lapas, and nobody."""

import pytest
from django.urls import reverse

from tests import factories
from tests.helpers import assert_same_as_missing, login_redirect

pytestmark = pytest.mark.django_db


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
        assert_same_as_missing(client, client.get(reverse("inmates:list")))


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
    response = client.get(reverse("inmates:detail", args=[enrollment.inmate.pk]))
    assert_same_as_missing(client, response, reverse("inmates:detail", args=[99999]))


def test_inmate_detail_shows_training_history(client, operator, cohort):
    enrollment = factories.EnrollmentFactory(cohort=cohort)
    client.force_login(operator)
    response = client.get(reverse("inmates:detail", args=[enrollment.inmate.pk]))
    assert list(response.context["history"]) == [enrollment]
    assert cohort.program.name in response.content.decode()
