"""On a phone (390 px), a PK officer finds an overdue check-in on his home page and records it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from followup.models import CheckIn
from lapas_training.models import Role
from tests import factories
from tests.browser.conftest import log_in
from tests.factories import TEST_PASSWORD
from tests.followup.pages import graduate_plan, recorded

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def clients(transactional_db):
    """Three released graduates of Lapas Lamongan followed by Bapas Bojonegoro: one whose
    6-month check-in is overdue, one whose first check-in comes in ten days, one not yet asked
    for consent."""
    facility = factories.FacilityFactory(name="Lapas Kelas IIB Lamongan", city="Lamongan")
    agency = factories.PartnerAgencyFactory(name="Dinas Tenaga Kerja Kabupaten Lamongan")
    operator = factories.UserFactory(
        username="operator", role=Role.LAPAS_OPERATOR, facility=facility
    )
    bapas = factories.BapasFactory(
        name="Bapas Kelas II Bojonegoro", code="bapas-bjn", city="Bojonegoro", facilities=[facility]
    )
    officer = factories.UserFactory(
        username="pk.bojonegoro",
        full_name="Siti Rahmawati",
        role=Role.PK_OFFICER,
        bapas=bapas,
    )
    cohort = factories.CohortFactory(
        facility=facility,
        agency=agency,
        created_by=operator,
        program=factories.ProgramFactory(name="Pengelasan SMAW"),
        name="Angkatan I 2026",
    )
    overdue = graduate_plan(cohort=cohort, operator=operator, days_ago=200, consent="given")
    recorded(overdue, officer, months=3)
    graduate_plan(
        cohort=cohort, operator=operator, name="Budi Santoso", days_ago=80, consent="given"
    )
    graduate_plan(cohort=cohort, operator=operator, name="Joko Susilo", days_ago=10)
    return {"plan": overdue, "officer": officer}


def test_a_pk_officer_records_an_overdue_check_in_on_a_phone(
    browser, live_server, clients, screenshot
):
    plan, officer = clients["plan"], clients["officer"]
    context = browser.new_context(
        reduced_motion="reduce", base_url=live_server.url, locale="id-ID", viewport=PHONE
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, "pk.bojonegoro", TEST_PASSWORD)

    assert page.locator("h1").inner_text() == "Tindak lanjut klien"
    expect(page.locator("#due .due-item")).to_have_count(1)
    assert page.locator("#due .due-item .fw-semibold").inner_text() == "Ahmad Fauzi"
    assert page.locator("#waiting .waiting-item .fw-semibold").all_inner_texts() == ["Joko Susilo"]
    assert page.locator("#upcoming .upcoming-item a").all_inner_texts() == ["Budi Santoso"]
    screenshot(page, "followup-home-390")

    page.get_by_role("link", name="Catat kontak 6 bulan Ahmad Fauzi").click()
    assert page.locator("h1").inner_text() == "Kontak 6 bulan: Ahmad Fauzi"
    screenshot(page, "followup-checkin-390")

    # The questions about work show only for an outcome that is work.
    work = page.locator("#work-fields")
    outcome = page.locator("#id_outcome")
    for label, shown in (
        ("Mengikuti pelatihan/pendidikan lanjutan", False),
        ("Berwirausaha", True),
        ("Belum bekerja", False),
    ):
        outcome.get_by_text(label, exact=True).click()
        if shown:
            expect(work).to_be_visible()
        else:
            expect(work).to_be_hidden()
    # Phone, employed, then save without saying whether the work uses the skill.
    page.locator("#id_method").get_by_text("Telepon", exact=True).click()
    outcome.get_by_text("Bekerja sebagai karyawan", exact=True).click()
    expect(work).to_be_visible()
    expect(page.get_by_role("radio", name="Telepon")).to_be_checked()
    page.get_by_label("Tempat kerja atau jenis usaha").fill("Bengkel Las Sinar Jaya")
    page.get_by_role("button", name="Simpan kontak").click()
    error = page.locator("#id_uses_skill_errors")
    expect(error).to_have_text("Jawab apakah pekerjaannya memakai keterampilan pelatihan.")
    # What he chose is still chosen.
    expect(page.get_by_role("radio", name="Bekerja sebagai karyawan")).to_be_checked()
    screenshot(page, "followup-checkin-error-390")

    page.locator("#id_uses_skill").get_by_text("Ya", exact=True).click()
    page.get_by_role("button", name="Simpan kontak").click()

    # Back home: the overdue check-in is done.
    expect(page.locator(".alert-success")).to_have_text(
        "Kontak 6 bulan untuk Ahmad Fauzi disimpan."
    )
    expect(page.locator("#due .due-item")).to_have_count(0)
    screenshot(page, "followup-home-saved-390")
    checkin = CheckIn.objects.get(plan=plan, months=6)
    assert (
        checkin.done_on,
        checkin.method,
        checkin.outcome,
        checkin.uses_skill,
        checkin.employer,
        checkin.recorded_by,
    ) == (timezone.localdate(), "phone", "employed", True, "Bengkel Las Sinar Jaya", officer)

    # The plan shows it saved, with what was recorded.
    page.get_by_role("link", name="Semua klien").click()
    page.get_by_role("link", name="Ahmad Fauzi").click()
    rows = page.locator("#checkins .checkin-row")
    expect(rows.nth(1)).to_contain_text("Sudah dilakukan")
    expect(rows.nth(1)).to_contain_text("Bengkel Las Sinar Jaya")
    screenshot(page, "followup-plan-390")
    context.close()
