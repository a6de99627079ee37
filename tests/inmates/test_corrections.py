"""Corrections of personal data keep their history with a reason; looking at personal data is
in the access log; certificates that print corrected data are offered for correction."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from certificates import services as certificate_services
from inmates.models import Inmate, InmateCorrection
from inmates.services import inmate_import_apply, inmate_import_upload, inmate_update
from lapas_training.models import AuditEvent
from tests import factories
from tests.certificates.helpers import closed_cohort
from tests.helpers import after_commit

pytestmark = pytest.mark.django_db

REASON_ERROR = (
    "Tulis alasan perubahan data pribadi, misalnya: salah ketik nama, disesuaikan dengan KTP."
)


def edit_post(inmate: Inmate, **overrides) -> dict:
    """The edit form as the browser sends it, unchanged unless overridden."""
    data = {
        "registration_number": inmate.registration_number,
        "full_name": inmate.full_name,
        "sex": inmate.sex,
        "birth_place": inmate.birth_place,
        "birth_date": inmate.birth_date.strftime("%d/%m/%Y") if inmate.birth_date else "",
        "nik": inmate.nik,
        "education": inmate.education,
        "expected_release_date": inmate.expected_release_date.strftime("%d/%m/%Y")
        if inmate.expected_release_date
        else "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def inmate(facility):
    return factories.InmateFactory(
        facility=facility,
        full_name="Ahmad Fauzi",
        birth_place="Lamongan",
        birth_date=date(1990, 5, 17),
        nik="3524011234567890",
    )


# --- the reason ---------------------------------------------------------------------------


def test_a_personal_change_without_reason_is_refused_next_to_the_field(client, operator, inmate):
    client.force_login(operator)
    url = reverse("inmates:edit", args=[inmate.pk])
    response = client.post(url, edit_post(inmate, full_name="Achmad Fauzi"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": [REASON_ERROR]}
    inmate.refresh_from_db()
    assert inmate.full_name == "Ahmad Fauzi"
    assert InmateCorrection.objects.count() == 0
    assert not AuditEvent.objects.filter(action="inmate.updated").exists()


def test_the_new_form_asks_no_reason(client, operator):
    client.force_login(operator)
    form = client.get(reverse("inmates:create")).context["form"]
    assert "reason" not in form.fields


def test_each_changed_field_is_kept_with_old_and_new_value_who_when_why(client, operator, inmate):
    client.force_login(operator)
    url = reverse("inmates:edit", args=[inmate.pk])
    response = client.post(
        url,
        edit_post(
            inmate,
            full_name="Achmad Fauzi",
            birth_date="17/06/1990",
            nik="3524011234567891",
            reason="Disesuaikan dengan KTP",
        ),
    )
    assert response["Location"] == reverse("inmates:detail", args=[inmate.pk])
    rows = {
        c.field: (c.old_value, c.new_value, c.reason, c.corrected_by)
        for c in InmateCorrection.objects.filter(inmate=inmate)
    }
    assert rows == {
        "full_name": ("Ahmad Fauzi", "Achmad Fauzi", "Disesuaikan dengan KTP", operator),
        "birth_date": ("1990-05-17", "1990-06-17", "Disesuaikan dengan KTP", operator),
        "nik": ("3524011234567890", "3524011234567891", "Disesuaikan dengan KTP", operator),
    }
    assert len(set(InmateCorrection.objects.values_list("corrected_at", flat=True))) == 1
    # The audit log (never changed) keeps no birth data or NIK: the history holds them.
    event = AuditEvent.objects.get(action="inmate.updated")
    assert event.data == {
        "full_name": {"from": "Ahmad Fauzi", "to": "Achmad Fauzi"},
        "birth_date": "***",
        "nik": "***",
        "reason": "Disesuaikan dengan KTP",
    }


def test_interests_alone_need_no_reason_and_are_no_correction(operator, inmate):
    field = factories.TrainingFieldFactory()
    inmate_update(actor=operator, inmate=inmate, full_name="Ahmad Fauzi", interests=[field])
    assert InmateCorrection.objects.count() == 0
    assert AuditEvent.objects.get().data == {"interests": {"from": [], "to": [field.code]}}


def test_an_import_that_changes_personal_data_is_a_correction_that_names_the_file(
    operator, facility, inmate
):
    csv = (
        "nomor_registrasi;nama_lengkap;jenis_kelamin;tempat_lahir\n"
        f"{inmate.registration_number};Ahmad Fauzi;L;Tuban\n"
    ).encode()
    upload = inmate_import_upload(
        actor=operator, facility=facility, file_name="register-2026.csv", content=csv
    )
    inmate_import_apply(actor=operator, upload=upload)
    correction = InmateCorrection.objects.get(inmate=inmate)
    assert (correction.field, correction.old_value, correction.new_value, correction.reason) == (
        "birth_place",
        "Lamongan",
        "Tuban",
        "Impor register register-2026.csv",
    )
    event = AuditEvent.objects.get(action="inmate.updated")
    assert (event.data["import"], event.data["birth_place"]) == (upload.pk, "***")


# --- the history on the page ---------------------------------------------------------------


def test_the_detail_page_shows_the_history(client, operator, inmate):
    inmate_update(
        actor=operator,
        inmate=inmate,
        nik="3524011234567891",
        education=Inmate.Education.SMP,
        reason="Salah ketik",
    )
    client.force_login(operator)
    response = client.get(reverse("inmates:detail", args=[inmate.pk]))
    body = response.content.decode()
    assert [(c.field, c.old_display, c.new_display) for c in response.context["corrections"]] == [
        ("education", "SMA/SMK/sederajat", "SMP/sederajat"),
        ("nik", "3524011234567890", "3524011234567891"),
    ]
    assert 'id="corrections"' in body
    assert "3524011234567890" in body  # the old NIK, to the facility's staff


def test_old_values_display_as_the_register_shows_them_nik_masked_for_others():
    correction = InmateCorrection(field="nik", old_value="3524011234567890", new_value="")
    assert (correction.old_masked, correction.new_masked) == ("••••••••••••7890", "")
    assert correction.field_label == "NIK"
    dated = InmateCorrection(field="birth_date", old_value="1990-05-17", new_value="1990-06-17")
    assert (dated.old_display, dated.old_masked) == ("17 Mei 1990", "17 Mei 1990")


# --- the access log -------------------------------------------------------------------------


def test_the_detail_page_is_one_access_log_event_that_names_what_it_showed(
    client, operator, inmate
):
    client.force_login(operator)
    client.get(reverse("inmates:list"))
    assert not AuditEvent.objects.exists()  # lists are not logged
    before = AuditEvent.objects.count()
    client.get(reverse("inmates:detail", args=[inmate.pk]))
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == (
        "inmate.viewed",
        operator,
        str(inmate.pk),
    )
    assert event.data == {
        "page": "detail",
        "shown": ["birth_place", "birth_date", "nik", "expected_release_date"],
    }
    assert inmate.nik not in str(event.data)


def test_an_inmate_without_nik_or_birth_data_is_logged_with_what_there_was(client, head, facility):
    bare = factories.InmateFactory(
        facility=facility, nik="", birth_place="", birth_date=None, expected_release_date=None
    )
    client.force_login(head)
    client.get(reverse("inmates:detail", args=[bare.pk]))
    assert AuditEvent.objects.get().data == {"page": "detail", "shown": []}


def test_the_edit_form_and_the_photo_are_logged_too(client, operator, inmate):
    inmate.photo.save("foto.jpg", ContentFile(b"\xff\xd8 foto"))
    client.force_login(operator)
    client.get(reverse("inmates:edit", args=[inmate.pk]))
    client.get(reverse("inmates:photo", args=[inmate.pk]))
    assert [
        (e.action, e.data["page"], e.data["shown"]) for e in AuditEvent.objects.order_by("id")
    ] == [
        (
            "inmate.viewed",
            "edit",
            ["birth_place", "birth_date", "nik", "expected_release_date"],
        ),
        ("inmate.viewed", "photo", ["photo"]),
    ]


def test_an_outsider_leaves_no_access_event(client, other_operator, inmate):
    client.force_login(other_operator)
    assert client.get(reverse("inmates:detail", args=[inmate.pk])).status_code == 404
    assert not AuditEvent.objects.exists()


# --- certificates that print the old data ----------------------------------------------------


@pytest.fixture
def certified(cohort, instructor, agency_admin):
    """Ahmad Fauzi holds a valid certificate of the cohort."""
    enrollment = closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad Fauzi"])[
        "Ahmad Fauzi"
    ]
    with after_commit():
        (certificate,) = certificate_services.certificates_issue(actor=agency_admin, cohort=cohort)
    return enrollment.inmate, certificate


def test_correcting_a_printed_field_offers_the_correction_by_reissue(
    client, operator, system_admin, certified
):
    inmate, certificate = certified
    client.force_login(operator)
    response = client.post(
        reverse("inmates:edit", args=[inmate.pk]),
        edit_post(inmate, full_name="Achmad Fauzi", reason="Sesuai akta kelahiran"),
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Data WBP disimpan.",
        "Data yang tercetak pada sertifikat WBP ini telah dikoreksi. Sertifikat yang terdampak "
        "tercantum di bawah: koreksi dengan menerbitkan pengganti.",
    ]
    [(row, can_reissue)] = response.context["outdated_certificates"]
    assert (row.certificate, row.fields, can_reissue) == (certificate, ("full_name",), False)
    body = response.content.decode()
    reissue = reverse("certificates:reissue", args=[certificate.pk])
    # The operator cannot reissue: he sees the certificate and who corrects it.
    assert reverse("certificates:detail", args=[certificate.pk]) in body
    assert reissue not in body
    assert certificate.agency.name in body
    # A later change of a field no certificate prints says nothing new about them.
    inmate.refresh_from_db()
    response = client.post(
        reverse("inmates:edit", args=[inmate.pk]),
        edit_post(inmate, education="smp", reason="Ijazah SMP"),
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Data WBP disimpan."]
    assert len(response.context["outdated_certificates"]) == 1  # still listed on the page

    client.force_login(system_admin)
    page = client.get(reverse("inmates:detail", args=[inmate.pk]))
    assert [ok for _row, ok in page.context["outdated_certificates"]] == [True]
    assert reissue in page.content.decode()


def test_a_reissued_certificate_or_an_unprinted_field_is_not_offered(
    client, operator, agency_admin, certified
):
    inmate, certificate = certified
    inmate_update(actor=operator, inmate=inmate, education="smp", reason="Ijazah")
    client.force_login(operator)
    url = reverse("inmates:detail", args=[inmate.pk])
    assert client.get(url).context["outdated_certificates"] == []

    inmate_update(actor=operator, inmate=inmate, birth_place="Surabaya", reason="Sesuai KTP")
    assert [r.fields for r, _ok in client.get(url).context["outdated_certificates"]] == [
        ("birth_place",)
    ]
    with after_commit():
        certificate_services.certificate_reissue(
            actor=agency_admin, certificate=certificate, reason="Tempat lahir dikoreksi"
        )
    assert client.get(url).context["outdated_certificates"] == []


def test_the_agency_sees_the_correction_on_the_certificate_and_reissues(
    client, operator, agency_admin, certified
):
    inmate, certificate = certified
    detail = reverse("certificates:detail", args=[certificate.pk])
    client.force_login(agency_admin)
    assert client.get(detail).context["corrected"] == []
    inmate_update(actor=operator, inmate=inmate, birth_place="Surabaya", reason="Sesuai KTP")
    inmate_update(actor=operator, inmate=inmate, education="smp", reason="Ijazah")  # not printed
    page = client.get(detail)
    assert page.context["corrected"] == ["tempat lahir"]
    body = page.content.decode()
    assert "sertifikat masih mencetak data lama" in body
    assert reverse("certificates:reissue", args=[certificate.pk]) in body
    with after_commit():
        (replacement,) = [
            certificate_services.certificate_reissue(
                actor=agency_admin, certificate=certificate, reason="Tempat lahir dikoreksi"
            )
        ]
    certificate.refresh_from_db()
    assert client.get(detail).context["corrected"] == []  # no longer valid: superseded
    assert (
        client.get(reverse("certificates:detail", args=[replacement.pk])).context["corrected"] == []
    )
