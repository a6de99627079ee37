"""The agency admin issues 40 certificates and watches their PDFs arrive from the task worker,
then downloads one of them and the ceremony PDF assembled in the background."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from lapas_training.models import Role
from tests import factories
from tests.browser.conftest import log_in
from tests.certificates.helpers import DATABASE_QUEUE, closed_cohort, run_worker
from tests.factories import TEST_PASSWORD

FORTY = [f"Peserta Nomor {n:02d}" for n in range(1, 41)]


@pytest.fixture
def forty(transactional_db, settings):
    settings.TASKS = DATABASE_QUEUE
    settings.CERTIFICATE_RENDER_CHUNK = 10
    agency = factories.PartnerAgencyFactory(name="Disnaker Kabupaten Lamongan", code="DSN-LMG")
    instructor = factories.UserFactory(role=Role.INSTRUCTOR, agency=agency)
    factories.UserFactory(username="admin.disnaker", role=Role.AGENCY_ADMIN, agency=agency)
    cohort = factories.CohortFactory(
        agency=agency,
        program=factories.ProgramFactory(name="Pengelasan SMAW", code="LAS"),
        instructors=[instructor],
    )
    closed_cohort(cohort=cohort, instructor=instructor, names=FORTY, units=2)
    return cohort


def test_issue_forty_watch_the_pdfs_arrive_and_download(page, forty, screenshot):
    log_in(page, "admin.disnaker", TEST_PASSWORD)
    page.goto(f"/angkatan/{forty.pk}/sertifikat/terbitkan/")
    page.get_by_role("button", name="Ya, terbitkan 40 sertifikat").click()
    expect(page.locator(".alert-success")).to_have_text("40 sertifikat diterbitkan.")
    progress = page.locator("#render-progress")
    expect(progress.locator("[data-progress-stored]")).to_have_text("0")
    expect(progress.locator("[data-progress-total]")).to_have_text("40")
    screenshot(page, "render-progress-0")

    run_worker(max_tasks=1)  # one chunk of ten
    expect(progress.locator("[data-progress-stored]")).to_have_text("10")
    expect(page.locator("#render-bar")).to_have_js_property("value", 10)
    screenshot(page, "render-progress-10")
    run_worker()
    expect(page.locator("#render-finished")).to_be_visible()
    expect(page.locator("#render-bar")).to_have_js_property("value", 40)
    expect(progress.locator("[data-progress-stored]")).to_have_text("40")
    screenshot(page, "render-progress-40")

    page.locator("#qualification a").first.click()
    href = page.get_by_role("link", name="Unduh PDF").get_attribute("href")
    single = page.context.request.get(href)  # the browser's session, as a click would send
    assert single.headers["content-type"] == "application/pdf"
    certificate = PdfReader(io.BytesIO(single.body()))
    assert "Peserta Nomor 01" in certificate.pages[0].extract_text()

    page.goto(f"/angkatan/{forty.pk}/penyerahan/baru/")
    page.get_by_label("Tanggal penyerahan").fill("30/09/2026")
    page.get_by_label("Tempat").fill("Aula Lapas Kelas IIB Lamongan")
    page.get_by_role("button", name="Siapkan PDF cetak").click()
    expect(page.locator("#render-progress")).to_contain_text("PDF cetak sedang disusun")
    screenshot(page, "ceremony-assembling")
    run_worker()
    download_link = page.get_by_role("link", name="Unduh PDF cetak")
    expect(download_link).to_be_visible()  # the page reloaded itself once the file was stored
    response = page.context.request.get(download_link.get_attribute("href"))
    combined = PdfReader(io.BytesIO(response.body()))
    # Forty certificates of two pages in handover order (by name), then the receipt.
    assert "Peserta Nomor 40" in combined.pages[78].extract_text()
    assert "TANDA TERIMA SERTIFIKAT" in combined.pages[80].extract_text()
