"""The English catalogue covers every message of the Indonesian interface."""

import re
import subprocess
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_english_translation():
    result = subprocess.run(  # noqa: S603 -- gettext's own checker on our catalogue
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(CATALOGUE)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    counts = re.fullmatch(r"(\d+) translated messages\.\n", result.stderr)
    assert counts is not None, result.stderr
    assert int(counts.group(1)) > 300
