"""Second factor on a phone, the security page, and the policy guard that watches every test."""

import pytest
from playwright.sync_api import expect

from lapas_training.models import Role
from tests import factories
from tests.browser.conftest import CSP_VIOLATIONS, log_in
from tests.factories import TEST_PASSWORD


@pytest.fixture
def agency_admin(transactional_db):
    agency = factories.PartnerAgencyFactory(name="Disnaker Kabupaten Lamongan")
    return factories.UserFactory(
        username="admin.disnaker",
        full_name="Sri Wahyuni",
        role=Role.AGENCY_ADMIN,
        agency=agency,
    )


def test_agency_admin_sets_up_the_second_factor_on_a_phone(
    browser, live_server, agency_admin, screenshot
):
    context = browser.new_context(
        reduced_motion="reduce",
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("admin.disnaker")
    page.get_by_label("Kata sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Pasang autentikasi dua langkah")).to_be_visible()
    expect(page.get_by_role("img", name="Kode QR untuk aplikasi autentikator")).to_be_visible()
    screenshot(page, "second-factor-setup-390")
    page.get_by_label("Kode dari aplikasi").fill("000000")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.get_by_text("Kode tidak cocok.")).to_be_visible()
    context.close()

    # The helper walks the same pages with the right code, then shows the recovery codes.
    log_in_page = browser.new_context(base_url=live_server.url, reduced_motion="reduce")
    page = log_in_page.new_page()
    log_in(page, "admin.disnaker", TEST_PASSWORD)
    page.goto("/akun/keamanan/")
    expect(page.get_by_text("Aktif", exact=True)).to_be_visible()
    expect(page.get_by_text("Tersisa 10 kode pemulihan.")).to_be_visible()
    screenshot(page, "account-security-1280")
    log_in_page.close()


def test_the_guard_sees_a_policy_violation(page, live_server):
    page.goto("/akun/masuk/")
    page.evaluate(
        """document.body.insertAdjacentHTML('beforeend', '<div style="color: red">x</div>')"""
    )
    page.wait_for_timeout(200)
    seen = list(CSP_VIOLATIONS)
    CSP_VIOLATIONS.clear()  # this test made one on purpose
    assert any("style-src" in violation for violation in seen), seen
