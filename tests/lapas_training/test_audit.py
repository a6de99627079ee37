"""The audit log: one writer, namespaced actions, masked secrets, append-only."""

import pytest

from lapas_training.audit import audit_log
from lapas_training.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_audit_log_records_actor_object_and_masked_data(operator, facility):
    inmate = factories.InmateFactory(facility=facility, full_name="Budi Santoso")
    event = audit_log(
        action="inmate.updated",
        actor=operator,
        obj=inmate,
        data={"nik": {"from": "1", "to": "2"}, "full_name": "Budi", "nested": [{"password": "x"}]},
    )
    event.refresh_from_db()
    assert event.actor == operator
    assert event.actor_name == operator.full_name
    assert event.object_type == "inmates.inmate"
    assert event.object_id == str(inmate.pk)
    assert event.object_repr == str(inmate)
    assert event.data == {"nik": "***", "full_name": "Budi", "nested": [{"password": "***"}]}


def test_action_codes_are_namespaced(operator):
    with pytest.raises(ValueError, match="namespaced"):
        audit_log(action="created", actor=operator)


def test_events_cannot_be_changed_or_deleted(operator):
    event = audit_log(action="test.done", actor=operator)
    event.action = "test.changed"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="x.y")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["test.done"]


def test_anonymous_actor_is_recorded_as_nobody():
    from django.contrib.auth.models import AnonymousUser

    event = audit_log(action="certificate.verified", actor=AnonymousUser())
    assert event.actor is None
    assert event.actor_name == ""
