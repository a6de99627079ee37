"""The second login step: mandatory for admins and agency admins, optional for the others."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services.second_factor import second_factor_reset
from tests.accounts.helpers import device_code, password_step, totp_now
from tests.helpers import audit_actions

pytestmark = pytest.mark.django_db

HOME = "/"


def set_up_authenticator(client) -> list[str]:
    """Walk the setup page as a person would; return the recovery codes it shows."""
    page = client.get(reverse("accounts:setup")).content.decode()
    key = re.search(r'<code class="setup-key">([A-Z2-7 ]+)</code>', page).group(1)
    response = client.post(reverse("accounts:setup"), {"token": totp_now(key)})
    assert response.status_code == 302
    codes_page = client.get(response["Location"]).content.decode()
    return [code.replace("-", "") for code in re.findall(r"<code>([a-z2-7-]+)</code>", codes_page)]


def test_agency_admin_sets_up_an_authenticator_before_anything_else(agency_admin):
    client = Client()
    response = password_step(client, "admin.instansi", next_url="/sertifikat/")
    assert response.status_code == 302
    # Every page leads to the setup until it is done, the next page kept.
    response = client.get("/sertifikat/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:setup"))
    assert "next=%2Fsertifikat%2F" in response["Location"]
    assert client.post(reverse("logout")).status_code == 302  # logout stays open

    client = Client()
    password_step(client, "admin.instansi")
    setup = client.get(reverse("accounts:setup"))
    assert "<svg" in setup.content.decode()  # the QR code, drawn on the server
    codes = set_up_authenticator(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(HOME).status_code == 200
    assert TOTPDevice.objects.get(user=agency_admin).confirmed
    assert "account.second_factor_enabled" in audit_actions()


def test_a_wrong_first_code_keeps_the_authenticator_unconfirmed(agency_admin):
    client = Client()
    password_step(client, "admin.instansi")
    client.get(reverse("accounts:setup"))
    response = client.post(reverse("accounts:setup"), {"token": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors["token"] == [
        "Kode tidak cocok. Pindai ulang kode QR atau tunggu kode berikutnya."
    ]
    assert not TOTPDevice.objects.filter(user=agency_admin, confirmed=True).exists()
    assert client.get(HOME).status_code == 302


@pytest.fixture
def enrolled_admin(system_admin):
    """A system admin whose authenticator is set up, and their recovery codes."""
    client = Client()
    password_step(client, "admin")
    codes = set_up_authenticator(client)
    return system_admin, codes


def test_login_needs_the_code_once_a_device_exists(enrolled_admin):
    admin, _codes = enrolled_admin
    device = TOTPDevice.objects.get(user=admin)
    client = Client()
    password_step(client, "admin", next_url="/laporan/")
    response = client.get("/laporan/")
    assert response["Location"].startswith(reverse("accounts:verify"))
    # Without the second factor not even the admin site opens.
    assert client.get("/admin/").status_code == 302
    response = client.post(
        reverse("accounts:verify"),
        {"token": device_code(device, offset_steps=1), "next": "/laporan/"},
    )
    assert (response.status_code, response["Location"]) == (302, "/laporan/")
    assert client.get("/laporan/").status_code == 200


def test_wrong_code_is_refused_next_to_the_field(enrolled_admin):
    client = Client()
    password_step(client, "admin")
    response = client.post(reverse("accounts:verify"), {"token": "123456"})
    assert response.status_code == 200
    assert response.context["form"].errors["token"] == [
        "Kode salah atau sudah kedaluwarsa. Periksa jam di ponsel Anda dan coba lagi."
    ]
    assert client.get(HOME).status_code == 302


def test_a_recovery_code_works_once(enrolled_admin):
    admin, codes = enrolled_admin
    first = Client()
    password_step(first, "admin")
    typed = f"{codes[0][:4].upper()}-{codes[0][4:].upper()}"  # as printed, in capitals
    response = first.post(reverse("accounts:verify"), {"token": typed})
    assert response.status_code == 302
    assert first.get(HOME).status_code == 200
    assert StaticToken.objects.filter(device__user=admin).count() == 9
    assert "account.recovery_code_used" in audit_actions()

    second = Client()
    password_step(second, "admin")
    response = second.post(reverse("accounts:verify"), {"token": codes[0]})
    assert response.status_code == 200
    assert second.get(HOME).status_code == 302


def test_wrong_codes_are_throttled_and_end_the_login(enrolled_admin, settings):
    admin, codes = enrolled_admin
    device = TOTPDevice.objects.get(user=admin)
    client = Client()
    password_step(client, "admin")
    client.post(reverse("accounts:verify"), {"token": "111111"})
    # The authenticator now waits before it checks another code, even a right one ...
    response = client.post(
        reverse("accounts:verify"), {"token": device_code(device, offset_steps=1)}
    )
    assert response.status_code == 200
    assert "Terlalu banyak kode yang salah" in response.context["form"].errors["token"][0]
    # ... but a wrong authenticator code does not lock the recovery codes out.
    other = Client()
    password_step(other, "admin")
    assert other.post(reverse("accounts:verify"), {"token": codes[1]}).status_code == 302
    # That success cleared the count of wrong codes: five more end the first login.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        TOTPDevice.objects.filter(user=admin).update(throttling_failure_count=0)
        client.post(reverse("accounts:verify"), {"token": "222222"})
    TOTPDevice.objects.filter(user=admin).update(throttling_failure_count=0)
    response = client.post(reverse("accounts:verify"), {"token": "333333"})
    assert (response.status_code, response["Location"]) == (302, reverse("login"))
    # Logged out: the password step comes again.
    assert client.get(HOME)["Location"].startswith(reverse("login"))
    assert "account.second_factor_failed" in audit_actions()


def test_the_wait_after_many_wrong_codes_is_capped(enrolled_admin):
    admin, _codes = enrolled_admin
    device = TOTPDevice.objects.get(user=admin)
    long_ago = timezone.now() - timedelta(minutes=16)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=30, throttling_failure_timestamp=long_ago
    )
    client = Client()
    password_step(client, "admin")
    response = client.post(
        reverse("accounts:verify"), {"token": device_code(device, offset_steps=1)}
    )
    assert response.status_code == 302  # 2**29 seconds were owed; a quarter of an hour will do
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=30, throttling_failure_timestamp=timezone.now()
    )
    other = Client()
    password_step(other, "admin")
    response = other.post(
        reverse("accounts:verify"), {"token": device_code(device, offset_steps=2)}
    )
    assert "Terlalu banyak kode yang salah" in response.context["form"].errors["token"][0]


def test_optional_second_factor_for_an_operator(operator):
    client = Client()
    password_step(client, "operator")
    assert client.get(HOME).status_code == 200  # no device, not required
    codes = set_up_authenticator(client)
    assert codes

    later = Client()
    password_step(later, "operator")
    assert later.get(HOME)["Location"].startswith(reverse("accounts:verify"))
    later.post(reverse("accounts:verify"), {"token": codes[0]})
    assert later.get(HOME).status_code == 200

    # Turning it off asks for the password, next to the field when wrong.
    response = later.post(reverse("accounts:second_factor_disable"), {"password": "salah"})
    assert response.status_code == 400
    assert response.context["disable_form"].errors["password"] == ["Kata sandi salah."]
    assert StaticDevice.objects.filter(user=operator).exists()
    later.post(reverse("accounts:second_factor_disable"), {"password": "sandi-uji-123"})
    assert not StaticDevice.objects.filter(user=operator).exists()
    assert later.get(HOME).status_code == 200
    assert "account.second_factor_disabled" in audit_actions()


def test_a_required_second_factor_cannot_be_turned_off(client, agency_admin):
    client.force_login(agency_admin)
    response = client.post(reverse("accounts:second_factor_disable"), {"password": "sandi-uji-123"})
    assert response.status_code == 404
    assert StaticDevice.objects.filter(user=agency_admin).exists()


def test_reset_removes_devices_and_ends_sessions(
    enrolled_admin, agency_admin, django_capture_on_commit_callbacks
):
    admin, _codes = enrolled_admin
    logged_in = Client()
    logged_in.force_login(agency_admin)
    assert logged_in.get(HOME).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        second_factor_reset(user=agency_admin, by=admin)
    assert not StaticDevice.objects.filter(user=agency_admin).exists()
    assert logged_in.get(HOME)["Location"].startswith(reverse("login"))
    assert "account.second_factor_reset" in audit_actions()


def test_recovery_codes_are_shown_once_and_renewed_after_the_password(enrolled_admin):
    admin, codes = enrolled_admin
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert codes[0] not in page.replace("-", "")
    wrong = client.post(reverse("accounts:recovery_codes_renew"), {"renew-password": "salah"})
    assert wrong.status_code == 400
    assert wrong.context["renew_form"].errors["password"] == ["Kata sandi salah."]
    assert StaticToken.objects.filter(device__user=admin, token=codes[0]).exists()
    response = client.post(
        reverse("accounts:recovery_codes_renew"), {"renew-password": "sandi-uji-123"}
    )
    fresh = client.get(response["Location"]).content.decode()
    new_codes = [c.replace("-", "") for c in re.findall(r"<code>([a-z2-7-]+)</code>", fresh)]
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    assert "account.recovery_codes_renewed" in audit_actions()


def test_moving_to_a_new_phone_asks_for_the_password(enrolled_admin):
    admin, _codes = enrolled_admin
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("accounts:setup")).content.decode()
    key = re.search(r'<code class="setup-key">([A-Z2-7 ]+)</code>', page).group(1)
    response = client.post(reverse("accounts:setup"), {"token": totp_now(key)})
    assert response.context["form"].errors["password"] == ["Bidang ini tidak boleh kosong."]
    old = TOTPDevice.objects.get(user=admin, confirmed=True)
    response = client.post(
        reverse("accounts:setup"), {"token": totp_now(key), "password": "sandi-uji-123"}
    )
    assert response.status_code == 302
    new = TOTPDevice.objects.get(user=admin, confirmed=True)
    assert new.pk != old.pk
