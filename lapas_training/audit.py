"""The one way to write the audit log."""

from typing import Any

from django.db import models

from lapas_training.models import AuditEvent

# Keys whose values never reach the audit log in clear.
SENSITIVE_KEYS = frozenset({"nik", "password", "password1", "password2", "secret", "token"})
MASK = "***"


def _mask(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: MASK if str(key).lower() in SENSITIVE_KEYS else _mask(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_mask(item) for item in value]
    return value


def audit_log(
    *,
    action: str,
    actor: Any | None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event: who did ``action`` to ``obj``, with sensitive values masked."""
    if "." not in action:
        raise ValueError(f"Audit action codes are namespaced ('thing.verb'), got {action!r}.")
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        action=action,
        actor=actor_obj,
        actor_name=(str(actor_obj) if actor_obj else "")[:150],
        data=_mask(data or {}),
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:200]
    event.save()
    return event
