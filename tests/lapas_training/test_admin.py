"""The admin: system administrators manage reference data; the audit log is read-only."""

import pytest
from django.urls import reverse

from lapas_training.audit import audit_log
from lapas_training.models import AuditEvent, Role, User
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:inmates_facility_changelist",
    "admin:inmates_inmate_changelist",
    "admin:programs_partneragency_changelist",
    "admin:programs_program_changelist",
    "admin:programs_cohort_changelist",
    "admin:programs_enrollment_changelist",
    "admin:lapas_training_user_changelist",
    "admin:lapas_training_auditevent_changelist",
    "admin:certificates_certificate_changelist",
]


@pytest.mark.parametrize("name", CHANGELISTS)
def test_admin_changelists_search_for_system_admin(client, system_admin, cohort, name):
    factories.EnrollmentFactory(cohort=cohort)
    client.force_login(system_admin)
    response = client.get(reverse(name), {"q": "a"})
    assert response.status_code == 200
    assert response.context["cl"].search_fields


@pytest.mark.parametrize("user_fixture", ["operator", "agency_admin", "instructor"])
def test_admin_is_closed_to_everyone_else(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_audit_log_admin_is_read_only(client, system_admin, operator):
    event = audit_log(action="inmate.created", actor=operator)
    client.force_login(system_admin)
    assert client.get(reverse("admin:lapas_training_auditevent_add")).status_code == 403
    assert (
        client.post(reverse("admin:lapas_training_auditevent_delete", args=[event.pk])).status_code
        == 403
    )
    response = client.get(reverse("admin:lapas_training_auditevent_change", args=[event.pk]))
    assert response.status_code == 200
    assert "inmate.created" in response.content.decode()
    assert 'name="_save"' not in response.content.decode()


def test_admin_creates_program_with_competency_units(client, system_admin):
    field = factories.TrainingFieldFactory()
    client.force_login(system_admin)
    response = client.post(
        reverse("admin:programs_program_add"),
        {
            "name": "Pengelasan SMAW",
            "code": "LAS",
            "field": field.pk,
            "description": "",
            "hours": 128,
            "certificate_kind": "competency",
            "min_attendance_percent": 80,
            "is_active": "on",
            "units-TOTAL_FORMS": 2,
            "units-INITIAL_FORMS": 0,
            "units-0-position": 1,
            "units-0-code": "LAS.01.001.01",
            "units-0-title": "Menerapkan K3",
            "units-0-hours": 8,
            "units-1-position": 2,
            "units-1-code": "LAS.02.001.01",
            "units-1-title": "Menyiapkan mesin las",
            "units-1-hours": 16,
        },
    )
    assert response.status_code == 302
    from programs.models import Program

    program = Program.objects.get(code="LAS")
    assert list(program.units.values_list("code", flat=True)) == [
        "LAS.01.001.01",
        "LAS.02.001.01",
    ]


def test_admin_creates_a_kanwil_with_a_province_of_the_facilities(client, system_admin, facility):
    client.force_login(system_admin)
    url = reverse("admin:lapas_training_user_add")
    data = {
        "username": "kanwil.baru",
        "full_name": "Kepala Kanwil",
        "role": Role.KANWIL,
        "password1": "sandi-yang-panjang-2026",
        "password2": "sandi-yang-panjang-2026",
    }
    refused = client.post(url, {**data, "province": "Jawa Timurr"})
    assert refused.status_code == 200 and not User.objects.filter(username="kanwil.baru").exists()
    assert client.post(url, {**data, "province": "Jawa Timur"}).status_code == 302
    assert User.objects.get(username="kanwil.baru").province == "Jawa Timur"


def test_opening_an_inmate_in_the_admin_is_in_the_access_log(client, system_admin, facility):
    inmate = factories.InmateFactory(facility=facility, nik="3524010101010001")
    client.force_login(system_admin)
    response = client.get(reverse("admin:inmates_inmate_change", args=[inmate.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="inmate.viewed")
    assert (event.actor, event.object_id, event.data["page"]) == (
        system_admin,
        str(inmate.pk),
        "admin",
    )
    assert "3524010101010001" not in str(event.data)


def test_which_facilities_a_bapas_receives_from_is_changed_on_the_record(
    client, system_admin, facility, other_facility
):
    """It decides whose follow-up plans the Bapas's officers read."""
    bapas = factories.BapasFactory(name="Bapas Kelas II Bojonegoro", code="bapas-bjn")
    bapas.facilities.set([facility])
    client.force_login(system_admin)
    response = client.post(
        reverse("admin:followup_bapas_change", args=[bapas.pk]),
        {
            "name": bapas.name,
            "code": bapas.code,
            "city": bapas.city,
            "province": bapas.province,
            "address": "",
            "facilities": [facility.pk, other_facility.pk],
        },
    )
    assert response.status_code == 302
    assert set(bapas.facilities.all()) == {facility, other_facility}
    event = AuditEvent.objects.get(action="bapas.changed_in_admin")
    assert (event.actor, event.object_id, event.data) == (
        system_admin,
        str(bapas.pk),
        {"fields": ["facilities"]},
    )
