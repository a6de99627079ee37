"""When the service itself fails: a short Indonesian page, never Django's English one; a
database that does not answer gives 503 and Retry-After wherever it was noticed."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from operations import health

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_seeing_errors():
    return Client(raise_request_exception=False)


def test_a_database_restart_noticed_while_loading_the_session_is_503(
    client_seeing_errors, operator, monkeypatch
):
    client_seeing_errors.force_login(operator)

    def restarting(self):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(SessionStore, "load", restarting)
    response = client_seeing_errors.get(reverse("inmates:list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Layanan sedang tidak tersedia" in body
    assert "periksa dulu apakah isinya sudah tersimpan" in body
    assert "administrator command" not in body
    assert response["X-Request-ID"] in body


def test_any_other_failure_is_an_indonesian_500_with_the_request_id(
    client_seeing_errors, monkeypatch
):
    def broken():
        raise RuntimeError("unexpected")

    monkeypatch.setattr(health, "run_checks", broken)
    response = client_seeing_errors.get(reverse("operations:healthz"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Terjadi kesalahan" in body
    assert response["X-Request-ID"] in body
    assert "unexpected" not in body
