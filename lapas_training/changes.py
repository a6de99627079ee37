"""Apply field changes to a model instance and describe them for the audit log."""

from typing import Any, Final

from django.db import models


class _Unchanged:
    """The default of an update service's keyword: leave this field as it is."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNCHANGED"

    def __bool__(self) -> bool:
        return False


UNCHANGED: Final[Any] = _Unchanged()


def given(**values: Any) -> dict[str, Any]:
    """Return the keyword values that were given, leaving out those left ``UNCHANGED``."""
    return {name: value for name, value in values.items() if value is not UNCHANGED}


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
