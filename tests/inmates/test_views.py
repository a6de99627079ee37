"""Inmate register pages: add, edit, release, transfer, filters."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inmates.models import Inmate, InmateTransfer
from lapas_training.models import AuditEvent
from tests import factories
from tests.helpers import assert_same_as_missing

pytestmark = pytest.mark.django_db


def inmate_post(**overrides):
    data = {
        "registration_number": "BI.0100/2025",
        "full_name": "Ahmad Fauzi",
        "sex": "L",
        "birth_place": "Lamongan",
        "birth_date": "17/08/1990",
        "nik": "3524 0117 0890 0001",
        "education": "sma",
        "expected_release_date": "31/12/2027",
    }
    data.update(overrides)
    return data


def test_operator_adds_inmate_to_own_facility(client, operator, facility):
    client.force_login(operator)
    response = client.post(reverse("inmates:create"), inmate_post())
    inmate = Inmate.objects.get()
    assert response["Location"] == reverse("inmates:detail", args=[inmate.pk])
    assert (inmate.facility, inmate.nik, inmate.birth_date) == (
        facility,
        "3524011708900001",
        date(1990, 8, 17),
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.data["registration_number"]) == ("inmate.created", "BI.0100/2025")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"birth_date": "31/11/1990"},
            "birth_date",
            "Tanggal tidak valid. Gunakan format dd/mm/yyyy, misalnya 31/10/2025.",
        ),
        ({"nik": "12345"}, "nik", "NIK harus terdiri dari tepat 16 angka."),
        ({"full_name": ""}, "full_name", "Bidang ini tidak boleh kosong."),
        (
            {"registration_number": "BI.0001/2025"},
            "registration_number",
            "Nomor registrasi ini sudah terdaftar di UPT ini.",
        ),
    ],
)
def test_bad_inmate_input_is_explained_next_to_the_field(
    client, operator, facility, overrides, field, message
):
    factories.InmateFactory(facility=facility, registration_number="BI.0001/2025")
    client.force_login(operator)
    response = client.post(reverse("inmates:create"), inmate_post(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Inmate.objects.count() == 1


def test_same_registration_number_in_another_facility_is_fine(
    client, operator, facility, other_facility
):
    factories.InmateFactory(facility=other_facility, registration_number="BI.0100/2025")
    client.force_login(operator)
    client.post(reverse("inmates:create"), inmate_post())
    assert Inmate.objects.filter(facility=facility).count() == 1


def test_html_in_a_name_is_shown_as_text(client, operator, facility):
    inmate = factories.InmateFactory(facility=facility, full_name='<img src=x onerror="alert(1)">')
    client.force_login(operator)
    body = client.get(reverse("inmates:detail", args=[inmate.pk])).content.decode()
    assert '<img src=x onerror="alert(1)">' not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body


def test_edit_three_users(client, operator, other_operator, head, facility):
    inmate = factories.InmateFactory(facility=facility, full_name="Ahmad")
    url = reverse("inmates:edit", args=[inmate.pk])
    client.force_login(operator)
    client.post(
        url, inmate_post(full_name="Ahmad Fauzi", registration_number="BI.7", reason="Salah ketik")
    )
    inmate.refresh_from_db()
    assert (inmate.full_name, inmate.registration_number) == ("Ahmad Fauzi", "BI.7")

    for outsider in (other_operator, head):
        client.force_login(outsider)
        response = client.post(url, inmate_post(full_name="Diretas"))
        assert_same_as_missing(client, response, reverse("inmates:edit", args=[99999]))
    inmate.refresh_from_db()
    assert inmate.full_name == "Ahmad Fauzi"

    client.logout()
    assert client.get(url)["Location"] == f"/akun/masuk/?next={url}"


def test_release_records_date_and_withdraws(client, operator, cohort):
    enrollment = factories.EnrollmentFactory(cohort=cohort)
    inmate = enrollment.inmate
    client.force_login(operator)
    url = reverse("inmates:release", args=[inmate.pk])
    response = client.post(url, {"released_on": "31/02/2026"})
    assert response.context["form"].errors == {
        "released_on": ["Tanggal tidak valid. Gunakan format dd/mm/yyyy, misalnya 31/10/2025."]
    }
    # Recorded when it happened, never ahead: nothing is saved and the field says why.
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(url, {"released_on": f"{tomorrow:%d/%m/%Y}"})
    assert response.context["form"].errors == {
        "released_on": ["Tanggal bebas tidak boleh di masa depan."]
    }
    inmate.refresh_from_db()
    assert inmate.status == Inmate.Status.ACTIVE
    client.post(url, {"released_on": "15/07/2026", "note": "Bebas bersyarat"})
    inmate.refresh_from_db()
    enrollment.refresh_from_db()
    assert (inmate.status, inmate.status_date) == (Inmate.Status.RELEASED, date(2026, 7, 15))
    assert (enrollment.status, enrollment.withdrawal_reason) == ("withdrawn", "released")


def test_transfer_moves_the_record_and_its_history(
    client, operator, other_operator, cohort, other_facility
):
    enrollment = factories.EnrollmentFactory(cohort=cohort, inmate__registration_number="BI.1")
    inmate = enrollment.inmate
    client.force_login(operator)
    url = reverse("inmates:transfer", args=[inmate.pk])
    response = client.post(url, {"to_facility": other_facility.pk, "transferred_on": "01/07/2026"})
    assert response.context["form"].errors == {
        "new_registration_number": ["Isi nomor registrasi yang diberikan UPT tujuan."]
    }
    response = client.post(
        url,
        {
            "to_facility": other_facility.pk,
            "new_registration_number": "BIIB.9/2026",
            "transferred_on": "01/07/2026",
        },
    )
    assert response["Location"] == reverse("inmates:list")
    inmate.refresh_from_db()
    assert (inmate.facility, inmate.registration_number, inmate.status) == (
        other_facility,
        "BIIB.9/2026",
        Inmate.Status.ACTIVE,
    )
    transfer = InmateTransfer.objects.get()
    assert (transfer.from_registration_number, transfer.to_facility) == ("BI.1", other_facility)
    # The old facility no longer sees him; the new one sees his history.
    assert "dicatat pindah" in client.get(response["Location"]).content.decode()
    response = client.get(reverse("inmates:detail", args=[inmate.pk]))
    assert_same_as_missing(client, response, reverse("inmates:detail", args=[99999]))
    client.force_login(other_operator)
    page = client.get(reverse("inmates:detail", args=[inmate.pk]))
    assert list(page.context["history"]) == [enrollment]
    assert cohort.facility.name in page.content.decode()


def test_transfer_out_of_the_system(client, operator, facility):
    inmate = factories.InmateFactory(facility=facility)
    client.force_login(operator)
    client.post(
        reverse("inmates:transfer", args=[inmate.pk]),
        {"to_facility": "", "transferred_on": "01/07/2026"},
    )
    inmate.refresh_from_db()
    assert (inmate.facility, inmate.status) == (facility, Inmate.Status.TRANSFERRED)


def test_list_filters_by_interest_and_status(client, operator, facility):
    welding = factories.TrainingFieldFactory(code="pengelasan", name="Pengelasan")
    welder = factories.InmateFactory(facility=facility)
    welder.interests.add(welding)
    released = factories.InmateFactory(facility=facility, status=Inmate.Status.RELEASED)
    client.force_login(operator)
    url = reverse("inmates:list")
    assert list(client.get(url, {"interest": "pengelasan"}).context["page"]) == [welder]
    assert list(client.get(url, {"status": "released"}).context["page"]) == [released]


def test_head_reads_but_does_not_change(client, head, facility):
    inmate = factories.InmateFactory(facility=facility)
    client.force_login(head)
    assert client.get(reverse("inmates:detail", args=[inmate.pk])).status_code == 200
    assert 'href="/wbp/tambah/"' not in client.get(reverse("inmates:list")).content.decode()
    assert_same_as_missing(client, client.get(reverse("inmates:create")))
    response = client.get(reverse("inmates:release", args=[inmate.pk]))
    assert_same_as_missing(client, response, reverse("inmates:release", args=[99999]))


def test_release_page_names_the_enrollments_it_will_end(client, operator, cohort):
    enrollment = factories.EnrollmentFactory(cohort=cohort)
    finished = factories.CohortFactory(
        facility=cohort.facility, status="closed", name="Angkatan Lama"
    )
    factories.EnrollmentFactory(cohort=finished, inmate=enrollment.inmate, status="completed")
    client.force_login(operator)
    page = client.get(reverse("inmates:release", args=[enrollment.inmate.pk]))
    consequences = page.content.decode().split('id="consequences"')[1].split("</div>")[0]
    assert "Pendaftaran yang akan diakhiri (1):" in consequences
    assert cohort.name in consequences
    assert "Angkatan Lama" not in consequences


def test_release_page_of_someone_in_no_running_cohort_says_only_that(client, operator, facility):
    inmate = factories.InmateFactory(facility=facility)
    client.force_login(operator)
    page = client.get(reverse("inmates:release", args=[inmate.pk])).content.decode()
    consequences = page.split('id="consequences"')[1].split("</div>")[0]
    assert "akan diakhiri" not in consequences
    assert "tidak sedang terdaftar di angkatan yang belum selesai" in consequences
