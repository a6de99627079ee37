"""Headless Chromium (Debian's package) driven by Playwright against the live server."""

import shutil
import threading
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.accounts.helpers import totp_now

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The flags keep Chromium from calling home: this machine's network is closed.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


# The browser asks for the live server so that it closes first: its kept-alive connections end
# while the server still shares the in-memory test database with its request threads, and those
# threads have finished before the server stops sharing it (otherwise the last test of a worker
# fails at teardown with a thread's "DatabaseWrapper objects created in a thread" error).
@pytest.fixture(scope="session")
def browser(live_server):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield WatchedBrowser(chromium)
        chromium.close()
    _wait_for_request_threads()


def _wait_for_request_threads(timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(max(0.0, deadline - time.monotonic()))


# Every context asks for reduced motion, so Bootstrap's transitions are off: axe must see a
# button's final colours, not a colour halfway through a fade right after a click.


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        reduced_motion="reduce",
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


# The Content-Security-Policy is on in the tests as in production: every browser context
# reports the violations Chromium logs, and a test fails on any (an inline style or script,
# a third-party resource) once it ran.
CSP_VIOLATIONS: list[str] = []


def _on_console(message) -> None:
    if "Content Security Policy" in message.text:
        url = message.page.url if message.page else ""
        CSP_VIOLATIONS.append(f"{url}: {message.text}")


class WatchedBrowser:
    """Chromium, whose every new context watches for policy violations."""

    def __init__(self, chromium):
        self._chromium = chromium

    def new_context(self, **options):
        context = self._chromium.new_context(**options)
        context.on("console", _on_console)
        return context

    def __getattr__(self, name):
        return getattr(self._chromium, name)


@pytest.fixture(autouse=True)
def _no_csp_violation():
    CSP_VIOLATIONS.clear()
    yield
    violations = list(CSP_VIOLATIONS)
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


# WCAG 2.0 and 2.1, levels A and AA.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()


def page_problems(page) -> list[str]:
    """Return what is wrong with the page as shown: axe-core violations, sideways scrolling."""
    problems = []
    results = _axe.run(page, options=AXE_OPTIONS)
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        problems.append(f"{violation['id']} ({violation['impact']}): {'; '.join(targets)}")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    if width > viewport:
        problems.append(f"wider than the screen: {width} px at {viewport} px")
    return problems


def assert_page_is_sound(page) -> None:
    """Fail with every accessibility violation and any sideways scrolling of the page."""
    problems = page_problems(page)
    assert problems == [], f"{page.url}:\n" + "\n".join(problems)


@pytest.fixture
def screenshot():
    """Check the page (axe-core, width), then save a full-page screenshot and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert_page_is_sound(page)
        return path

    take.folder = SCREENSHOTS
    return take


def log_in(page, username: str, password: str) -> None:
    """Log in through the real form, and the second step where the account has one.

    A first login of a role that requires a second factor sets up the authenticator as a
    person would (the key shown on the page, the app's code typed back); a later one types a
    fresh recovery code.
    """
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()
    if "/akun/dua-langkah/pasang/" in page.url:
        key = page.locator(".setup-key").inner_text()
        page.get_by_label("Kode dari aplikasi").fill(totp_now(key))
        page.get_by_role("button", name="Aktifkan").click()
        page.get_by_role("link", name="Saya sudah menyimpannya, lanjutkan").click()
    elif "/akun/dua-langkah/" in page.url:
        page.get_by_label("Kode").fill(fresh_recovery_code(username))
        page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_load_state()


def fresh_recovery_code(username: str) -> str:
    """Add one recovery code to the account's recovery device and return it."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device = StaticDevice.objects.get(user__username=username, name="Kode pemulihan")
    return StaticToken.objects.create(device=device, token=StaticToken.random_token()).token
