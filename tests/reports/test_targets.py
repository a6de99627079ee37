"""The facility's LKjIP indicator: inmates with certified training in the year against target."""

import io
from datetime import date

import pypdf
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inmates.models import TrainingTarget
from lapas_training.models import AuditEvent
from tests import factories
from tests.reports import fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(facility, other_facility, agency, operator):
    return fixtures.build(facility, other_facility, agency, operator)


def test_the_head_sets_the_target_and_sees_the_achievement(client, world, head, facility):
    client.force_login(head)
    url = reverse("inmates:training_target")
    refused = client.post(url, {"year": 2025, "inmates": 0})
    assert "Pastikan nilai ini lebih besar dari atau sama dengan 1." in refused.content.decode()
    assert not TrainingTarget.objects.exists()
    assert client.post(url, {"year": 2025, "inmates": 4}).status_code == 302
    assert client.post(url, {"year": 2025, "inmates": 2}).status_code == 302
    assert TrainingTarget.objects.get().inmates == 2
    event = AuditEvent.objects.filter(action="training_target.set").first()
    assert (event.data["before"], event.data["after"]) == (4, 2)
    page = client.get("/?dari=2025-09-01&sampai=2025-09-30").content.decode()
    table = page.split('id="table-indicator"')[1].split("</table>")[0]
    # One inmate (Ahmad) holds a certificate in force from 2025; Dedi's was revoked.
    assert '<td class="text-end">1</td>' in table and "50,0%" in table
    assert "Tetapkan target" in page


def test_only_the_head_of_the_facility_sets_it(client, operator, system_admin):
    for user in (operator, system_admin):
        client.force_login(user)
        assert client.get(reverse("inmates:training_target")).status_code == 404


def test_the_regional_office_sees_each_facility_and_the_report_prints_it(
    client, world, kanwil, facility, head
):
    TrainingTarget.objects.create(facility=facility, year=2025, inmates=4, set_by=head)
    client.force_login(kanwil)
    page = client.get("/?dari=2025-09-01&sampai=2025-09-30").content.decode()
    table = page.split('id="table-indicator"')[1].split("</table>")[0]
    assert "Lapas Kelas IIB Lamongan" in table and "Lapas Kelas IIB Mojokerto" in table
    assert "25,0%" in table and "Tetapkan target" not in page
    pdf = client.get(reverse("reports:monthly_pdf") + "?bulan=2025-09")
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Indikator kinerja (LKjIP) tahun 2025" in text and "25,0%" in text
    xlsx = client.get(reverse("reports:monthly_xlsx") + "?bulan=2025-09")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))["Indikator kinerja"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Lapas Kelas IIB Lamongan"] == (2025, 1, 4, 25.0)


def test_an_inmate_certified_twice_in_a_year_counts_once(client, world, head, agency, operator):
    second = factories.CohortFactory(
        facility=world["c1"].facility,
        agency=agency,
        start_date=date(2025, 10, 1),
        end_date=date(2025, 10, 31),
        status="closed",
        created_by=operator,
    )
    again = factories.EnrollmentFactory(
        cohort=second, inmate=world["e1"].inmate, enrolled_by=operator, status="completed"
    )
    fixtures.certificate(again, issued=date(2025, 11, 1))
    client.force_login(head)
    page = client.get("/?dari=2025-01-01&sampai=2025-12-31").content.decode()
    table = page.split('id="table-indicator"')[1].split("</table>")[0]
    assert '<td class="text-end">1</td>' in table
