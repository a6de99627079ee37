"""Production settings: refuse to start without a secret, pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    # Start from the real environment minus what the test run itself sets.
    test_only = {
        "SECRET_KEY",
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "ALLOWED_HOSTS",
        "SITE_URL",
    }
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    return subprocess.run(  # noqa: S603 -- our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_missing_secret_key_in_production_stops_with_a_clear_message():
    result = run_manage(
        "check",
        DEBUG="0",
        ALLOWED_HOSTS="pelatihan.example.go.id",
        SITE_URL="https://pelatihan.example.go.id",
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "production-only-secret-value-for-the-check",
        ALLOWED_HOSTS="pelatihan.example.go.id",
        SITE_URL="https://pelatihan.example.go.id",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_missing_allowed_hosts_in_production_stops_with_a_clear_message():
    result = run_manage(
        "check", DEBUG="0", SECRET_KEY="y" * 50, SITE_URL="https://pelatihan.example.go.id"
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: ALLOWED_HOSTS is not set.")
