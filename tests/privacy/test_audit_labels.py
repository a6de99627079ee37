"""Every action the code writes to the audit log reads in Indonesian in the viewer."""

import re
from pathlib import Path

from privacy.labels import ACTION_LABELS, action_label

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


def test_what_the_admin_site_did_reads_in_indonesian_too():
    assert action_label("bapas.changed_in_admin") == "Bapas diubah di Administrasi"
    assert action_label("facility.created_in_admin") == "UPT dibuat di Administrasi"
    assert action_label("program.deleted_in_admin") == "Program pelatihan dihapus di Administrasi"
    # An unknown code reads as itself rather than as a guess.
    assert action_label("spaceship.changed_in_admin") == "spaceship.changed_in_admin"
