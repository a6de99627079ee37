"""The Lamongan story end to end in the browser: one event, four programs, 40 participants,
one ceremony PDF with 40 certificates and one receipt counting them per program."""

import io
import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from demo.data import DEMO_PASSWORD, LAMONGAN_EVENT
from tests.browser.conftest import log_in


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True  # demo passwords are set only with DEBUG on
    call_command("seed_demo", stdout=io.StringIO())


def test_the_agency_hands_over_the_event_s_40_certificates_at_once(
    page, live_server, demo, screenshot, tmp_path
):
    log_in(page, "admin.disnaker", DEMO_PASSWORD)
    page.get_by_role("link", name="Kegiatan").click()
    page.get_by_role("link", name=LAMONGAN_EVENT["name"]).click()
    assert page.locator("#event-cohorts").inner_text() == "4"
    assert page.locator("#event-participants").inner_text() == "40"
    assert page.locator("#event-competent").inner_text() == "40"
    programs = page.locator("table tbody tr td:first-child").all_inner_texts()
    assert programs == ["Desain Interior", "Konstruksi Bangunan", "Meubeler", "Pengelasan SMAW"]
    assert "SK Nomor 560/412/413.113/2025 tanggal 26 Mei 2025" in page.content()
    screenshot(page, "lamongan-event")

    page.get_by_role("link", name="Penyerahan sertifikat").click()
    expect(page.locator("#handover-order tbody tr")).to_have_count(40)
    first_rows = page.locator("#handover-order tbody tr td:nth-child(3)").all_inner_texts()
    assert first_rows[:10] == ["Desain Interior"] * 10 and first_rows[-1] == "Pengelasan SMAW"
    page.get_by_label("Tanggal penyerahan").fill("25/09/2025")
    page.get_by_label("Tempat").fill("Aula Lapas Kelas IIB Lamongan")
    page.get_by_role("button", name="Siapkan PDF cetak").click()
    expect(page.locator("#handover tbody tr")).to_have_count(40)
    screenshot(page, "lamongan-event-ceremony")

    link = page.get_by_role("link", name="Unduh PDF cetak (sertifikat dan tanda terima)")
    response = page.request.get(link.get_attribute("href"))  # the browser's own session
    assert response.headers["content-type"] == "application/pdf"
    pdf_path = tmp_path / "penyerahan.pdf"
    pdf_path.write_bytes(response.body())
    reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    text = [p.extract_text() for p in reader.pages]
    fronts = [t for t in text if "SERTIFIKAT PELATIHAN" in t]
    assert len(fronts) == 40
    first_receipt_page = next(n for n, t in enumerate(text) if "TANDA TERIMA SERTIFIKAT" in t)
    receipt = "\n".join(text[first_receipt_page:])
    for program in ("Desain Interior 10", "Konstruksi Bangunan 10", "Meubeler 10"):
        assert program in receipt
    assert "Pengelasan SMAW 10" in receipt and "Jumlah seluruhnya 40" in receipt
    # The receipt's pages, as PNG, to be looked at.
    subprocess.run(  # noqa: S603 -- fixed Debian tool on our own file
        [
            "/usr/bin/pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            str(first_receipt_page + 1),
            "-l",
            str(len(reader.pages)),
            pdf_path,
            screenshot.folder / "lamongan-receipt",
        ],
        check=True,
    )
