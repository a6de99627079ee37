"""A Kalapas reads the outcomes after release on his dashboard, on a desktop and a phone, and
in the monthly PDF."""

import subprocess

from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import TEST_PASSWORD


def test_kalapas_reads_the_outcomes_on_desktop_phone_and_paper(
    page, outcome_world, head, screenshot, settings
):
    settings.OUTCOME_MIN_REACHED = 1  # the small world's figures, every group shown
    log_in(page, head.username, TEST_PASSWORD)
    page.goto("/?dari=2025-09-01&sampai=2026-03-31")
    section = page.locator("section[aria-labelledby=outcomes]")
    expect(section.locator("#stat-working-6")).to_have_text("100,0%")
    expect(section.locator("#stat-skill-6")).to_have_text("50,0%")
    expect(section.locator("#stat-working-12")).to_have_text("50,0%")
    expect(section.get_by_text("1 dari 2 yang dapat dihubungi")).to_have_count(2)
    section.scroll_into_view_if_needed()
    section.screenshot(path=str(screenshot.folder / "outcomes-1280-section.png"))
    screenshot(page, "outcomes-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    # On a phone each row of a table stacks, every figure under its own label.
    row = section.locator("#table-outcome-programs tbody tr").first
    expect(row.locator("th")).to_have_text("Budidaya Lele")
    expect(row.locator("td").nth(1)).to_have_attribute("data-label", "6 bln · bekerja")
    section.screenshot(path=str(screenshot.folder / "outcomes-390-section.png"))
    screenshot(page, "outcomes-390")

    pdf = page.context.request.get("/laporan/bulanan.pdf?bulan=2025-09")
    assert pdf.headers["content-type"] == "application/pdf"
    path = screenshot.folder / "outcomes-monthly.pdf"
    path.write_bytes(pdf.body())
    subprocess.run(  # noqa: S603 - our own file, a fixed program
        ["/usr/bin/pdftoppm", "-r", "60", "-png", str(path), str(path.with_suffix(""))],
        check=True,
    )

    # With the default minimum of three reached, his facility's groups of one or two people
    # show no working or skill figure: it would be one person's situation.
    settings.OUTCOME_MIN_REACHED = 3
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/?dari=2025-09-01&sampai=2026-03-31")
    expect(section.locator("#stat-working-6")).to_have_text("disembunyikan")
    expect(section.get_by_text("1 dari 2 yang dapat dihubungi")).to_have_count(0)
    expect(
        section.get_by_text("Hanya 2 yang dapat dihubungi (kurang dari 3)", exact=False)
    ).to_have_count(4)
    screenshot(page, "outcomes-1280-hidden")
