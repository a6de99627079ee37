"""One handover for a training event: every cohort's certificates, one PDF, one receipt."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from certificates import services
from certificates.models import Ceremony
from programs.models import FundingSource
from programs.services import event_create
from tests import factories
from tests.certificates.helpers import closed_cohort
from tests.helpers import after_commit, formset_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(facility, agency, other_agency, operator):
    return event_create(
        actor=operator,
        facility=facility,
        agencies=[agency, other_agency],
        name="Pelatihan Kemandirian WBP Tahap II 2026",
        funding_source=FundingSource.APBD,
        start_date=date(2026, 6, 1),
        end_date=date(2026, 9, 30),
    )


@pytest.fixture
def issued(event, agency, other_agency, agency_admin, other_agency_admin, instructor, operator):
    """Two cohorts taught by the agency, one by the other agency, all issued."""
    foreign = factories.UserFactory(
        username="instruktur.lain", role="instructor", agency=other_agency
    )
    plan = [
        ("Pengelasan", agency, instructor, ["Zaki", "Ahmad"]),
        ("Desain Interior", agency, instructor, ["Yusuf", "Bima"]),
        ("Konstruksi", other_agency, foreign, ["Cahyo"]),
    ]
    for program, teaching_agency, teacher, names in plan:
        cohort = factories.CohortFactory(
            event=event,
            program=factories.ProgramFactory(name=program, hours=16),
            facility=event.facility,
            agency=teaching_agency,
            created_by=operator,
            instructors=[teacher],
        )
        closed_cohort(cohort=cohort, instructor=teacher, names=names)
        issuer = agency_admin if teaching_agency == agency else other_agency_admin
        with after_commit():
            services.certificates_issue(actor=issuer, cohort=cohort)
    return event


def receipt_page(ceremony: Ceremony) -> str:
    with ceremony.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return reader.pages[-1].extract_text()


def test_the_event_ceremony_hands_over_the_agency_s_certificates_by_program_then_name(
    client, issued, agency_admin
):
    client.force_login(agency_admin)
    url = reverse("certificates:event_ceremony_create", args=[issued.pk])
    page = client.get(url)
    rows = [
        (f.row_object.snapshot["program"]["name"], f.row_object.snapshot["holder"]["name"])
        for f in page.context["order_formset"]
    ]
    assert rows == [
        ("Desain Interior", "Bima"),
        ("Desain Interior", "Yusuf"),
        ("Pengelasan", "Ahmad"),
        ("Pengelasan", "Zaki"),
    ]
    data = formset_data(
        "urutan",
        [
            {"row": f.row_object.pk, "position": n}
            for n, f in enumerate(page.context["order_formset"], 1)
        ],
        date="30/09/2026",
        place="Aula Lapas Lamongan",
        officials="Kepala Lapas",
    )
    with after_commit():
        response = client.post(url, data)
    ceremony = Ceremony.objects.get()
    assert response["Location"] == reverse("certificates:ceremony", args=[ceremony.pk])
    assert (ceremony.event, ceremony.cohort, ceremony.agency) == (issued, None, agency_admin.agency)
    receipt = receipt_page(ceremony)
    assert "Pelatihan Kemandirian WBP Tahap II 2026" in receipt
    assert "Hari, tanggal : Rabu, 30 September 2026" in receipt
    assert "Cahyo" not in receipt  # the other agency hands over its own
    assert receipt.index("Bima") < receipt.index("Yusuf") < receipt.index("Ahmad")
    totals = receipt[receipt.index("Jumlah seluruhnya") - 60 :]
    assert "Desain Interior 2" in receipt and "Pengelasan 2" in receipt
    assert "Jumlah seluruhnya 4" in totals


def test_the_handover_order_can_be_renumbered(client, issued, agency_admin):
    client.force_login(agency_admin)
    url = reverse("certificates:event_ceremony_create", args=[issued.pk])
    forms = list(client.get(url).context["order_formset"])
    positions = {"Zaki": 1, "Bima": 2, "Ahmad": 3, "Yusuf": 4}
    data = formset_data(
        "urutan",
        [
            {"row": f.row_object.pk, "position": positions[f.row_object.snapshot["holder"]["name"]]}
            for f in forms
        ],
        date="30/09/2026",
        place="Aula",
    )
    client.post(url, data)
    items = Ceremony.objects.get().items.select_related("certificate")
    assert [i.certificate.snapshot["holder"]["name"] for i in items] == list(positions)


def test_each_agency_hands_over_only_its_own(client, issued, other_agency_admin, agency):
    client.force_login(other_agency_admin)
    url = reverse("certificates:event_ceremony_create", args=[issued.pk])
    page = client.get(url)
    assert [f.row_object.snapshot["holder"]["name"] for f in page.context["order_formset"]] == [
        "Cahyo"
    ]
    # Naming another agency is answered as if it did not exist.
    assert client.get(url + f"?instansi={agency.pk}").status_code == 404
    assert client.post(url, {"agency": agency.pk}).status_code == 404


def test_a_system_administrator_chooses_the_agency(client, issued, system_admin, other_agency):
    client.force_login(system_admin)
    url = reverse("certificates:event_ceremony_create", args=[issued.pk])
    page = client.get(url + f"?instansi={other_agency.pk}")
    assert page.context["agency"] == other_agency
    assert len(page.context["agencies"]) == 2


def test_the_service_refuses_an_agency_outside_the_actor_s_reach(
    issued, agency_admin, other_agency
):
    with pytest.raises(ValidationError):
        services.ceremony_create(
            actor=agency_admin,
            event=issued,
            agency=other_agency,
            date=date(2026, 9, 30),
            place="Aula",
        )
    assert not Ceremony.objects.exists()


def test_lapas_staff_see_the_event_s_ceremony(client, issued, agency_admin, head):
    ceremony = services.ceremony_create(
        actor=agency_admin,
        event=issued,
        agency=agency_admin.agency,
        date=date(2026, 9, 30),
        place="Aula",
    )
    client.force_login(head)
    page = client.get(reverse("certificates:ceremony", args=[ceremony.pk]))
    assert page.status_code == 200
    assert "Desain Interior" in page.content.decode()
