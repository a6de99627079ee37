"""A Kalapas reads the dashboard, switches the period, prints the monthly report and downloads
its XLSX; the Kanwil reads the figures of its province's two facilities and no inmate's page."""

import io
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from tests import factories
from tests.browser.conftest import log_in
from tests.factories import TEST_PASSWORD
from tests.reports import fixtures


@pytest.fixture
def world(facility, other_facility, agency, operator, head, kanwil):
    return fixtures.build(facility, other_facility, agency, operator)


def test_kalapas_dashboard_monthly_pdf_and_xlsx(page, world, head, screenshot):
    log_in(page, head.username, TEST_PASSWORD)
    expect(page.locator("h1")).to_have_text("Lapas Kelas IIB Lamongan")
    page.get_by_role("link", name="Tahun lalu").click()
    expect(page.locator("#period-label")).to_have_text("Periode: Tahun 2025")
    expect(page.locator("#stat-participants")).to_have_text("7")
    expect(page.locator("#chart-months-title")).to_have_count(1)
    screenshot(page, "reports-dashboard-year")

    page.get_by_label("Dari tanggal").fill("2025-09-01")
    page.get_by_label("Sampai tanggal").fill("2025-09-30")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("#period-label")).to_have_text("Periode: September 2025")
    assert "dari=2025-09-01" in page.url  # the period is in the address, to bookmark and share
    expect(page.locator("#stat-finished")).to_have_text("3")
    expect(page.locator("#stat-certificates")).to_have_text("1")
    page.set_viewport_size({"width": 768, "height": 1000})
    screenshot(page, "reports-dashboard-tablet")

    page.get_by_role("link", name="Laporan bulanan dan ekspor").click()
    page.get_by_role("textbox", name="Bulan").fill("2025-09")
    button = page.get_by_role("button", name="Buka PDF untuk dicetak")
    # The button opens the PDF in a new tab; the test asks for what that tab would load.
    assert button.evaluate("b => b.form.target") == "_blank"
    pdf_url = button.evaluate(
        "b => b.form.action + '?' + new URLSearchParams(new FormData(b.form)).toString()"
    )
    assert "bulan=2025-09" in pdf_url
    pdf = page.context.request.get(pdf_url)
    assert pdf.headers["content-type"] == "application/pdf"
    path = screenshot.folder / "reports-monthly.pdf"
    path.write_bytes(pdf.body())
    subprocess.run(  # noqa: S603 - our own file, a fixed program
        [
            "/usr/bin/pdftoppm",
            "-r",
            "70",
            "-png",
            "-singlefile",
            str(path),
            str(path.with_suffix("")),
        ],
        check=True,
    )
    text = " ".join(PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text().split())
    assert "LAPORAN PEMBINAAN KEMANDIRIAN" in text and "Bulan September 2025" in text
    assert "Kepala Lapas" in text and "Kepala Uji" in text  # the head signs, by name

    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    header, *rows = book["Per program"].iter_rows(values_only=True)
    total = dict(zip(header, rows[-1], strict=True))
    assert (total["program"], total["peserta_awal"], total["sertifikat"]) == ("Jumlah", 7, 1)


def test_kanwil_sees_two_facilities_and_no_inmate(page, world, kanwil, screenshot):
    page.set_viewport_size({"width": 768, "height": 1000})
    log_in(page, kanwil.username, TEST_PASSWORD)
    expect(page.locator("h1")).to_have_text("Kanwil Ditjenpas Jawa Timur")
    page.get_by_role("link", name="Tahun lalu").click()
    rows = page.locator("#table-breakdown tbody th")
    expect(rows).to_have_text(["Lapas Kelas IIB Lamongan", "Lapas Kelas IIB Mojokerto"])
    # Lamongan's seven and the one of Mojokerto (here the transferred inmate's new facility).
    expect(page.locator("#stat-participants")).to_have_text("8")
    expect(page.locator("a[href*='/laporan/peserta/']")).to_have_count(0)
    expect(page.get_by_role("link", name="Register WBP")).to_have_count(0)
    screenshot(page, "reports-kanwil-tablet")
    inmate = factories.InmateFactory(facility=world["c1"].facility)
    response = page.goto(f"/wbp/{inmate.pk}/")
    assert response.status == 404
