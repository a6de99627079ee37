"""Login, throttling, logout and password change, in Indonesian."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/akun/masuk/"
WRONG = "Nama pengguna atau kata sandi salah. Periksa keduanya lalu coba lagi."


def login(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_is_in_indonesian(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()
    assert "Nama pengguna" in response.content.decode()
    assert "Kata sandi" in response.content.decode()


def test_login_then_home(client, operator):
    response = login(client, "operator", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:home")
    assert client.get(reverse("reports:home")).context["user"] == operator


@pytest.mark.parametrize(
    ("username", "password"), [("operator", "salah"), ("tidak-ada", TEST_PASSWORD)]
)
def test_wrong_login_does_not_say_which_part_was_wrong(client, operator, username, password):
    response = login(client, username, password)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [WRONG]
    assert response.wsgi_request.user.is_anonymous


def test_lockout_after_repeated_failures_says_when_to_try_again(client, operator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "operator", "salah").status_code == 200
    response = login(client, "operator", "salah")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Terlalu banyak percobaan masuk" in body
    assert "Silakan coba lagi setelah 15 menit." in body
    # Even the right password is refused from that address during the cool-off.
    assert login(client, "operator", TEST_PASSWORD).status_code == 429


def test_one_attacker_cannot_lock_the_account_out_for_everyone(client, operator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "operator", "salah", ip="203.0.113.9")
    assert login(client, "operator", TEST_PASSWORD, ip="203.0.113.9").status_code == 429
    response = login(client, "operator", TEST_PASSWORD, ip="10.20.30.40")
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:home")


def test_logout_is_a_post(client, operator):
    client.force_login(operator)
    assert client.get("/akun/keluar/").status_code == 405
    response = client.post("/akun/keluar/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert client.get(reverse("reports:home"))["Location"] == f"{LOGIN}?next=/"


def test_password_change(client, operator):
    client.force_login(operator)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Kursi-Las-2026!",
            "new_password2": "Kursi-Las-2026!",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    operator.refresh_from_db()
    assert operator.check_password("Kursi-Las-2026!")


def test_password_change_errors_are_in_indonesian(client, operator):
    client.force_login(operator)
    response = client.post(
        reverse("password_change"),
        {"old_password": "keliru", "new_password1": "a", "new_password2": "b"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["old_password"] == [
        "Sandi lama Anda yang dimasukkan salah. Masukkan sekali lagi."
    ]
    assert errors["new_password2"] == ["Dua bidang sandi tidak cocok."]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.3"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the client's own entry is ignored
        (2, "203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.3"),  # fewer entries than proxies: not trusted
    ],
)
def test_client_ip_trusts_only_our_proxies(rf, settings, proxies, forwarded, expected):
    from lapas_training.client_ip import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.3")
    assert client_ip(request) == expected


def test_behind_a_proxy_lockout_is_per_client_not_per_proxy(client, operator, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def via_proxy(client_address, password):
        return client.post(
            LOGIN,
            {"username": "operator", "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=client_address,
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        via_proxy("203.0.113.9", "salah")
    assert via_proxy("203.0.113.9", TEST_PASSWORD).status_code == 429
    assert via_proxy("198.51.100.20", TEST_PASSWORD).status_code == 302
