"""LSP competency tests: register the competent participants, export their data for the LSP,
take the results back by hand or from the LSP's sheet, record the BNSP certificate."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from competency import services
from competency.models import Assessee, CompetencyTest
from lapas_training.models import Role
from programs.models import StandardUnit
from tests import factories
from tests.certificates.helpers import closed_cohort
from tests.helpers import audit_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def lsp(db):
    return factories.PartnerAgencyFactory(
        name="LSP Pengelasan Nusantara", code="LSP-LAS", kind="lsp", licence_number="BNSP-LSP-123"
    )


@pytest.fixture
def lsp_admin(lsp):
    return factories.UserFactory(username="admin.lsp", role=Role.AGENCY_ADMIN, agency=lsp)


@pytest.fixture
def units(db):
    return list(StandardUnit.objects.filter(code__startswith="C.25LAS01").order_by("code")[:2])


@pytest.fixture
def trained(cohort, instructor, facility):
    facility.address = "Jl. Kombes Pol. M. Duryat 1"
    facility.save()
    enrollments = closed_cohort(
        cohort=cohort, instructor=instructor, names=['=HYPERLINK("x")', "Budi"], failing=["Budi"]
    )
    inmate = enrollments['=HYPERLINK("x")'].inmate
    inmate.nik, inmate.birth_date = "3524011708900001", date(1990, 8, 17)
    inmate.save()
    return enrollments


@pytest.fixture
def test(operator, lsp, units, cohort, trained):
    return services.competency_test_create(
        actor=operator,
        facility=cohort.facility,
        lsp=lsp,
        scheme_name="Juru Las SMAW 3G",
        scheme_number="SKM/LAS/001/2026",
        units=units,
        site="TUK Sewaktu Lapas",
        date=date(2026, 10, 15),
        cohorts=[cohort],
        assessors=[("Sutrisno", "MET.000.001234 2020")],
    )


def test_an_operator_registers_the_competent_participants(
    client, operator, lsp, units, cohort, trained
):
    client.force_login(operator)
    response = client.post(
        reverse("competency:create"),
        {
            "lsp": lsp.pk,
            "scheme_name": "Juru Las SMAW 3G",
            "scheme_number": "SKM/LAS/001/2026",
            "units": [u.pk for u in units],
            "site": "TUK Sewaktu",
            "date": "15/10/2026",
            "cohorts": [cohort.pk],
            "assessors": "Sutrisno | MET.000.001234 2020\n\nWahyuni | MET.000.005678 2021",
        },
    )
    test = CompetencyTest.objects.get()
    assert response.url == reverse("competency:detail", args=[test.pk])
    assert test.facility == operator.facility
    assert [a.enrollment.inmate.full_name for a in test.assessees.all()] == ['=HYPERLINK("x")']
    assert test.assessors.count() == 2
    assert "competency_test.created" in audit_actions()


def test_the_form_says_what_is_wrong(client, operator, cohort, trained):
    client.force_login(operator)
    agency = factories.PartnerAgencyFactory(kind="blk")
    response = client.post(
        reverse("competency:create"),
        {"lsp": agency.pk, "scheme_name": "", "date": "31/11/2026", "assessors": "Tanpa nomor"},
    )
    errors = response.context["form"].errors
    assert set(errors) >= {"lsp", "scheme_name", "date", "assessors", "cohorts", "units"}
    assert not CompetencyTest.objects.exists()


def test_only_an_lsp_holds_a_test(operator, cohort, units, trained):
    with pytest.raises(ValidationError) as caught:
        services.competency_test_create(
            actor=operator,
            facility=cohort.facility,
            lsp=cohort.agency,
            scheme_name="Skema",
            scheme_number="1",
            units=units,
            site="TUK",
            date=date(2026, 10, 1),
            cohorts=[cohort],
            assessors=[("A", "B")],
        )
    assert "lsp" in caught.value.message_dict


def test_the_assessee_list_carries_what_the_lsp_asks_and_no_formula(client, lsp_admin, test):
    client.force_login(lsp_admin)
    response = client.get(reverse("competency:export", args=[test.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:12] == [
        "kode_peserta",
        "nama_lengkap",
        "nik",
        "tempat_lahir",
        "tanggal_lahir",
        "jenis_kelamin",
        "kewarganegaraan",
        "alamat",
        "pendidikan",
        "skema",
        "nomor_skema",
        "unit_kompetensi",
    ]
    assert header[12:] == ["hasil", "C.25LAS01.001.1", "C.25LAS01.026.1"]
    row = sheet[2]
    assert row[1].value == '=HYPERLINK("x")' and row[1].data_type == "s"  # text, never run
    assert row[2].value == "3524011708900001"
    assert row[4].value == "17/08/1990"
    assert row[6].value == "WNI"
    assert row[7].value.startswith("Jl. Kombes Pol. M. Duryat 1")
    assert "competency_test.assessees_exported" in audit_actions()


def test_other_agencies_and_instructors_never_see_the_list(
    client, test, agency_admin, instructor, other_operator
):
    export, listing = reverse("competency:export", args=[test.pk]), reverse("competency:list")
    for outsider in (agency_admin, instructor):  # no competency tests at all for them
        client.force_login(outsider)
        assert client.get(export).status_code == 404
        assert client.get(listing).status_code == 404
    client.force_login(other_operator)  # another facility: its own list, without this test
    assert client.get(export).status_code == 404
    assert list(client.get(listing).context["page"]) == []


def test_the_lsp_records_results_by_hand(client, lsp_admin, test, units):
    (assessee,) = test.assessees.all()
    client.force_login(lsp_admin)
    url = reverse("competency:results", args=[test.pk])
    base = {
        "hasil-TOTAL_FORMS": "1",
        "hasil-INITIAL_FORMS": "1",
        "hasil-0-row": str(assessee.pk),
        "hasil-0-result": "K",
        f"hasil-0-unit_{units[0].pk}": "K",
        f"hasil-0-unit_{units[1].pk}": "BK",
    }
    refused = client.post(url, base)
    assert refused.status_code == 200
    assessee.refresh_from_db()
    assert assessee.result == ""
    client.post(url, {**base, f"hasil-0-unit_{units[1].pk}": "K"})
    assessee.refresh_from_db()
    assert assessee.result == "K"
    assert sorted(assessee.unit_results.values_list("result", flat=True)) == ["K", "K"]


def upload(client, test, content: str, name="hasil.csv"):
    return client.post(
        reverse("competency:sheet_upload", args=[test.pk]),
        {"sheet": SimpleUploadedFile(name, content.encode())},
        follow=True,
    )


def test_a_hostile_result_sheet_saves_nothing_and_names_each_row(client, lsp_admin, test):
    (assessee,) = test.assessees.all()
    client.force_login(lsp_admin)
    content = (
        "kode_peserta,hasil,C.25LAS01.001.1\n"
        f"{assessee.code},=1+1,K\n"
        f"{assessee.code},K,LULUS\n"
        "UK999-1,K,K\n"
    )
    page = upload(client, test, content)
    rows = page.context["rows"]
    assert rows[0].errors == ["Hasil harus K atau BK."]
    assert "Kode peserta ini muncul lebih dari sekali." in rows[1].errors
    assert "Hasil unit C.25LAS01.001.1 harus K, BK atau kosong." in rows[1].errors
    assert rows[2].errors == ["Kode peserta tidak dikenal pada uji ini."]
    assert b"Terapkan hasil" not in page.content
    sheet = test.result_sheets.get()
    response = client.post(reverse("competency:sheet_preview", args=[test.pk, sheet.pk]))
    assert response.status_code == 200
    assessee.refresh_from_db()
    assert assessee.result == ""


def test_a_good_sheet_is_applied_once_and_again_changes_nothing(client, lsp_admin, test):
    (assessee,) = test.assessees.all()
    client.force_login(lsp_admin)
    content = f"kode_peserta,nama_lengkap,hasil,C.25LAS01.001.1\n{assessee.code},x,k,K\n"
    page = upload(client, test, content)
    assert [row.changed for row in page.context["rows"]] == [True]
    sheet = test.result_sheets.get()
    client.post(reverse("competency:sheet_preview", args=[test.pk, sheet.pk]))
    assessee.refresh_from_db()
    assert assessee.result == "K"
    with pytest.raises(ValidationError):
        services.result_sheet_apply(actor=lsp_admin, sheet=sheet)
    again = upload(client, test, content)
    assert [row.changed for row in again.context["rows"]] == [False]
    assert "competency_test.sheet_applied" in audit_actions()


def test_the_bnsp_certificate_is_recorded_and_shown_in_the_inmate_s_history(
    client, lsp_admin, operator, test
):
    (assessee,) = test.assessees.all()
    with pytest.raises(ValidationError):
        services.bnsp_certificate_record(
            actor=lsp_admin,
            assessee=assessee,
            number="X",
            blanko_number="1",
            issued_on=date(2026, 11, 1),
        )
    services.competency_results_record(
        actor=lsp_admin, test=test, results={assessee.pk: services.TestResult("K")}
    )
    assessee = Assessee.objects.get(pk=assessee.pk)
    client.force_login(lsp_admin)
    client.post(
        reverse("competency:bnsp_certificate", args=[test.pk, assessee.pk]),
        {"number": "LAS.123.00045 2026", "blanko_number": "0012345", "issued_on": "01/11/2026"},
    )
    certificate = Assessee.objects.get(pk=assessee.pk).bnsp_certificate
    assert certificate.valid_until == date(2029, 11, 1)
    client.force_login(operator)
    page = client.get(reverse("inmates:detail", args=[assessee.enrollment.inmate_id]))
    assert "BNSP LAS.123.00045 2026, berlaku sampai 1 November 2029" in page.content.decode()


def test_a_result_stays_k_once_its_bnsp_certificate_is_recorded(lsp_admin, test):
    (assessee,) = test.assessees.all()
    services.competency_results_record(
        actor=lsp_admin, test=test, results={assessee.pk: services.TestResult("K")}
    )
    services.bnsp_certificate_record(
        actor=lsp_admin,
        assessee=assessee,
        number="LAS.1",
        blanko_number="1",
        issued_on=date(2028, 2, 29),
    )
    assert Assessee.objects.get(pk=assessee.pk).bnsp_certificate.valid_until == date(2031, 2, 28)
    with pytest.raises(ValidationError) as caught:
        services.competency_results_record(
            actor=lsp_admin, test=test, results={assessee.pk: services.TestResult("BK")}
        )
    assert str(assessee.pk) in caught.value.message_dict
    assert Assessee.objects.get(pk=assessee.pk).result == "K"


def test_a_unit_left_blank_loses_its_result(lsp_admin, test, units):
    (assessee,) = test.assessees.all()
    first, second = (u.pk for u in units)
    services.competency_results_record(
        actor=lsp_admin,
        test=test,
        results={assessee.pk: services.TestResult("BK", {first: "K", second: "BK"})},
    )
    services.competency_results_record(
        actor=lsp_admin,
        test=test,
        results={assessee.pk: services.TestResult("K", {first: "K"})},
    )
    assert dict(assessee.unit_results.values_list("unit_id", "result")) == {first: "K"}


def test_an_applied_sheet_keeps_no_copy_of_the_personal_data(client, lsp_admin, test):
    (assessee,) = test.assessees.all()
    client.force_login(lsp_admin)
    upload(client, test, f"kode_peserta,nik,hasil\n{assessee.code},3524011708900001,K\n")
    sheet = test.result_sheets.get()
    client.post(reverse("competency:sheet_preview", args=[test.pk, sheet.pk]))
    sheet.refresh_from_db()
    assert sheet.applied_at is not None and bytes(sheet.content) == b""


def test_the_exported_list_sent_back_unchanged_changes_nothing(client, lsp_admin, test, units):
    (assessee,) = test.assessees.all()
    first, second = (u.pk for u in units)
    services.competency_results_record(
        actor=lsp_admin,
        test=test,
        results={assessee.pk: services.TestResult("K", {first: "K", second: "K"})},
    )
    client.force_login(lsp_admin)
    exported = client.get(reverse("competency:export", args=[test.pk])).content
    page = client.post(
        reverse("competency:sheet_upload", args=[test.pk]),
        {"sheet": SimpleUploadedFile("asesi.xlsx", exported)},
        follow=True,
    )
    assert [(row.errors, row.changed) for row in page.context["rows"]] == [([], False)]
