"""An operator opens a cohort and enrols 40 inmates through search and multi-select."""

from datetime import date

import pytest
from playwright.sync_api import expect

from lapas_training.models import Role
from programs.models import Cohort, Enrollment
from tests import factories
from tests.browser.conftest import log_in
from tests.factories import TEST_PASSWORD


@pytest.fixture
def lamongan(transactional_db):
    facility = factories.FacilityFactory(name="Lapas Kelas IIB Lamongan", city="Lamongan")
    agency = factories.PartnerAgencyFactory(name="Disnaker Kabupaten Lamongan")
    factories.UserFactory(
        username="instruktur", full_name="Teguh Santoso", role=Role.INSTRUCTOR, agency=agency
    )
    factories.ProgramFactory(name="Pengelasan Konstruksi Baja", hours=200)
    for n in range(1, 45):
        factories.InmateFactory(
            facility=facility,
            registration_number=f"BI.{n:04d}/2025",
            full_name=f"Warga Binaan {n:02d}",
        )
    factories.InmateFactory(
        facility=facility,
        registration_number="BI.0099/2025",
        full_name="Bayu Segera Bebas",
        expected_release_date=date(2026, 8, 1),
    )
    factories.UserFactory(
        username="operator",
        full_name="Rina Kartikasari",
        role=Role.LAPAS_OPERATOR,
        facility=facility,
    )
    return facility


def test_operator_creates_cohort_and_enrols_forty(page, live_server, lamongan, screenshot):
    log_in(page, "operator", TEST_PASSWORD)
    page.goto("/angkatan/baru/")
    page.get_by_label("Nama angkatan").fill("Angkatan I 2026")
    page.get_by_label("Program").select_option(label="Pengelasan Konstruksi Baja")
    page.get_by_label("Instansi mitra").select_option(label="Disnaker Kabupaten Lamongan")
    page.get_by_label("Tanggal mulai").fill("01/06/2026")
    page.get_by_label("Tanggal selesai").fill("30/09/2026")
    page.get_by_label("Teguh Santoso").check()
    screenshot(page, "cohort-create-form")
    page.get_by_role("button", name="Simpan").click()
    assert page.locator("h1").inner_text() == "Pengelasan Konstruksi Baja · Angkatan I 2026"
    cohort = Cohort.objects.get()

    page.get_by_role("link", name="Tambah peserta").click()
    # First the one due for release, found by searching his name.
    page.get_by_label("Cari nama atau nomor registrasi").fill("segera")
    page.get_by_role("button", name="Cari").click()
    row = page.locator("#candidates tbody tr")
    expect(row).to_have_count(1)
    assert "Tanggal bebas (01/08/2026) sebelum angkatan selesai." in row.inner_text()
    row.locator("input.pick").check()
    # Then 39 more from a search by registration number; the first tick survives it.
    page.get_by_label("Cari nama atau nomor registrasi").fill("BI.00")
    page.get_by_role("button", name="Cari").click()
    for _ in range(39):
        page.locator("#candidates input.pick:not(:checked):not([disabled])").first.check()
    assert page.locator("#picked-count").inner_text() == "40"
    screenshot(page, "enrollment-picker")
    page.get_by_role("button", name="Lanjutkan").click()

    # count() does not wait for the page: wait until the confirmation lists the 40.
    expect(page.locator("#eligibility tbody tr")).to_have_count(40)
    page.get_by_role("button", name="Daftarkan 40 WBP").click()
    # The release-date warning needs a written reason before anything is saved.
    feedback = page.locator(".invalid-feedback")
    assert feedback.inner_text().startswith("Tuliskan alasan untuk tetap mendaftarkan WBP ini")
    assert Enrollment.objects.count() == 0
    screenshot(page, "enrollment-confirm-warning")
    page.locator("textarea[name^=reason_]").fill("Remisi belum pasti, tetap diikutkan")
    page.get_by_role("button", name="Daftarkan 40 WBP").click()

    assert page.locator(".alert-success").inner_text() == "40 WBP didaftarkan."
    assert page.locator("#capacity-count").inner_text() == "40/40"
    assert cohort.enrollments.count() == 40
    assert cohort.enrollments.get(inmate__full_name="Bayu Segera Bebas").override_reason == (
        "Remisi belum pasti, tetap diikutkan"
    )
    screenshot(page, "cohort-detail-40")

    page.get_by_role("link", name="Cetak daftar peserta").click()
    expect(page.locator("#participants tbody tr")).to_have_count(40)
    assert page.locator("#participants thead th").first.inner_text() == "No."
    screenshot(page, "print-participants")
    page.pdf(path=str(screenshot.folder / "print-participants.pdf"), format="A4")
