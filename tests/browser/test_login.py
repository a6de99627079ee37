"""Each role logs in through the form and lands on its own home page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lapas_training.models import Role
from tests import factories
from tests.browser.conftest import log_in
from tests.factories import TEST_PASSWORD


@pytest.fixture
def world(transactional_db):
    facility = factories.FacilityFactory(name="Lapas Kelas IIB Lamongan")
    agency = factories.PartnerAgencyFactory(name="Disnaker Kabupaten Lamongan")
    instructor = factories.UserFactory(
        username="instruktur", full_name="Teguh Santoso", role=Role.INSTRUCTOR, agency=agency
    )
    operator = factories.UserFactory(
        username="operator",
        full_name="Rina Kartikasari",
        role=Role.LAPAS_OPERATOR,
        facility=facility,
    )
    cohort = factories.CohortFactory(
        facility=facility,
        agency=agency,
        created_by=operator,
        instructors=[instructor],
        name="Angkatan I 2025",
        # Running now, so this month's dashboard counts it for every role.
        start_date=timezone.localdate() - timedelta(days=20),
        end_date=timezone.localdate() + timedelta(days=40),
        program=factories.ProgramFactory(name="Pengelasan Konstruksi Baja"),
    )
    factories.EnrollmentFactory.create_batch(3, cohort=cohort)
    users = {
        Role.LAPAS_OPERATOR: operator,
        Role.LAPAS_HEAD: factories.UserFactory(
            username="kalapas", role=Role.LAPAS_HEAD, facility=facility
        ),
        Role.AGENCY_ADMIN: factories.UserFactory(
            username="admin.disnaker", role=Role.AGENCY_ADMIN, agency=agency
        ),
        Role.INSTRUCTOR: instructor,
        # The longest menu with a long name: the header must still fit 1280 px.
        Role.ADMIN: factories.UserFactory(
            username="admin", full_name="Administrator Sistem Pusat Data Nasional", role=Role.ADMIN
        ),
        Role.KANWIL: factories.UserFactory(
            username="kanwil", role=Role.KANWIL, province=facility.province
        ),
        Role.PK_OFFICER: factories.UserFactory(
            username="pk",
            role=Role.PK_OFFICER,
            bapas=factories.BapasFactory(
                name="Bapas Kelas II Bojonegoro", code="bapas-bjn", facilities=[facility]
            ),
        ),
    }
    return users


HEADINGS = {
    Role.LAPAS_OPERATOR: "Lapas Kelas IIB Lamongan",
    Role.LAPAS_HEAD: "Lapas Kelas IIB Lamongan",
    Role.AGENCY_ADMIN: "Disnaker Kabupaten Lamongan",
    Role.INSTRUCTOR: "Kelas saya",
    Role.ADMIN: "Nasional",
    Role.KANWIL: "Kanwil Ditjenpas Jawa Timur",
    Role.PK_OFFICER: "Tindak lanjut klien",
}
# What the home page shows of the world: the running cohort's program; a PK officer's, his Bapas.
SHOWN = {Role.PK_OFFICER: "Bapas Kelas II Bojonegoro"}


@pytest.mark.parametrize("role", list(Role))
def test_role_logs_in_and_sees_its_home(page, live_server, world, screenshot, role):
    user = world[role]
    log_in(page, user.username, TEST_PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == HEADINGS[role]
    assert SHOWN.get(role, "Pengelasan Konstruksi Baja") in page.locator("main").inner_text()
    assert page.locator("html").get_attribute("lang") == "id"
    screenshot(page, f"home-{role.value}")


def test_wrong_password_is_refused_in_indonesian(page, world, screenshot):
    log_in(page, "operator", "salah")
    alert = page.locator(".alert-danger, .invalid-feedback, .alert-block").first
    assert alert.inner_text().strip() == (
        "Nama pengguna atau kata sandi salah. Periksa keduanya lalu coba lagi."
    )
    screenshot(page, "login-wrong-password")


def test_phone_menus_by_touch_and_keyboard(browser, live_server, world, screenshot):
    context = browser.new_context(
        reduced_motion="reduce",
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 390, "height": 844},
    )
    page = context.new_page()
    log_in(page, "operator", TEST_PASSWORD)
    # Folded on a phone: one menu button, the navigation behind it.
    assert page.get_by_role("link", name="Register WBP").is_hidden()
    page.get_by_role("button", name="Menu").click()
    page.locator("#main-menu.collapse.show").wait_for()  # folded out, not still moving
    page.locator(".user-menu summary").click()
    screenshot(page, "phone-menu-open")
    menu = page.locator(".user-menu-panel").inner_text()
    assert "Operator Lapas · Lapas Kelas IIB Lamongan" in menu
    # The keyboard's first stop is the skip link, visible when focused.
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Lewati ke isi")
    assert skip.evaluate("node => node === document.activeElement") is True
    assert skip.is_visible()
    page.get_by_role("button", name="Menu").click()
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{live_server.url}/akun/masuk/")
    context.close()


def test_without_scripts_the_menu_stays_open(browser, live_server, world):
    context = browser.new_context(
        reduced_motion="reduce",
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 390, "height": 844},
        java_script_enabled=False,
    )
    page = context.new_page()
    log_in(page, "operator", TEST_PASSWORD)
    assert page.get_by_role("link", name="Register WBP").is_visible()
    assert page.get_by_role("button", name="Menu").is_hidden()
    context.close()
