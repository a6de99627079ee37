"""Every action the code writes to the audit log reads in Indonesian in the viewer."""

import re
from pathlib import Path

from privacy.labels import ACTION_LABELS

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "accounts",
    "certificates",
    "competency",
    "followup",
    "inmates",
    "lapas_training",
    "operations",
    "privacy",
    "programs",
    "reports",
]
WRITTEN = re.compile(r'action="([a-z_]+\.[a-z_]+)"')


def test_every_written_action_has_a_label():
    written = {
        action
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        for action in WRITTEN.findall(path.read_text())
    }
    assert len(written) > 50
    assert sorted(written - set(ACTION_LABELS)) == []
