"""The data subject report: everything held about one inmate, to his facility's staff only,
as a PDF and a JSON file, audited; no model that holds data about an inmate is left out."""

import io
import json
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certificates import services as certificate_services
from certificates.models import Ceremony, CeremonyCertificate
from competency.models import Assessee, AssesseeUnitResult, BnspCertificate, CompetencyTest
from followup import services as followup_services
from followup.models import Consent, FollowUpPlan, Outcome
from followup.schedule import add_months
from inmates.models import Inmate, InmateTransfer
from inmates.services import (
    inmate_import_apply,
    inmate_import_upload,
    inmate_release,
    inmate_update,
)
from lapas_training.models import AuditEvent
from privacy.selectors.subject import COVERED_MODELS, subject_report
from privacy.selectors.subject.after_release import CONTENT
from programs.models import Enrollment, StandardUnit
from tests import factories
from tests.certificates.helpers import closed_cohort
from tests.helpers import after_commit, assert_same_as_missing, login_redirect

pytestmark = pytest.mark.django_db

NIK = "3524011708900001"
NOTE = "Bekerja di bengkel las dekat rumah; sehat."


def released_on() -> date:
    return timezone.localdate() - timedelta(days=200)


def models_about_inmates() -> set[str]:
    """Return every model with a foreign-key path to ``Inmate`` (and ``Inmate`` itself)."""
    about = {Inmate}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in about:
                continue
            if any(
                field.is_relation and field.concrete and field.related_model in about
                for field in model._meta.get_fields()
            ):
                about.add(model)
                grew = True
    return {model._meta.label_lower for model in about}


def test_the_report_reads_every_model_that_holds_data_about_an_inmate():
    assert models_about_inmates() == COVERED_MODELS
    assert set(PIECES) == COVERED_MODELS  # and the world below fills each of them


@pytest.fixture
def subject(cohort, instructor, operator, agency_admin, other_facility, facility, pk_officer):
    """An inmate whose data is in every model that can hold some."""
    enrollment = closed_cohort(
        cohort=cohort, instructor=instructor, names=["Ahmad Fauzi"], units=1
    )["Ahmad Fauzi"]
    inmate = enrollment.inmate
    Inmate.objects.filter(pk=inmate.pk).update(nik=NIK, birth_date=date(1990, 8, 17))
    inmate.refresh_from_db()
    inmate.interests.set([factories.TrainingFieldFactory(code="las", name="Pengelasan")])
    inmate.photo.save("foto.jpg", ContentFile(b"\xff\xd8 foto"))
    InmateTransfer.objects.create(
        inmate=inmate,
        from_facility=other_facility,
        to_facility=facility,
        from_registration_number="MJK.0042/2024",
        transferred_on=date(2025, 1, 6),
        note="Pemindahan pembinaan",
        recorded_by=operator,
    )
    upload = inmate_import_upload(
        actor=operator,
        facility=facility,
        file_name="register-januari.csv",
        content=(
            "nomor_registrasi;nama_lengkap;jenis_kelamin;tempat_lahir\n"
            f"{inmate.registration_number};Ahmad Fauzi;L;Lamongan\n"
        ).encode(),
    )
    inmate_import_apply(actor=operator, upload=upload)
    inmate = Inmate.objects.get(pk=inmate.pk)
    inmate_update(actor=operator, inmate=inmate, full_name="Achmad Fauzi", reason="Sesuai KTP")
    with after_commit():
        (first,) = certificate_services.certificates_issue(actor=agency_admin, cohort=cohort)
        second = certificate_services.certificate_reissue(
            actor=agency_admin, certificate=first, reason="Nama dikoreksi"
        )
    ceremony = Ceremony.objects.create(
        cohort=cohort,
        agency=cohort.agency,
        date=date(2026, 10, 1),
        place="Aula Lapas",
        created_by=agency_admin,
    )
    CeremonyCertificate.objects.create(ceremony=ceremony, certificate=second, position=1)
    earlier = factories.CohortFactory(
        facility=facility,
        agency=cohort.agency,
        start_date=date(2025, 2, 1),
        end_date=date(2025, 3, 31),
        name="Angkatan Menjahit",
    )
    factories.EnrollmentFactory(
        cohort=earlier,
        inmate=inmate,
        status=Enrollment.Status.WITHDRAWN,
        withdrawal_reason=Enrollment.WithdrawalReason.HEALTH,
        withdrawal_note="Dirawat di klinik",
    )
    lsp = factories.PartnerAgencyFactory(name="LSP Konstruksi", code="LSP-K", kind="lsp")
    test = CompetencyTest.objects.create(
        lsp=lsp,
        facility=facility,
        scheme_name="Juru Las",
        scheme_number="SKM/LAS/01",
        site="TUK Sewaktu Lapas",
        date=date(2026, 10, 15),
        created_by=operator,
    )
    assessee = Assessee.objects.create(
        test=test, enrollment=enrollment, result="K", recorded_at=timezone.now()
    )
    unit = StandardUnit.objects.create(
        code="C.24LAS00.001.1", title="Menerapkan K3 pengelasan", standard="Kepmenaker 1/2020"
    )
    AssesseeUnitResult.objects.create(assessee=assessee, unit=unit, result="K")
    BnspCertificate.objects.create(
        assessee=assessee,
        number="62090 2422 3 0001234 2026",
        blanko_number="K 0123456",
        issued_on=date(2026, 11, 1),
        valid_until=date(2029, 11, 1),
        recorded_by=operator,
    )
    # Released, then followed by the Bapas: consent given, the 3-month check-in recorded.
    inmate = inmate_release(actor=operator, inmate=inmate, released_on=released_on())
    plan = FollowUpPlan.objects.get(inmate=inmate)
    followup_services.plan_assign(
        actor=operator, plan=plan, bapas=pk_officer.bapas, officer=pk_officer
    )
    followup_services.consent_record(
        actor=pk_officer, plan=plan, consent=Consent.GIVEN, on=released_on()
    )
    followup_services.checkin_record(
        actor=pk_officer,
        checkin=plan.checkins.get(months=3),
        done_on=add_months(released_on(), 3),
        method="visit",
        outcome=Outcome.EMPLOYED,
        uses_skill=True,
        employer="Bengkel Las Sinar Jaya",
        income_band="1to3",
        note=NOTE,
    )
    return inmate


def get_json(client, user, inmate) -> dict:
    client.force_login(user)
    response = client.get(reverse("privacy:subject_json", args=[inmate.pk]))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="data-pribadi-wbp-{inmate.pk}.json"'
    )
    return json.loads(response.content.decode("utf-8"))


def _enrollment(report, status):
    return next(e for e in report["enrollments"] if e["status"] == status)


# Each model about an inmate, and what of it the report must show for the world above.
PIECES = {
    "inmates.inmate": lambda r: (
        (
            r["inmate"]["nik"],
            r["inmate"]["birth_date"],
            r["inmate"]["birth_place"],
            r["inmate"]["photo"],
            r["inmate"]["interests"],
        )
        == (NIK, "1990-08-17", "Lamongan", True, [{"code": "las", "name": "Pengelasan"}])
    ),
    "inmates.inmatetransfer": lambda r: (
        [(t["from_registration_number"], t["note"]) for t in r["transfers"]]
        == [("MJK.0042/2024", "Pemindahan pembinaan")]
    ),
    "inmates.inmatecorrection": lambda r: (
        [(c["field"], c["old_value"], c["new_value"], c["reason"]) for c in r["corrections"]]
        == [
            ("birth_place", "Tuban", "Lamongan", "Impor register register-januari.csv"),
            ("full_name", "Ahmad Fauzi", "Achmad Fauzi", "Sesuai KTP"),
        ]
    ),
    "programs.enrollment": lambda r: (
        sorted(
            (e["cohort"]["name"], e["status"], e["withdrawal_reason"], e["result"])
            for e in r["enrollments"]
        )
        == [
            ("Angkatan I 2026", "completed", "", "K"),
            ("Angkatan Menjahit", "withdrawn", "health", ""),
        ]
    ),
    "programs.attendance": lambda r: (
        [a["status"] for a in _enrollment(r, "completed")["attendance"]] == ["hadir", "hadir"]
    ),
    "programs.unitresult": lambda r: (
        [u["result"] for u in _enrollment(r, "completed")["unit_results"]] == ["K"]
    ),
    "certificates.certificate": lambda r: (
        [
            (c["status"], c["snapshot"]["holder"]["name"], bool(c["superseded_by"]))
            for c in r["certificates"]
        ]
        == [("superseded", "Achmad Fauzi", True), ("valid", "Achmad Fauzi", False)]
    ),
    "certificates.ceremonycertificate": lambda r: (
        [(c["date"], c["place"], c["certificate_number"]) for c in r["ceremonies"]]
        == [("2026-10-01", "Aula Lapas", r["certificates"][1]["number"])]
    ),
    "competency.assessee": lambda r: (
        [(t["scheme_name"], t["result"]) for t in r["competency_tests"]] == [("Juru Las", "K")]
    ),
    "competency.assesseeunitresult": lambda r: (
        r["competency_tests"][0]["unit_results"]
        == [{"code": "C.24LAS00.001.1", "title": "Menerapkan K3 pengelasan", "result": "K"}]
    ),
    "competency.bnspcertificate": lambda r: (
        r["competency_tests"][0]["bnsp_certificate"]
        == {
            "number": "62090 2422 3 0001234 2026",
            "blanko_number": "K 0123456",
            "issued_on": "2026-11-01",
            "valid_until": "2029-11-01",
        }
    ),
    "followup.followupplan": lambda r: (
        (
            r["followup_plan"]["bapas"]["name"],
            r["followup_plan"]["released_on"],
            r["followup_plan"]["consent"],
            r["followup_plan"]["consent_on"],
            r["followup_plan"]["trainings"][0]["cohort"],
            bool(r["followup_plan"]["officer"]),
            r["followup_plan"]["officer"] == r["followup_plan"]["consent_recorded_by"],
        )
        == (
            "Bapas Kelas II Bojonegoro",
            released_on().isoformat(),
            "given",
            released_on().isoformat(),
            "Angkatan I 2026",
            True,
            True,
        )
    ),
    "followup.checkin": lambda r: (
        [
            (
                c["months"],
                c["done_on"],
                c["method"],
                c["outcome"],
                c["uses_skill"],
                c["employer"],
                c["income_band"],
                c["note"],
            )
            for c in r["followup_plan"]["checkins"]
        ]
        == [
            (
                3,
                add_months(released_on(), 3).isoformat(),
                "visit",
                "employed",
                True,
                "Bengkel Las Sinar Jaya",
                "1to3",
                NOTE,
            ),
            (6, None, "", "", None, "", "", ""),
            (12, None, "", "", None, "", "", ""),
        ]
    ),
}


def test_the_json_holds_every_piece_of_the_world(client, system_admin, subject):
    # An administrator's report: with what the Bapas found at each check-in.
    report = get_json(client, system_admin, subject)
    for label, check in PIECES.items():
        assert check(report), label
    assert [(i["file_name"], i["effect"]) for i in report["imports"]] == [
        ("register-januari.csv", "updated")
    ]
    actions = [e["action"] for e in report["audit_events"]]
    for action in (
        "inmate.updated",
        "certificate.issued",
        "certificate.superseded",
        "inmate.released",
        "followup.plan_created",
        "followup.consent_recorded",
        "followup.checkin_recorded",
    ):
        assert action in actions
    assert report["schema"] == "pelatihan-wbp/laporan-data-pribadi/1"
    assert report["produced_by"] == str(system_admin)


def test_lapas_staff_get_the_check_in_schedule_not_what_the_bapas_found(client, operator, subject):
    plan = get_json(client, operator, subject)["followup_plan"]
    assert plan["checkin_content_included"] is False
    assert [
        (c["months"], c["done_on"] is not None, c["recorded_by"]) for c in plan["checkins"]
    ] == [
        (3, True, plan["officer"]),
        (6, False, None),
        (12, False, None),
    ]
    for checkin in plan["checkins"]:
        assert {key: checkin[key] for key in CONTENT} == dict.fromkeys(CONTENT)


def test_the_json_is_stable_utf8_with_iso_dates(client, operator, subject):
    Inmate.objects.filter(pk=subject.pk).update(birth_place="Pematangsiantar – Sumatera Utara")
    client.force_login(operator)
    raw = client.get(reverse("privacy:subject_json", args=[subject.pk])).content
    assert "Pematangsiantar – Sumatera Utara".encode() in raw  # not \u escapes
    report = json.loads(raw)
    assert list(report) == sorted(report)
    assert list(report["inmate"]) == sorted(report["inmate"])
    enrolled_at = _enrollment(report, "completed")["enrolled_at"]
    assert enrolled_at == timezone.localtime(
        Enrollment.objects.get(inmate=subject, status="completed").enrolled_at
    ).isoformat(timespec="seconds")


def test_the_pdf_is_an_a4_document_of_the_same_data(client, head, subject):
    client.force_login(head)
    response = client.get(reverse("privacy:subject_pdf", args=[subject.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait
    text = " ".join(page.extract_text() for page in reader.pages)
    for shown in (
        "LAPORAN DATA PRIBADI WARGA BINAAN",
        "Achmad Fauzi",
        NIK,
        "17 Agustus 1990",
        "MJK.0042/2024",
        "Sesuai KTP",
        "Dirawat di klinik",
        "62090 2422 3 0001234 2026",
        "Juru Las",
        "Bapas Kelas II Bojonegoro",
        "Kontak tindak lanjut dicatat",
        "hanya dibaca Bapas dan administrator sistem",  # the Kalapas's copy withholds it
    ):
        assert shown in text, shown
    for withheld in ("Bengkel Las Sinar", NOTE[:20], "Bekerja sebagai karyawan"):
        assert withheld not in text, withheld


def test_each_report_is_audited_with_its_format(client, operator, subject):
    client.force_login(operator)
    client.get(reverse("privacy:subject_json", args=[subject.pk]))
    client.get(reverse("privacy:subject_pdf", args=[subject.pk]))
    events = AuditEvent.objects.filter(action="inmate.subject_report_produced").order_by("id")
    assert [(e.actor, e.object_id, e.data) for e in events] == [
        (operator, str(subject.pk), {"format": "json"}),
        (operator, str(subject.pk), {"format": "pdf"}),
    ]


def test_only_the_facility_staff_and_the_administrator_produce_it(
    client, operator, head, system_admin, other_operator, agency_admin, kanwil, facility
):
    inmate = factories.InmateFactory(facility=facility, nik=NIK, full_name="Rahasia Tersimpan")
    for name in ("privacy:subject_json", "privacy:subject_pdf"):
        url = reverse(name, args=[inmate.pk])
        for allowed in (operator, head, system_admin):
            client.force_login(allowed)
            assert client.get(url).status_code == 200
        for outsider in (other_operator, agency_admin, kanwil):
            client.force_login(outsider)
            assert_same_as_missing(client, client.get(url), reverse(name, args=[999_999]))
        client.logout()
        assert client.get(url)["Location"] == login_redirect(url)
    assert AuditEvent.objects.filter(action="inmate.subject_report_produced").count() == 6


def test_the_detail_page_links_the_report_for_those_allowed(client, head, facility):
    inmate = factories.InmateFactory(facility=facility)
    client.force_login(head)
    body = client.get(reverse("inmates:detail", args=[inmate.pk])).content.decode()
    assert reverse("privacy:subject_pdf", args=[inmate.pk]) in body
    assert reverse("privacy:subject_json", args=[inmate.pk]) in body


def test_the_register_part_names_every_field_of_the_inmate(facility, operator):
    """A field added to the register tomorrow fails here until the report shows it."""
    inmate = factories.InmateFactory(facility=facility)
    shown = set(subject_report(inmate=inmate, produced_by=operator)["inmate"])
    fields = {field.name for field in Inmate._meta.get_fields() if field.concrete}
    assert fields <= shown, fields - shown
