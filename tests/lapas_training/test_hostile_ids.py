"""Ids typed or posted by anybody: only ASCII digits of a sane length ever reach a query."""

import pytest
from django.urls import reverse

from lapas_training.scoping import parse_id

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "١٢", "9" * 5000, "99999999999999999999", "-1", "1.0", " 1", ""]


@pytest.mark.parametrize("value", HOSTILE)
def test_parse_id_refuses_what_is_no_id(value):
    assert parse_id(value) is None


def test_parse_id_reads_an_id():
    assert (parse_id("42"), parse_id(42)) == (42, 42)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_event_in_the_cohort_form_is_ignored(client, operator, value):
    client.force_login(operator)
    response = client.get(reverse("programs:cohort_create"), {"kegiatan": value})
    assert response.status_code == 200
    assert "event" not in response.context["form"].initial


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_agency_posted_to_the_cohort_form_is_refused_next_to_the_field(
    client, operator, value
):
    client.force_login(operator)
    response = client.post(reverse("programs:cohort_create"), {"agency": value})
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
