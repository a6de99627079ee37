"""Start Django for a benchmark with production-like settings (DEBUG off).

Safe defaults let each script run on its own; the environment may override all but DEBUG.
One process: its own memory cache will do, and the demo app brings ``seed_scale``.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "DJANGO_SETTINGS_MODULE": "lapas_training.settings",
    "SECRET_KEY": "bench-only-secret-key-never-used-for-anything-real",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SITE_URL": "http://testserver",
    "ALLOW_LOCAL_CACHE": "1",
    "DEMO_APP": "1",
}


def setup(**overrides: str) -> None:
    """Configure the environment and call ``django.setup()``."""
    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "0"
    for name, value in {**DEFAULTS, **overrides}.items():
        os.environ.setdefault(name, value)

    import django

    django.setup()


def log_in(client, user) -> None:
    """Log ``user`` in on the test client as after both login steps.

    Administrators and agency administrators need a second factor; a benchmark measures the
    pages behind it, so the session is marked verified with a recovery-code device.
    """
    from django.conf import settings
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    client.force_login(user)
    if user.role in settings.TWO_FACTOR_REQUIRED_ROLES:
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
