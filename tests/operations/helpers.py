"""Settings are read once per process: these tests read them in a fresh one."""

import os
import subprocess
import sys


def fresh_process(probe: str, *, drop=(), **environment) -> subprocess.CompletedProcess:
    """Run ``probe`` after ``django.setup()`` in a new interpreter with ``environment`` added."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lapas_training.settings", **environment}
    for name in drop:
        env.pop(name, None)
    return subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        env=env,
        capture_output=True,
        text=True,
    )
