"""The agency admin issues a cohort's certificates, prints the ceremony PDF, and an employer
follows the QR code; a revoked certificate says so."""

import io
import subprocess

import pytest
from pypdf import PdfReader

from lapas_training.models import Role
from tests import factories
from tests.browser.conftest import log_in
from tests.certificates.helpers import closed_cohort
from tests.factories import TEST_PASSWORD


@pytest.fixture
def cohort(transactional_db):
    facility = factories.FacilityFactory(name="Lapas Kelas IIB Lamongan")
    agency = factories.PartnerAgencyFactory(
        name="Disnaker Kabupaten Lamongan",
        code="DISNAKER-LMG",
        city="Kabupaten Lamongan",
        head_name="Agus Priyanto",
        head_title="Kepala Dinas Tenaga Kerja Kabupaten Lamongan",
    )
    instructor = factories.UserFactory(role=Role.INSTRUCTOR, agency=agency)
    factories.UserFactory(username="admin.disnaker", role=Role.AGENCY_ADMIN, agency=agency)
    program = factories.ProgramFactory(
        name="Pengelasan Konstruksi Baja", code="LASK", certificate_kind="competency"
    )
    cohort = factories.CohortFactory(
        facility=facility, agency=agency, program=program, instructors=[instructor]
    )
    closed_cohort(
        cohort=cohort,
        instructor=instructor,
        names=["Ahmad Fauzi", "Bayu Saputra", "Candra Wijaya"],
        failing=["Candra Wijaya"],
        units=3,
    )
    return cohort


def qr_url(pdf_bytes: bytes, folder) -> str:
    """Render the first page to PNG and read its QR code, as a phone would."""
    pdf_path = folder / "certificate.pdf"
    pdf_path.write_bytes(pdf_bytes)
    subprocess.run(  # noqa: S603 -- fixed Debian tools on our own file
        ["/usr/bin/pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", pdf_path, folder / "page"],
        check=True,
    )
    png = next(folder.glob("page*.png"))
    result = subprocess.run(  # noqa: S603
        ["/usr/bin/zbarimg", "-q", "--raw", png], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_issue_print_verify_revoke(page, live_server, cohort, settings, screenshot, tmp_path):
    settings.SITE_URL = live_server.url
    log_in(page, "admin.disnaker", TEST_PASSWORD)
    page.goto(f"/angkatan/{cohort.pk}/")
    page.locator("main").get_by_role("link", name="Sertifikat", exact=True).click()
    assert "Hasil belum kompeten." in page.locator("#qualification").inner_text()
    screenshot(page, "certificates-preview")
    page.get_by_role("link", name="Terbitkan 2 sertifikat…").click()
    # The confirmation says how many, which numbers and which hours, before anything happens.
    assert (
        "2 sertifikat diterbitkan dan diberi nomor tetap"
        in page.locator("#issue-summary").inner_text()
    )
    assert page.locator("#number-range").inner_text().startswith("0001/")
    screenshot(page, "certificates-issue-confirm")
    page.get_by_role("button", name="Ya, terbitkan 2 sertifikat").click()
    assert page.locator(".alert-success").inner_text() == "2 sertifikat diterbitkan."

    page.get_by_role("link", name="Siapkan penyerahan").click()
    page.get_by_label("Tanggal penyerahan").fill("30/09/2026")
    page.get_by_label("Tempat").fill("Aula Lapas Kelas IIB Lamongan")
    page.get_by_role("button", name="Siapkan PDF cetak").click()
    screenshot(page, "ceremony")
    href = page.get_by_role("link", name="Unduh PDF cetak").get_attribute("href")
    download = page.context.request.get(href)  # the browser's session, as a click would send
    assert download.headers["content-type"] == "application/pdf"
    pdf_bytes = download.body()
    (screenshot.folder / "ceremony.pdf").write_bytes(pdf_bytes)
    reader = PdfReader(io.BytesIO(pdf_bytes))
    # Two certificates of two pages (front, competency units), then one receipt page.
    assert len(reader.pages) == 5
    assert "Ahmad Fauzi" in reader.pages[0].extract_text()
    assert "TANDA TERIMA SERTIFIKAT" in reader.pages[4].extract_text()

    url = qr_url(pdf_bytes, tmp_path)
    assert url.startswith(f"{live_server.url}/v/")
    page.goto(url)
    assert page.locator("#verify-status").inner_text() == "✓ Sertifikat ini sah"
    assert page.locator("#verify-name").inner_text() == "Ahmad Fauzi"
    assert "Lapas" not in page.locator("main").inner_text()
    screenshot(page, "verify-valid")

    page.goto("/sertifikat/?q=Ahmad")
    page.locator("#certificates a").first.click()
    page.get_by_role("link", name="Cabut").click()
    page.get_by_label("Alasan").fill("Diterbitkan atas data kehadiran yang keliru")
    page.get_by_role("button", name="Cabut sertifikat").click()
    page.goto(url)
    assert page.locator("#verify-status").inner_text() == "✕ Sertifikat ini telah dicabut"
    screenshot(page, "verify-revoked")
