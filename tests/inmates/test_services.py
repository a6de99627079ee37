"""Register services validate, save atomically and leave an audit event."""

import pytest
from django.core.exceptions import ValidationError

from inmates.models import Inmate
from inmates.services import inmate_create, inmate_update
from lapas_training.models import AuditEvent
from tests import factories
from tests.helpers import audit_actions

pytestmark = pytest.mark.django_db


def test_inmate_create_validates_and_audits(operator, facility):
    inmate = inmate_create(
        actor=operator,
        facility=facility,
        registration_number=" BI.0001/2025 ",
        full_name="Ahmad Fauzi",
        sex="L",
        nik="3524011234567890",
    )
    assert inmate.registration_number == "BI.0001/2025"
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == (
        "inmate.created",
        operator,
        str(inmate.pk),
    )


def test_inmate_create_refuses_duplicate_number_and_saves_nothing(operator, facility):
    factories.InmateFactory(facility=facility, registration_number="BI.0001/2025")
    with pytest.raises(ValidationError) as excinfo:
        inmate_create(
            actor=operator,
            facility=facility,
            registration_number="BI.0001/2025",
            full_name="Orang Lain",
            sex="L",
        )
    assert excinfo.value.message_dict == {
        "registration_number": ["Nomor registrasi ini sudah terdaftar di UPT ini."]
    }
    assert Inmate.objects.count() == 1
    assert audit_actions() == []


def test_inmate_update_audits_only_changes_and_masks_nik(operator, facility):
    inmate = factories.InmateFactory(facility=facility, full_name="Ahmad", nik="")
    inmate_update(
        actor=operator,
        inmate=inmate,
        full_name="Ahmad Fauzi",
        nik="3524011234567890",
        reason="Sesuai KTP",
    )
    inmate_update(actor=operator, inmate=inmate, full_name="Ahmad Fauzi")
    event = AuditEvent.objects.get()
    assert event.data == {
        "full_name": {"from": "Ahmad", "to": "Ahmad Fauzi"},
        "nik": "***",
        "reason": "Sesuai KTP",
    }
