"""Redis down (the fault drill): pages still serve, sessions are read from the database, login
throttling keeps counting in the database, the rate limits let requests through, and the count
of wrong second-factor codes falls back to the session."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.helpers import device_code, password_step
from tests.helpers import audit_actions

pytestmark = pytest.mark.django_db

# Nothing listens there: every cache call fails at once, as with Redis stopped.
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    caches["default"].set("probe", 1)
    assert caches["default"].get("probe") is None  # really down
    yield


def test_staff_log_in_and_work(redis_down, operator):
    client = Client()
    assert password_step(client, "operator").status_code == 302
    assert client.get(reverse("inmates:list")).status_code == 200
    # Read back from the database on the next request too.
    assert client.get(reverse("inmates:list")).status_code == 200


def test_login_throttling_still_counts(redis_down, operator, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, "operator", password="salah-salah-salah")
    # Locked for this address, even with the right password: axes counts in the database.
    assert password_step(client, "operator").status_code == 429


def test_public_verification_serves(redis_down, settings):
    settings.VERIFY_RATE = "2/m"
    client = Client()
    url = reverse("certificates:verify", args=["x" * 32])
    statuses = {client.get(url).status_code for _ in range(5)}
    assert statuses == {404}  # the "unknown certificate" page, never the rate-limit page


def test_wrong_second_factor_codes_still_end_the_login(redis_down, agency_admin, settings):
    device = TOTPDevice.objects.create(user=agency_admin, name="HP", confirmed=True)
    client = Client()
    password_step(client, "admin.instansi")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        assert client.post(reverse("accounts:verify"), {"token": "111111"}).status_code == 200
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post(reverse("accounts:verify"), {"token": "222222"})
    assert (response.status_code, response["Location"]) == (302, reverse("login"))
    assert "account.second_factor_failed" in audit_actions()
    # The right code after logging in again still works.
    password_step(client, "admin.instansi")
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post(reverse("accounts:verify"), {"token": device_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("certificates:list")).status_code == 200
