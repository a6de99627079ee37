"""Apply field changes to a model instance and describe them for the audit log."""

from typing import Any

from django.db import models


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, models.Model) else value


def apply_changes(obj: models.Model, changes: dict[str, Any]) -> dict[str, dict]:
    """Set each field whose value differs; return ``{field: {"from": .., "to": ..}}``."""
    changed = {}
    for name, value in changes.items():
        before = getattr(obj, name)
        if before != value:
            changed[name] = {"from": _plain(before), "to": _plain(value)}
            setattr(obj, name, value)
    return changed
