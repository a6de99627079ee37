"""Logging in through the real pages, second step included."""

from base64 import b32decode

from django_otp.oath import TOTP

from tests.factories import TEST_PASSWORD

LOGIN = "/akun/masuk/"


def password_step(client, username, password=TEST_PASSWORD, next_url=""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data, REMOTE_ADDR="10.0.0.9")


def totp_now(key_base32: str, *, offset_steps: int = 0) -> str:
    """Return the code an authenticator app shows now for the key typed at setup."""
    key = b32decode(key_base32.replace(" ", "").upper())
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = totp.time + offset_steps * 30
    return f"{totp.token():06d}"


def device_code(device, *, offset_steps: int = 0) -> str:
    """Return the current code of a TOTP device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset_steps * 30
    return f"{totp.token():06d}"
