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
        "DEMO_APP",
        "ALLOW_LOCAL_CACHE",
        "REDIS_URL",
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
        REDIS_URL="redis://127.0.0.1:6379/0",
        PRIVACY_CONTROLLER_NAME="Lapas Kelas IIB Lamongan",
        PRIVACY_DPO_EMAIL="ppdp@lapas-lamongan.example.go.id",
    )
    assert result.returncode == 0, result.stderr
    # django_ratelimit's check of a shared, atomic cache ran, and nothing was silenced.
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "z" * 50,
    "ALLOWED_HOSTS": "pelatihan.example.go.id",
    "SITE_URL": "https://pelatihan.example.go.id",
}


def test_production_without_a_shared_cache_stops_with_a_clear_message():
    result = run_manage("check", **PRODUCTION)
    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: REDIS_URL is not set.")


def test_a_single_process_may_say_so_and_run_on_its_memory_cache():
    result = run_manage("check", ALLOW_LOCAL_CACHE="1", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (2 silenced)."


def test_the_ratelimit_check_refuses_a_memory_cache_unless_allowed():
    from django.core import checks
    from django.test import override_settings

    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=locmem, SILENCED_SYSTEM_CHECKS=[]):
        errors = checks.run_checks(tags=[checks.Tags.caches])
    assert [error.id for error in errors] == ["django_ratelimit.E003", "django_ratelimit.W001"]


def test_production_runs_without_the_demo_app():
    result = run_manage("seed_demo", REDIS_URL="redis://127.0.0.1:6379/0", **PRODUCTION)
    assert result.returncode == 1
    assert "Unknown command: 'seed_demo'" in result.stderr


def test_missing_allowed_hosts_in_production_stops_with_a_clear_message():
    result = run_manage(
        "check", DEBUG="0", SECRET_KEY="y" * 50, SITE_URL="https://pelatihan.example.go.id"
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: ALLOWED_HOSTS is not set.")
