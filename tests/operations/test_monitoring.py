"""Request ids in responses and log lines, JSON log lines, and error reports without personal
data."""

import json
import logging
import logging.config
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from lapas_training.monitoring import logging_config, scrub_event
from tests.operations.helpers import fresh_process

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id(client):
    first = client.get(reverse("login"))["X-Request-ID"]
    second = client.get(reverse("login"))["X-Request-ID"]
    assert uuid.UUID(first) and uuid.UUID(second)
    assert first != second


def test_the_proxys_request_id_is_kept_and_a_forged_one_replaced(client):
    from_proxy = uuid.uuid4().hex
    assert client.get(reverse("login"), HTTP_X_REQUEST_ID=from_proxy)["X-Request-ID"] == from_proxy
    forged = client.get(reverse("login"), HTTP_X_REQUEST_ID='x"\n{"level": "CRITICAL"}')
    assert uuid.UUID(forged["X-Request-ID"])


def test_log_lines_carry_the_request_id_as_json(client, capsys):
    """A log line written while a request is served names that request, in a JSON line."""
    logging.config.dictConfig(logging_config(level="INFO", json_lines=True))
    try:
        response = client.post(reverse("operations:healthz"))  # logged: method not allowed
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    finally:
        logging.config.dictConfig(settings.LOGGING)
    line = next(line for line in lines if line["logger"] == "django.request")
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "WARNING"
    assert "Method Not Allowed" in line["message"]
    assert {"time", "level", "logger", "message", "request_id"} <= set(line)


def test_error_reports_leave_personal_data_behind():
    event = {
        "request": {
            "url": "https://pelatihan.example.go.id/wbp/",
            "query_string": "q=3524011505900001",
            "data": {"nik": "3524011505900001"},
            "cookies": {"sessionid": "abc"},
            "env": {"REMOTE_ADDR": "10.0.0.5"},
            "headers": {"Cookie": "sessionid=abc", "X-Forwarded-For": "10.0.0.5", "Accept": "*"},
        },
        "user": {"id": 4, "ip_address": "10.0.0.5"},
    }
    scrubbed = scrub_event(event)
    assert scrubbed == {
        "request": {"url": "https://pelatihan.example.go.id/wbp/", "headers": {"Accept": "*"}},
    }


def test_error_reporting_starts_only_with_a_dsn():
    """The settings start the Sentry client when SENTRY_DSN is set, without personal data."""
    probe = (
        "import sentry_sdk; from django.conf import settings; "
        "client = sentry_sdk.get_client(); "
        "print(settings.SENTRY_ENABLED, client.is_active(), "
        "client.options['send_default_pii'], client.options['include_local_variables'])"
    )
    without = fresh_process(probe, drop=["SENTRY_DSN"])
    assert without.stdout.split()[:2] == ["False", "False"]
    with_dsn = fresh_process(probe, SENTRY_DSN="http://public@127.0.0.1:9/1")
    assert with_dsn.stdout.split() == ["True", "True", "False", "False"]
