"""The semester report card: the predicate rules, and one page per participant of the facility."""

import io

import pypdf
import pytest
from django.urls import reverse

from lapas_training.models import AuditEvent
from reports.selectors.report_cards import overall, predicate
from tests.reports import fixtures


@pytest.mark.parametrize(
    "attendance, result, withdrawn, expected",
    [
        (95, "K", False, "Sangat baik"),
        (90, "K", False, "Sangat baik"),
        (89.9, "K", False, "Baik"),
        (75, "", False, "Baik"),
        (74, "K", False, "Cukup"),
        (59, "K", False, "Perlu bimbingan"),
        (95, "BK", False, "Cukup"),
        (59, "BK", False, "Perlu bimbingan"),
        (95, "K", True, ""),
        (None, "", False, ""),
    ],
)
def test_the_predicate_of_one_training(attendance, result, withdrawn, expected):
    assert predicate(attendance=attendance, result=result, withdrawn=withdrawn) == expected


def test_the_semester_predicate_is_the_rounded_average():
    assert overall(["Sangat baik", "Baik"]) == "Sangat baik"  # 3.5 rounds half up
    assert overall(["Sangat baik", "Cukup", "Cukup"]) == "Baik"  # 2.67
    assert overall(["", "Perlu bimbingan"]) == "Perlu bimbingan"
    assert overall(["", ""]) == ""


@pytest.fixture
def world(facility, other_facility, agency, operator):
    return fixtures.build(facility, other_facility, agency, operator)


def pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.django_db
def test_a_facility_prints_one_page_per_participant_of_the_semester(client, world, head):
    client.force_login(head)
    printed = pages(client.get(reverse("reports:report_cards") + "?semester=2025-2"))
    # Seven participants in the cohorts that ran from July to December (c1, c2, c3).
    names = [text.split("Nama : ")[1].split(" Nomor")[0] for text in printed]
    assert names == ["Ahmad", "Budi", "Candra", "Dedi", "Eko", "Fajar", "Gilang"]
    ahmad = printed[0]
    assert "RAPOR PEMBINAAN KEMANDIRIAN" in ahmad and "Semester II (Juli–Desember) 2025" in ahmad
    assert "50,0% (1/2 sesi)" in ahmad and "Kompeten (K)" in ahmad
    assert "Predikat semester: PERLU BIMBINGAN" in ahmad
    assert "Keluar: Bebas" in printed[2]
    assert "3524" not in "".join(printed)  # no NIK
    event = AuditEvent.objects.get(action="report.report_cards_printed")
    assert event.data["cards"] == 7


@pytest.mark.django_db
def test_a_cohort_prints_its_own_and_other_facilities_cohorts_are_refused(
    client, world, operator, other_operator
):
    client.force_login(operator)
    url = reverse("reports:report_cards") + f"?semester=2025-2&angkatan={world['c2'].pk}"
    assert len(pages(client.get(url))) == 2
    client.force_login(other_operator)
    refused = client.get(url)
    assert refused.status_code == 400
    assert "Masukkan pilihan yang valid" in refused.content.decode()
