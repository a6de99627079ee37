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
