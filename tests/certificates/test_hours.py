"""A certificate never states more hours (JP) than the held sessions delivered."""

import io
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certificates import selectors, services
from certificates.models import Certificate
from lapas_training.models import AuditEvent
from programs import services as program_services
from programs.services import Assessment
from tests import factories
from tests.certificates.helpers import closed_cohort
from tests.helpers import after_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def short_cohort(cohort, instructor):
    """A closed cohort of a 120 JP program whose held sessions delivered 90 JP."""
    closed_cohort(
        cohort=cohort, instructor=instructor, names=["Ahmad", "Budi"], units=1, short_by=30
    )
    return cohort


def test_a_shortfall_stops_issuing_until_the_agency_decides(short_cohort, agency_admin):
    plan = selectors.hours_plan(cohort=short_cohort)
    assert (plan.hours.program, plan.hours.delivered, plan.hours.shortfall) == (120, 90, 30)
    assert (plan.needs_decision, plan.printed) == (True, None)
    with pytest.raises(ValidationError) as refused, after_commit():
        services.certificates_issue(actor=agency_admin, cohort=short_cohort)
    assert refused.value.messages == [
        "Sesi yang terlaksana memberikan 90 JP, kurang 30 JP dari 120 JP program. Jadwalkan JP "
        "yang kurang, atau putuskan dengan alasan tertulis untuk mencantumkan JP yang terlaksana."
    ]
    assert Certificate.objects.count() == 0


def test_a_written_decision_prints_the_delivered_hours_and_is_audited(short_cohort, agency_admin):
    with pytest.raises(ValidationError) as refused:
        services.hours_decision_record(actor=agency_admin, cohort=short_cohort, reason="  ")
    assert refused.value.message_dict == {"reason": ["Alasan keputusan wajib diisi."]}
    services.hours_decision_record(
        actor=agency_admin, cohort=short_cohort, reason="Dua pekan Lapas ditutup karena razia."
    )
    event = AuditEvent.objects.get(action="certificate.hours_decided")
    assert event.data == {
        "program": 120,
        "delivered": 90,
        "reason": "Dua pekan Lapas ditutup karena razia.",
    }
    with after_commit():
        certificates = services.certificates_issue(actor=agency_admin, cohort=short_cohort)
    assert [c.snapshot["program"]["hours"] for c in certificates] == [90, 90]
    certificate = certificates[0]
    certificate.refresh_from_db()  # the PDF was stored after the commit
    certificate.pdf.open("rb")
    pages = PdfReader(io.BytesIO(certificate.pdf.read())).pages
    front, back = (page.extract_text().replace("\n", " ") for page in pages)
    assert "selama 90 jam pelajaran (JP)" in front
    assert "JP yang terlaksana dan dicantumkan pada sertifikat: 90 dari 120 JP program." in back
    # The units' own JP would add up to more than was delivered: neither they nor a total show.
    assert "Jumlah" not in back
    unit_title = short_cohort.program.units.get().title
    assert f"{unit_title} JP yang terlaksana" in back


def test_a_decision_holds_only_for_the_hours_it_was_made_about(
    short_cohort, agency_admin, system_admin, instructor
):
    services.hours_decision_record(actor=agency_admin, cohort=short_cohort, reason="Razia")
    # Reopened to hold 10 more JP: the decision about 90 JP no longer stands.
    program_services.cohort_reopen(actor=system_admin, cohort=short_cohort, reason="Tambah sesi")
    extra = factories.SessionFactory(
        cohort=short_cohort, date=short_cohort.start_date, hours=10, start_time=time(16)
    )
    roster = list(short_cohort.enrollments.all())
    program_services.attendance_record(
        actor=instructor, session=extra, entries={e.pk: ("hadir", "") for e in roster}
    )
    program_services.assessments_record(
        actor=instructor,
        cohort=short_cohort,
        assessments={
            e.pk: Assessment(
                result="K",
                units=dict.fromkeys(short_cohort.program.units.values_list("pk", flat=True), "K"),
            )
            for e in roster
        },
    )
    program_services.cohort_close(actor=instructor, cohort=short_cohort)
    plan = selectors.hours_plan(cohort=short_cohort)
    assert (plan.hours.delivered, plan.needs_decision) == (100, True)


def test_without_a_shortfall_the_programs_hours_are_printed(cohort, instructor, agency_admin):
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad"])
    plan = selectors.hours_plan(cohort=cohort)
    assert (plan.needs_decision, plan.printed) == (False, 120)
    with pytest.raises(ValidationError, match="sudah memenuhi JP program"):
        services.hours_decision_record(actor=agency_admin, cohort=cohort, reason="Tidak perlu")
    with after_commit():
        (certificate,) = services.certificates_issue(actor=agency_admin, cohort=cohort)
    assert certificate.snapshot["program"]["hours"] == 120


def test_qualification_page_shows_the_shortfall_and_the_way_out(client, short_cohort, agency_admin):
    client.force_login(agency_admin)
    page = client.get(reverse("certificates:cohort", args=[short_cohort.pk]))
    body = page.content.decode()
    assert 'id="hours-shortfall"' in body
    assert reverse("certificates:hours_decision", args=[short_cohort.pk]) in body
    assert 'id="issue-button"' not in body
    url = reverse("certificates:hours_decision", args=[short_cohort.pk])
    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors == {"reason": ["Bidang ini tidak boleh kosong."]}
    response = client.post(url, {"reason": "Razia dua pekan"})
    assert response["Location"] == reverse("certificates:cohort", args=[short_cohort.pk])
    page = client.get(reverse("certificates:cohort", args=[short_cohort.pk]))
    body = page.content.decode()
    assert 'id="hours-decided"' in body
    assert 'id="issue-button"' in body
    assert timezone.localdate().strftime("%Y") in body


def test_certificates_that_overstate_their_hours_are_listed(cohort, instructor, agency_admin):
    from io import StringIO

    from django.core.management import call_command

    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad"])
    with after_commit():
        (certificate,) = services.certificates_issue(actor=agency_admin, cohort=cohort)
    out = StringIO()
    call_command("check_certificate_hours", stdout=out)
    assert out.getvalue().splitlines() == [
        "0 sertifikat mencantumkan JP lebih dari yang terlaksana."
    ]
    # A certificate from before hours were counted from held sessions states the program's.
    certificate.snapshot["program"]["hours"] = 200
    Certificate.objects.filter(pk=certificate.pk).update(snapshot=certificate.snapshot)
    out = StringIO()
    call_command("check_certificate_hours", stdout=out)
    assert out.getvalue().splitlines() == [
        f"{certificate.agency.code}\t{certificate.number}\t200 JP > 120 JP",
        "1 sertifikat mencantumkan JP lebih dari yang terlaksana.",
    ]
