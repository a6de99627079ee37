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


# Objects that reach their facility through a related object, followed only when loaded.
FACILITY_PATHS = (("cohort",), ("enrollment", "cohort"), ("event",))


def _loaded(obj: models.Model, name: str) -> models.Model | None:
    """Return the related object ``name`` when it is already in memory, without a query."""
    return obj._state.fields_cache.get(name)


def _own_facility_id(obj: models.Model) -> int | None:
    """Return the facility an object names itself (a facility is its own), without a query."""
    if obj._meta.label_lower == "inmates.facility":
        return obj.pk
    # Read from the instance's dict: a deferred field would cost a query.
    return obj.__dict__.get("facility_id")


def _facility_id_of(obj: models.Model) -> int | None:
    """Return the facility ``obj`` concerns, from what is already loaded, or None."""
    found = _own_facility_id(obj)
    if found is not None:
        return found
    for path in FACILITY_PATHS:
        related = obj
        for name in path:
            related = _loaded(related, name)
            if related is None:
                break
        else:
            found = _own_facility_id(related)
            if found is not None:
                return found
    return None


def _event_facility_id(facility: Any, obj: models.Model | None, actor: Any) -> int | None:
    """Return the facility of an event: the one given, the object's, else the actor's."""
    if facility is not None:
        return getattr(facility, "pk", facility)
    found = _facility_id_of(obj) if obj is not None else None
    if found is None and actor is not None:
        found = getattr(actor, "facility_id", None)
    return found


def audit_log(
    *,
    action: str,
    actor: Any | None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
    facility: Any | None = None,
    label: str | None = None,
) -> AuditEvent:
    """Append one event: who did ``action`` to ``obj``, with sensitive values masked.

    ``label`` replaces the object's own text where that would say more than the readers of
    the facility's log may know.

    The event belongs to a facility, whose head reads it: ``facility`` (an instance or an id)
    when given, otherwise the object's own facility, or its loaded cohort's, otherwise the
    actor's. Nothing is queried to find it.
    """
    if "." not in action:
        raise ValueError(f"Audit action codes are namespaced ('thing.verb'), got {action!r}.")
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        action=action,
        actor=actor_obj,
        actor_name=(str(actor_obj) if actor_obj else "")[:150],
        data=_mask(data or {}),
        facility_id=_event_facility_id(facility, obj, actor_obj),
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = (str(obj) if label is None else label)[:200]
    event.save()
    return event
