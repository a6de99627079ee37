"""Certificate pages with three users, downloads, ceremonies and the public verification page."""

import io
import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certificates import services
from certificates.models import Certificate, CertificateCounter
from lapas_training.models import AuditEvent
from programs.numbering import ROMAN_MONTHS
from tests.certificates.helpers import closed_cohort
from tests.helpers import after_commit, assert_same_as_missing, formset_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(cohort, instructor, agency_admin):
    closed_cohort(
        cohort=cohort, instructor=instructor, names=["Ahmad Fauzi", "Budi", "Candra"], units=1
    )
    with after_commit():
        issued = services.certificates_issue(actor=agency_admin, cohort=cohort)
    for certificate in issued:
        certificate.refresh_from_db()  # its PDF was stored after the commit
    return issued


# --- issuance page ----------------------------------------------------------------------------


def test_issuance_page_three_users(client, agency_admin, other_agency_admin, cohort, instructor):
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad", "Budi"], failing=["Budi"])
    url = reverse("certificates:cohort", args=[cohort.pk])
    client.force_login(agency_admin)
    page = client.get(url)
    assert page.context["to_issue"] == 1
    assert Certificate.objects.count() == 0  # looking issues nothing
    client.force_login(other_agency_admin)
    missing = reverse("certificates:cohort", args=[99999])
    assert_same_as_missing(client, client.get(url), missing)
    client.logout()
    assert client.get(url)["Location"] == f"/akun/masuk/?next={url}"


def test_issuing_asks_first_and_says_exactly_what_will_happen(
    client, agency_admin, cohort, instructor
):
    enrollments = closed_cohort(
        cohort=cohort, instructor=instructor, names=["Ahmad", "Budi", "Candra"], units=2
    )
    CertificateCounter.objects.create(
        agency=cohort.agency, year=timezone.localdate().year, last_sequence=38
    )
    client.force_login(agency_admin)
    url = reverse("certificates:issue", args=[cohort.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert Certificate.objects.count() == 0
    month = timezone.localdate()
    first, last = page.context["numbers"]
    code = cohort.program.code
    roman = ROMAN_MONTHS[month.month - 1]
    assert (first, last) == (
        f"0039/{cohort.agency.code}/{code}/{roman}/{month.year}",
        f"0041/{cohort.agency.code}/{code}/{roman}/{month.year}",
    )
    assert page.context["plan"].printed == 120
    assert page.context["sample"]["holder"]["name"] == "Ahmad"
    body = page.content.decode()
    assert f"{first} – {last}" in body
    assert "<strong>120 JP</strong>" in body
    expected = {
        "enrollment": [e.pk for e in enrollments.values()],
        "hours": "120",
        "first": str(page.context["first_sequence"]),
    }
    assert expected["first"] == "39"
    # Numbers taken elsewhere since the page was shown: nothing is issued, it says why.
    stale = client.post(url, {**expected, "first": "38"}, follow=True)
    assert [str(m) for m in stale.context["messages"]] == [
        "Nomor sertifikat berubah sejak halaman konfirmasi dibuka (instansi baru saja "
        "menerbitkan sertifikat lain). Periksa lagi."
    ]
    assert Certificate.objects.count() == 0
    assert CertificateCounter.objects.get(agency=cohort.agency).last_sequence == 38
    response = client.post(url, expected, follow=True)
    assert response.redirect_chain == [(reverse("certificates:cohort", args=[cohort.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == ["3 sertifikat diterbitkan."]
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == [39, 40, 41]
    # The same confirmation sent again (a double click, the back button) issues nothing.
    again = client.post(url, expected, follow=True)
    assert Certificate.objects.count() == 3
    assert [str(m) for m in again.context["messages"]] == [
        "Sertifikat untuk peserta ini sudah diterbitkan."
    ]


def test_operator_sees_but_cannot_issue(client, operator, cohort, instructor):
    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad"])
    client.force_login(operator)
    url = reverse("certificates:cohort", args=[cohort.pk])
    assert client.get(url).context["can_issue"] is False
    issue = reverse("certificates:issue", args=[cohort.pk])
    missing = reverse("certificates:issue", args=[99999])
    assert_same_as_missing(client, client.post(issue), missing, method="post")
    assert Certificate.objects.count() == 0


# --- lists and downloads ----------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 3])
def test_certificate_list_query_count(
    client, agency_admin, cohort, instructor, rows, django_assert_num_queries
):
    closed_cohort(cohort=cohort, instructor=instructor, names=[f"Peserta {n}" for n in range(rows)])
    with after_commit():
        services.certificates_issue(actor=agency_admin, cohort=cohort)
    client.force_login(agency_admin)
    # Session, user, the session's second-factor device (django-otp), count, page.
    with django_assert_num_queries(5):
        response = client.get(reverse("certificates:list"))
    assert len(response.context["page"]) == rows


def test_list_scopes_and_searches(
    client, operator, other_operator, agency_admin, other_agency_admin, issued
):
    for user, expected in [
        (operator, 3),
        (agency_admin, 3),
        (other_operator, 0),
        (other_agency_admin, 0),
    ]:
        client.force_login(user)
        assert len(client.get(reverse("certificates:list")).context["page"]) == expected
    client.force_login(agency_admin)
    found = client.get(reverse("certificates:list"), {"q": "fauzi"}).context["page"]
    assert [c.snapshot["holder"]["name"] for c in found] == ["Ahmad Fauzi"]


def test_download_serves_the_stored_file_and_is_audited(
    client, agency_admin, other_operator, issued, monkeypatch
):
    from certificates import pdf

    def no_rendering(*args, **kwargs):
        raise AssertionError("downloads must never render again")

    monkeypatch.setattr(pdf, "render_batch", no_rendering)
    certificate = issued[0]
    client.force_login(agency_admin)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    body = b"".join(response.streaming_content)
    certificate.pdf.open("rb")
    assert body == certificate.pdf.read()
    assert response["Content-Type"] == "application/pdf"
    event = AuditEvent.objects.filter(action="certificate.downloaded").get()
    assert event.data["number"] == certificate.number
    client.force_login(other_operator)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert_same_as_missing(client, response, reverse("certificates:download", args=[99999]))


def test_inmate_page_lists_his_certificates(client, operator, issued):
    inmate = issued[0].enrollment.inmate
    client.force_login(operator)
    body = client.get(reverse("inmates:detail", args=[inmate.pk])).content.decode()
    assert issued[0].number in body


def test_revoke_page_needs_reason_and_issuer(client, agency_admin, operator, issued):
    url = reverse("certificates:revoke", args=[issued[0].pk])
    client.force_login(operator)
    response = client.post(url, {"reason": "x"})
    missing = reverse("certificates:revoke", args=[99999])
    assert_same_as_missing(client, response, missing, method="post", data={"reason": "x"})
    client.force_login(agency_admin)
    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors == {"reason": ["Bidang ini tidak boleh kosong."]}
    client.post(url, {"reason": "Diperoleh dengan data palsu"})
    issued[0].refresh_from_db()
    assert issued[0].status == "revoked"


# --- ceremony ---------------------------------------------------------------------------------


def test_ceremony_pdf_in_handover_order_with_receipt(client, agency_admin, issued, cohort):
    client.force_login(agency_admin)
    by_name = {c.snapshot["holder"]["name"]: c for c in issued}
    order = {"Candra": 1, "Ahmad Fauzi": 2, "Budi": 3}
    data = formset_data(
        "urutan",
        [{"row": by_name[name].pk, "position": pos} for name, pos in order.items()],
        date="30/09/2026",
        place="Aula Lapas",
        officials="Kepala Disnaker",
    )
    with after_commit():
        response = client.post(reverse("certificates:ceremony_create", args=[cohort.pk]), data)
    ceremony = cohort.ceremonies.get()
    assert response["Location"] == reverse("certificates:ceremony", args=[ceremony.pk])
    download = client.get(reverse("certificates:ceremony_download", args=[ceremony.pk]))
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    # Three certificates of two pages each (front and units), then one receipt page.
    assert len(reader.pages) == 7
    assert "Candra" in reader.pages[0].extract_text()
    receipt = reader.pages[6].extract_text()
    assert "TANDA TERIMA SERTIFIKAT" in receipt
    assert receipt.index("Candra") < receipt.index("Ahmad Fauzi") < receipt.index("Budi")
    printed = AuditEvent.objects.get(action="certificate.printed")
    assert printed.data["numbers"] == [by_name[n].number for n in ("Candra", "Ahmad Fauzi", "Budi")]


def test_ceremony_order_must_be_numbers(client, agency_admin, issued, cohort):
    client.force_login(agency_admin)
    data = formset_data(
        "urutan", [{"row": c.pk, "position": "x"} for c in issued], date="30/09/2026", place="Aula"
    )
    response = client.post(reverse("certificates:ceremony_create", args=[cohort.pk]), data)
    errors = [form.errors for form in response.context["order_formset"].forms]
    assert errors == [{"position": ["Isi urutan dengan angka 1 atau lebih."]}] * len(issued)
    assert cohort.ceremonies.count() == 0


def test_ceremony_order_must_hold_every_valid_certificate_once(
    client, agency_admin, issued, cohort
):
    client.force_login(agency_admin)
    rows = [{"row": c.pk, "position": n} for n, c in enumerate(issued, start=1)]
    url = reverse("certificates:ceremony_create", args=[cohort.pk])
    for posted in (rows[:-1], [*rows[:-1], rows[0]]):
        data = formset_data("urutan", posted, date="30/09/2026", place="Aula")
        response = client.post(url, data)
        assert response.context["order_formset"].non_form_errors() == [
            "Urutan penyerahan harus memuat setiap sertifikat sah tepat satu kali."
        ]
    assert cohort.ceremonies.count() == 0


# --- public verification ----------------------------------------------------------------------


def test_verification_page_shows_only_what_an_employer_needs(client, issued):
    certificate = issued[0]
    inmate = certificate.enrollment.inmate
    response = client.get(reverse("certificates:verify", args=[certificate.verification_code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="verify-status">✓ Sertifikat ini sah</div>' in body
    for shown in ("Ahmad Fauzi", certificate.number, certificate.agency.name, "120"):
        assert shown in body
    for hidden in (
        inmate.facility.name,
        "Lapas",
        inmate.registration_number,
        inmate.birth_place,
        "1990",
        ".pdf",
        "unduh",
    ):
        assert hidden not in body


def test_revoked_and_superseded_states(client, agency_admin, issued):
    revoked, corrected = issued[0], issued[1]
    services.certificate_revoke(actor=agency_admin, certificate=revoked, reason="Palsu")
    with after_commit():
        new = services.certificate_reissue(actor=agency_admin, certificate=corrected, reason="Typo")
    body = client.get(reverse("certificates:verify", args=[revoked.verification_code])).content
    assert "Sertifikat ini telah dicabut" in body.decode()
    body = client.get(reverse("certificates:verify", args=[corrected.verification_code]))
    assert "Sertifikat ini telah diganti" in body.content.decode()
    assert reverse("certificates:verify", args=[new.verification_code]) in body.content.decode()


@pytest.mark.parametrize("code", ["x" * 32, "short", "a" * 200, "%3Cscript%3E"])
def test_unknown_or_malformed_code_is_404_in_indonesian(client, code):
    response = client.get(f"/v/{code}")
    assert response.status_code == 404
    assert "Sertifikat dengan kode ini tidak ditemukan" in response.content.decode()


def test_verification_is_rate_limited_per_address(client, settings, issued):
    settings.VERIFY_RATE = "3/m"
    url = reverse("certificates:verify", args=[issued[0].verification_code])
    statuses = [client.get(url, REMOTE_ADDR="198.51.100.7").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(url, REMOTE_ADDR="198.51.100.8").status_code == 200


# --- concurrency ------------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; CI runs it there"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_numbering_never_duplicates_or_skips(agency):
    errors = []

    def issue_many():
        try:
            for _ in range(25):
                with transaction.atomic():
                    services.allocate_numbers(agency=agency, year=2030, count=1)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue_many) for _ in range(8)]
    taken = []
    original = services.allocate_numbers

    def recording(**kwargs):
        numbers = original(**kwargs)
        taken.extend(numbers)
        return numbers

    services.allocate_numbers = recording
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        services.allocate_numbers = original
    assert errors == []
    assert sorted(taken) == list(range(1, 201))
    assert CertificateCounter.objects.get(agency=agency, year=2030).last_sequence == 200


# --- agency settings and preview --------------------------------------------------------------


def test_agency_settings_and_sample_preview(client, agency_admin, instructor, agency):
    from PIL import Image

    client.force_login(agency_admin)
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), "green").save(buffer, format="PNG")
    buffer.name = "logo.png"
    buffer.seek(0)
    data = {
        "address": "Jl. Veteran 1",
        "city": "Kabupaten Lamongan",
        "head_name": "Agus Priyanto",
        "head_title": "Kepala Dinas",
        "head_nip": "",
        "second_signatory_name": "",
        "second_signatory_title": "",
        "second_signatory_nip": "",
        "certificate_number_format": "{seq:03d}/SERT/{agency}/{year}",
        "logo": buffer,
    }
    response = client.post(reverse("certificates:agency_settings"), data)
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.certificate_number_format == "{seq:03d}/SERT/{agency}/{year}"
    assert agency.logo.name.endswith(".png")
    preview = client.get(reverse("certificates:agency_preview"))
    assert preview["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(preview.content)).pages[0].extract_text()
    assert "CONTOH" in text
    assert "007/SERT/DISNAKER-LMG/" in text
    client.force_login(instructor)
    assert_same_as_missing(client, client.get(reverse("certificates:agency_settings")))


def test_bad_number_format_is_explained_next_to_the_field(client, agency_admin, agency):
    client.force_login(agency_admin)
    response = client.post(
        reverse("certificates:agency_settings"),
        {
            "city": agency.city,
            "head_name": agency.head_name,
            "head_title": agency.head_title,
            "certificate_number_format": "{agency.__class__}/{year}",
        },
    )
    assert response.context["form"].errors["certificate_number_format"] == [
        "Bagian {agency.__class__} tidak dikenali. "
        "Tersedia: agency, month, month_roman, program, seq, year."
    ]
