"""On a tablet, an instructor records a session, the results, and closes the cohort."""

import re

import pytest
from playwright.sync_api import expect

from lapas_training.models import Role
from programs.models import Attendance, Cohort, Enrollment
from tests import factories
from tests.browser.conftest import log_in
from tests.factories import TEST_PASSWORD


@pytest.fixture
def cohort(transactional_db):
    facility = factories.FacilityFactory(name="Lapas Kelas IIB Lamongan")
    agency = factories.PartnerAgencyFactory(name="Disnaker Kabupaten Lamongan")
    instructor = factories.UserFactory(
        username="instruktur", full_name="Teguh Santoso", role=Role.INSTRUCTOR, agency=agency
    )
    program = factories.ProgramFactory(name="Pengelasan SMAW", min_attendance_percent=80)
    factories.CompetencyUnitFactory(program=program, code="LAS.01", title="Menerapkan K3")
    factories.CompetencyUnitFactory(program=program, code="LAS.02", title="Mengelas posisi 1G")
    cohort = factories.CohortFactory(
        facility=facility,
        agency=agency,
        program=program,
        instructors=[instructor],
        name="Angkatan I 2026",
    )
    for n in range(1, 11):
        factories.EnrollmentFactory(cohort=cohort, inmate__full_name=f"Peserta {n:02d}")
    factories.SessionFactory(cohort=cohort, topic="Pertemuan 1")
    return cohort


def test_instructor_on_a_tablet(browser, live_server, cohort, screenshot):
    context = browser.new_context(
        reduced_motion="reduce", base_url=live_server.url, viewport={"width": 768, "height": 1024}
    )
    page = context.new_page()
    log_in(page, "instruktur", TEST_PASSWORD)
    assert page.locator("h1").inner_text() == "Kelas saya"
    assert "0 dari 1 sesi terlaksana" in page.locator("main").inner_text()
    screenshot(page, "tablet-kelas-saya")

    page.get_by_role("link", name="Pengelasan SMAW").click()
    page.get_by_role("link", name="Isi presensi").click()
    # Everyone starts present; two exceptions, then one save.
    expect(page.locator('input[value="hadir"]:checked')).to_have_count(10)
    page.get_by_role("radiogroup", name="Peserta 03").get_by_text("Sakit").click()
    page.locator(".attendance-row", has_text="Peserta 03").locator("input[type=text]").fill("Demam")
    page.get_by_role("radiogroup", name="Peserta 07").get_by_text("Alpa").click()
    screenshot(page, "tablet-attendance")
    page.get_by_role("button", name="Simpan kehadiran").click()
    assert page.locator(".alert-success").inner_text() == (
        "Kehadiran disimpan: 8 hadir, 0 izin, 1 sakit, 1 alpa."
    )
    assert dict(
        Attendance.objects.exclude(status="hadir").values_list(
            "enrollment__inmate__full_name", "status"
        )
    ) == {"Peserta 03": "sakit", "Peserta 07": "alpa"}

    page.get_by_role("link", name="Penilaian").click()
    # locator.all() does not wait: the page must show every card before the loop reads them.
    cards = page.locator("#assessment-form .card")
    expect(cards).to_have_count(10)
    for card in cards.all():
        name = card.locator("div.fw-semibold").inner_text()
        failed = name.endswith("Peserta 07")
        verdict = "BK" if failed else "K"
        card.locator("label.btn", has_text=re.compile(f"^{verdict}$")).click()
        for select in card.locator("select").all():
            select.select_option("BK" if failed else "K")
    page.locator('input[name$="-score"]').first.fill("abc")
    page.get_by_role("button", name="Simpan semua hasil").click()
    assert page.locator(".text-danger.small").first.inner_text() == (
        "Nilai harus berupa angka 0 sampai 100."
    )
    assert not Enrollment.objects.exclude(result="").exists()
    page.locator('input[name$="-score"]').first.fill("88")
    page.get_by_role("button", name="Simpan semua hasil").click()
    assert page.locator(".alert-success").inner_text() == "Hasil penilaian disimpan (10 berubah)."
    screenshot(page, "tablet-assessment")

    page.get_by_role("link", name="Kembali ke angkatan").click()
    page.get_by_role("link", name="Tutup angkatan").click()
    assert page.locator("#summary-k").inner_text() == "9"
    assert page.locator("#summary-bk").inner_text() == "1"
    screenshot(page, "tablet-close-summary")
    page.get_by_role("button", name="Tutup angkatan").click()
    assert page.locator(".alert-success").inner_text() == (
        "Angkatan ditutup: 9 kompeten, 1 belum kompeten, 0 keluar."
    )
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.CLOSED
    screenshot(page, "tablet-closed")
    context.close()
