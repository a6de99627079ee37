"""The rows of the register list: what each shows, for an operator and a system administrator.

The page looks up once what every row repeats (labels, the administrator check) and joins the
facility only for the one list that shows it (README: performance notes).
"""

import re

import pytest
from django.urls import reverse

from inmates.models import Inmate
from tests import factories

pytestmark = pytest.mark.django_db


def test_status_label_is_the_status_in_words():
    for value, label in Inmate.Status.choices:
        inmate = Inmate(status=value)
        assert inmate.status_label == inmate.get_status_display() == label
    assert Inmate(status="unknown").status_label == "unknown"


def test_operator_rows_show_status_in_words_and_cell_labels(client, operator, facility):
    for number, status in enumerate(Inmate.Status.values):
        factories.InmateFactory(
            facility=facility, status=status, full_name=f"Warga {number}", nik=""
        )
    client.force_login(operator)
    body = client.get(reverse("inmates:list")).content.decode()
    rows = re.findall(r"<tr>\s*(<td.*?)</tr>", body, flags=re.S)
    assert len(rows) == len(Inmate.Status.values)
    for row in rows:
        labels = re.findall(r'data-label="([^"]*)"', row)
        # No facility column for a facility's own staff.
        assert labels == ["No. registrasi", "Nama", "NIK", "Tanggal bebas", "Status"]
        pk = re.search(r'href="/wbp/(\d+)/"', row).group(1)
        inmate = Inmate.objects.get(pk=pk)
        assert f">{inmate.get_status_display()}</td>" in row


def test_system_admin_rows_show_each_facility_in_fixed_queries(
    client, system_admin, facility, other_facility, django_assert_num_queries
):
    factories.InmateFactory(facility=facility, full_name="Ahmad Fauzi")
    factories.InmateFactory(facility=other_facility, full_name="Budi Hartono")
    client.force_login(system_admin)
    url = reverse("inmates:list")
    client.get(url)
    # The same queries as for an operator's list (tests/inmates/test_register.py) and the
    # second-factor device: the facility comes with each inmate, not one query per row.
    with django_assert_num_queries(6):
        body = client.get(url).content.decode()
    rows = re.findall(r"<tr>\s*(<td.*?)</tr>", body, flags=re.S)
    assert len(rows) == 2
    for row, name in zip(rows, [facility.name, other_facility.name], strict=True):
        assert f'<td data-label="UPT">{name}</td>' in row
