"""Certificates: who qualifies, numbering, snapshots, PDFs, revocation, correction."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from pypdf import PdfReader

from certificates import selectors, services
from certificates.models import Certificate, CertificateCounter
from lapas_training.models import AuditEvent
from programs.numbering import format_number, validate_number_format
from tests.certificates.helpers import closed_cohort
from tests.helpers import after_commit

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def agency_cohort(cohort, agency):
    agency.code = "BLK-LMG"
    agency.city = "Kota Mojokerto"
    agency.save()
    cohort.program.code = "LAS"
    cohort.program.save()
    return cohort


# --- numbering --------------------------------------------------------------------------------


def test_number_format_like_an_official_letter():
    fmt = "{seq:04d}/{agency}/{program}/{month_roman}/{year}"
    number = format_number(fmt, seq=7, agency="BLK-LMG", program="LAS", month=9, year=2025)
    assert number == "0007/BLK-LMG/LAS/IX/2025"


@pytest.mark.parametrize(
    "fmt",
    ["{agency}/{year}", "{seq.__class__}", "{seq}/{secret}", "{seq!r}", "{agency:>40}", "{seq"],
)
def test_unsafe_or_incomplete_formats_are_refused(fmt):
    with pytest.raises(ValidationError):
        validate_number_format(fmt)


def test_numbers_are_per_agency_per_year_and_gap_free(agency, other_agency):
    assert services.allocate_numbers(agency=agency, year=2025, count=3) == [1, 2, 3]
    assert services.allocate_numbers(agency=agency, year=2025, count=2) == [4, 5]
    assert services.allocate_numbers(agency=other_agency, year=2025, count=1) == [1]
    assert services.allocate_numbers(agency=agency, year=2026, count=1) == [1]
    assert CertificateCounter.objects.get(agency=agency, year=2025).last_sequence == 5


# --- issuance ---------------------------------------------------------------------------------


def test_preview_says_who_qualifies_and_why_not(agency_cohort, instructor):
    closed_cohort(
        cohort=agency_cohort,
        instructor=instructor,
        names=["Ahmad", "Budi", "Candra"],
        failing=["Budi"],
        absent=["Candra"],
    )
    rows = {
        r.enrollment.inmate.full_name: r for r in selectors.issuance_preview(cohort=agency_cohort)
    }
    assert rows["Ahmad"].to_issue is True
    assert rows["Budi"].blocks == ["Hasil belum kompeten."]
    assert rows["Candra"].blocks == ["Kehadiran 0% di bawah minimal 80%."]


def test_issue_numbers_snapshots_and_stores_pdfs(agency_cohort, instructor, agency_admin):
    closed_cohort(
        cohort=agency_cohort, instructor=instructor, names=["Ahmad Fauzi", "Budi"], units=2
    )
    with after_commit():
        issued = services.certificates_issue(actor=agency_admin, cohort=agency_cohort)
    assert [c.snapshot["holder"]["name"] for c in issued] == ["Ahmad Fauzi", "Budi"]
    year = issued[0].year
    month = issued[0].issued_at.month
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][month - 1]
    assert [c.number for c in issued] == [
        f"0001/BLK-LMG/LAS/{roman}/{year}",
        f"0002/BLK-LMG/LAS/{roman}/{year}",
    ]
    first = Certificate.objects.get(pk=issued[0].pk)
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", first.verification_code)
    content = first.pdf.read()
    assert content.startswith(b"%PDF")
    import hashlib

    assert hashlib.sha256(content).hexdigest() == first.pdf_sha256
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2  # front and the competency units
    text = pdf_text(content)
    assert "Ahmad Fauzi" in text
    assert first.number in text
    assert "Lapas" not in text  # the certificate never names the prison
    assert list(
        AuditEvent.objects.filter(action="certificate.issued")
        .order_by("id")
        .values_list("object_repr", flat=True)
    ) == [c.number for c in issued]


def test_issuing_twice_issues_nothing_twice(agency_cohort, instructor, agency_admin):
    closed_cohort(cohort=agency_cohort, instructor=instructor, names=["Ahmad", "Budi"])
    assert len(services.certificates_issue(actor=agency_admin, cohort=agency_cohort)) == 2
    assert services.certificates_issue(actor=agency_admin, cohort=agency_cohort) == []
    assert Certificate.objects.count() == 2


def test_snapshot_is_frozen(agency_cohort, instructor, agency_admin):
    enrollments = closed_cohort(cohort=agency_cohort, instructor=instructor, names=["Ahmad"])
    with after_commit():
        (certificate,) = services.certificates_issue(actor=agency_admin, cohort=agency_cohort)
    inmate = enrollments["Ahmad"].inmate
    inmate.full_name = "Nama Baru"
    inmate.save()
    certificate.refresh_from_db()
    assert certificate.snapshot["holder"]["name"] == "Ahmad"


def test_open_cohort_and_wrong_issuer_are_refused(cohort, agency_admin, other_agency_admin):
    with pytest.raises(ValidationError, match="ditutup"), after_commit():
        services.certificates_issue(actor=agency_admin, cohort=cohort)
    with pytest.raises(ValidationError, match="Hanya admin instansi penerbit"), after_commit():
        services.certificates_issue(actor=other_agency_admin, cohort=cohort)
    assert Certificate.objects.count() == 0


# --- revoke and correct -----------------------------------------------------------------------


def test_revoke_needs_a_reason(agency_cohort, instructor, agency_admin):
    closed_cohort(cohort=agency_cohort, instructor=instructor, names=["Ahmad"])
    with after_commit():
        (certificate,) = services.certificates_issue(actor=agency_admin, cohort=agency_cohort)
    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=agency_admin, certificate=certificate, reason="  ")
    services.certificate_revoke(
        actor=agency_admin, certificate=certificate, reason="Data kehadiran dipalsukan"
    )
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revocation_reason) == (
        "revoked",
        "Data kehadiran dipalsukan",
    )
    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=agency_admin, certificate=certificate, reason="lagi")


def test_correction_supersedes_with_a_new_number_and_code(agency_cohort, instructor, agency_admin):
    enrollments = closed_cohort(cohort=agency_cohort, instructor=instructor, names=["Ahmad Fausi"])
    with after_commit():
        (old,) = services.certificates_issue(actor=agency_admin, cohort=agency_cohort)
    inmate = enrollments["Ahmad Fausi"].inmate
    inmate.full_name = "Ahmad Fauzi"
    inmate.save()
    with after_commit():
        new = services.certificate_reissue(
            actor=agency_admin, certificate=old, reason="Salah ketik nama"
        )
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, old.superseded_by) == ("superseded", new)
    assert new.status == "valid"
    assert new.number != old.number
    assert new.verification_code != old.verification_code
    assert new.snapshot["holder"]["name"] == "Ahmad Fauzi"
    assert "Ahmad Fauzi" in pdf_text(new.pdf.read())


# --- hostile input ----------------------------------------------------------------------------

HOSTILE_NAME = '<link rel="attachment" href="file:///etc/passwd">'


@override_settings(SITE_URL="https://pelatihan.example.go.id")
def test_hostile_name_prints_literally_and_attaches_nothing(
    agency_cohort, instructor, agency_admin
):
    closed_cohort(cohort=agency_cohort, instructor=instructor, names=[HOSTILE_NAME])
    with after_commit():
        (certificate,) = services.certificates_issue(actor=agency_admin, cohort=agency_cohort)
    certificate.refresh_from_db()
    content = certificate.pdf.read()
    assert b"/EmbeddedFile" not in content
    assert b"root:x:0:0" not in content
    text = pdf_text(content).replace("\n", "")  # the long name wraps
    assert HOSTILE_NAME in text


def test_fetcher_refuses_files_network_and_traversal(settings, tmp_path):
    from certificates.pdf import ProjectFilesFetcher, RefusedURL

    fetcher = ProjectFilesFetcher()
    for url in [
        "file:///etc/passwd",
        "http://127.0.0.1:9/secret",
        "https://example.com/logo.png",
        "https://assets.invalid/static/../../../../etc/passwd",
        "https://assets.invalid/media/../settings.py",
        "https://assets.invalid/etc/passwd",
    ]:
        with pytest.raises((RefusedURL, ValueError)):
            fetcher.fetch(url)
    font = fetcher.fetch("https://assets.invalid/static/vendor/fonts/lato/Lato-Regular.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain;base64,aGFsbw==").read() == b"halo"


def test_hostile_program_title_and_css_make_no_request(agency_cohort, instructor, agency_admin):
    """An <img> at a local listener and a CSS url() payload must not be fetched."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    hits = []

    def accept():
        try:
            conn, _addr = listener.accept()
            hits.append(conn.recv(100))
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    program = agency_cohort.program
    program.name = (
        f'<img src="http://127.0.0.1:{port}/x.png">'
        f'<style>body {{ background: url("http://127.0.0.1:{port}/bg") }}</style>'
    )
    program.save()
    closed_cohort(cohort=agency_cohort, instructor=instructor, names=["Ahmad"])
    with after_commit():
        (certificate,) = services.certificates_issue(actor=agency_admin, cohort=agency_cohort)
    thread.join()
    listener.close()
    certificate.refresh_from_db()
    assert hits == []
    assert f"127.0.0.1:{port}/x.png" in pdf_text(certificate.pdf.read())


def test_logo_is_reencoded_and_capped(agency, agency_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1600, 800), "navy").save(buffer, format="JPEG")
    upload = SimpleUploadedFile("logo.jpg", buffer.getvalue(), content_type="image/jpeg")
    services.agency_update_settings(actor=agency_admin, agency=agency, logo_file=upload)
    agency.refresh_from_db()
    with Image.open(agency.logo.open("rb")) as stored:
        assert (stored.format, stored.size) == ("PNG", (600, 300))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"not an image at all", "Berkas ini bukan gambar PNG atau JPEG yang valid."),
        ("logo.gif", "gif", "Logo harus berkas PNG atau JPEG."),
    ],
)
def test_bad_logos_are_refused(agency, agency_admin, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    if content == "gif":
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, format="GIF")
        content = buffer.getvalue()
    with pytest.raises(ValidationError) as excinfo:
        services.agency_update_settings(
            actor=agency_admin, agency=agency, logo_file=SimpleUploadedFile(name, content)
        )
    assert excinfo.value.message_dict == {"logo": [message]}
    agency.refresh_from_db()
    assert not agency.logo


def test_huge_logo_is_refused(agency, agency_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (services.MAX_LOGO_BYTES + 1))
    with pytest.raises(ValidationError) as excinfo:
        services.agency_update_settings(actor=agency_admin, agency=agency, logo_file=upload)
    assert excinfo.value.message_dict == {"logo": ["Logo terlalu besar (maksimal 2 MB)."]}


def test_number_format_needs_the_year():
    with pytest.raises(ValidationError) as excinfo:
        validate_number_format("{seq:04d}/{agency}")
    assert excinfo.value.messages == ["Format nomor wajib memuat {seq} dan {year}."]


def test_reopen_is_refused_while_valid_certificates_exist(
    agency_cohort, instructor, agency_admin, system_admin
):
    from programs import services as program_services

    closed_cohort(cohort=agency_cohort, instructor=instructor, names=["Ahmad"])
    with after_commit():
        (certificate,) = services.certificates_issue(actor=agency_admin, cohort=agency_cohort)
    with pytest.raises(ValidationError, match="Cabut sertifikat"):
        program_services.cohort_reopen(actor=system_admin, cohort=agency_cohort, reason="Koreksi")
    services.certificate_revoke(actor=agency_admin, certificate=certificate, reason="Nilai salah")
    program_services.cohort_reopen(actor=system_admin, cohort=agency_cohort, reason="Koreksi")
    agency_cohort.refresh_from_db()
    assert agency_cohort.status == "running"


def test_only_the_issuing_agency_revokes_or_corrects(
    agency_cohort, instructor, agency_admin, other_agency_admin, operator
):
    closed_cohort(cohort=agency_cohort, instructor=instructor, names=["Ahmad"])
    with after_commit():
        (certificate,) = services.certificates_issue(actor=agency_admin, cohort=agency_cohort)
    for outsider in (other_agency_admin, operator):
        with pytest.raises(ValidationError):
            services.certificate_revoke(actor=outsider, certificate=certificate, reason="x")
        with pytest.raises(ValidationError), after_commit():
            services.certificate_reissue(actor=outsider, certificate=certificate, reason="x")
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_instructors_see_no_certificates(agency_cohort, instructor, agency_admin):
    closed_cohort(cohort=agency_cohort, instructor=instructor, names=["Ahmad"])
    with after_commit():
        services.certificates_issue(actor=agency_admin, cohort=agency_cohort)
    assert list(selectors.certificates_visible_to(user=instructor)) == []
