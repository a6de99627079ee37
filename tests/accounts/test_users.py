"""Creating, editing, deactivating and resetting the accounts a manager keeps.

Hostile fields that would raise a role or a scope, bad input next to the field, sessions that
end with the account, and the audit trail of every step.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lapas_training.models import AuditEvent, Role, User
from tests import factories
from tests.accounts.helpers import password_step
from tests.accounts.user_pages import (
    CREATE,
    LIST,
    action_url,
    edit_url,
    field_error,
    listed_usernames,
    new_user_data,
)
from tests.helpers import (
    audit_actions,
    login_redirect,
)

pytestmark = pytest.mark.django_db


# Creating, with hostile fields -----------------------------------------------------------------


def test_a_head_creates_an_operator_of_his_facility_whatever_the_post_says(
    client, head, other_facility, agency
):
    client.force_login(head)
    hostile = {
        "role": Role.ADMIN,
        "facility": other_facility.pk,
        "agency": agency.pk,
        "province": "Jawa Timur",
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "",
        "password": "dipilih-penyerang-123",
    }
    response = client.post(CREATE, new_user_data(**hostile))
    created = User.objects.get(username="budi.santoso")
    assert response.status_code == 302
    assert response["Location"] == action_url("user_invitation", created)
    assert (
        created.role,
        created.facility,
        created.agency,
        created.province,
        created.is_staff,
        created.is_superuser,
        created.is_active,
        created.has_usable_password(),
    ) == (Role.LAPAS_OPERATOR, head.facility, None, "", False, False, True, False)
    assert (created.full_name, created.email, created.nip, created.job_title) == (
        "Budi Santoso",
        "budi@contoh.go.id",
        "196909171994031006",
        "Staf Binadik",
    )
    assert audit_actions() == ["account.user_created", "account.invitation_issued"]
    event = AuditEvent.objects.get(action="account.user_created")
    assert (event.actor, event.object_id, event.data) == (
        head,
        str(created.pk),
        {
            "username": "budi.santoso",
            "role": "lapas_operator",
            "facility": head.facility_id,
            "agency": None,
            "bapas": None,
        },
    )


def test_an_agency_admin_creates_an_instructor_of_his_agency_whatever_the_post_says(
    client, agency_admin, other_agency, facility
):
    client.force_login(agency_admin)
    hostile = {"role": Role.AGENCY_ADMIN, "agency": other_agency.pk, "facility": facility.pk}
    client.post(CREATE, new_user_data(**hostile))
    created = User.objects.get(username="budi.santoso")
    assert (created.role, created.agency, created.facility, created.is_staff) == (
        Role.INSTRUCTOR,
        agency_admin.agency,
        None,
        False,
    )


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.LAPAS_HEAD, Role.AGENCY_ADMIN, Role.KANWIL, "superuser"]
)
def test_the_system_admin_creates_no_higher_role_here(client, system_admin, facility, role):
    client.force_login(system_admin)
    response = client.post(CREATE, new_user_data(role=role, facility=facility.pk))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["role"]
    assert not User.objects.filter(username="budi.santoso").exists()
    assert audit_actions() == []


def test_the_system_admin_creates_an_operator_or_an_instructor_anywhere(
    client, system_admin, other_facility, other_agency
):
    client.force_login(system_admin)
    client.post(
        CREATE,
        new_user_data(role=Role.LAPAS_OPERATOR, facility=other_facility.pk, agency=other_agency.pk),
    )
    client.post(
        CREATE,
        new_user_data(
            username="siti",
            role=Role.INSTRUCTOR,
            facility=other_facility.pk,
            agency=other_agency.pk,
        ),
    )
    operator = User.objects.get(username="budi.santoso")
    instructor = User.objects.get(username="siti")
    assert (operator.role, operator.facility, operator.agency) == (
        Role.LAPAS_OPERATOR,
        other_facility,
        None,
    )
    assert (instructor.role, instructor.facility, instructor.agency) == (
        Role.INSTRUCTOR,
        None,
        other_agency,
    )


def test_the_system_admin_creates_a_pk_officer_of_a_bapas_and_nothing_else(
    client, system_admin, bapas, facility, agency
):
    client.force_login(system_admin)
    response = client.post(
        CREATE,
        new_user_data(role=Role.PK_OFFICER, bapas=bapas.pk, facility=facility.pk, agency=agency.pk),
    )
    created = User.objects.get(username="budi.santoso")
    assert response["Location"] == action_url("user_invitation", created)
    assert (created.role, created.bapas, created.facility, created.agency, created.is_staff) == (
        Role.PK_OFFICER,
        bapas,
        None,
        None,
        False,
    )
    event = AuditEvent.objects.get(action="account.user_created")
    assert (event.data["role"], event.data["bapas"]) == ("pk_officer", bapas.pk)


def test_the_system_admin_must_name_the_bapas_of_a_pk_officer(client, system_admin, facility):
    client.force_login(system_admin)
    response = client.post(CREATE, new_user_data(role=Role.PK_OFFICER, facility=facility.pk))
    assert field_error(response, "bapas") == (
        "Pembimbing Kemasyarakatan wajib terikat pada satu Bapas."
    )
    assert not User.objects.filter(username="budi.santoso").exists()


@pytest.mark.parametrize("manager", ["head", "agency_admin"])
def test_a_head_or_an_agency_admin_creates_no_pk_officer(client, request, bapas, manager):
    user = request.getfixturevalue(manager)
    client.force_login(user)
    client.post(CREATE, new_user_data(role=Role.PK_OFFICER, bapas=bapas.pk))
    created = User.objects.get(username="budi.santoso")
    expected = Role.LAPAS_OPERATOR if manager == "head" else Role.INSTRUCTOR
    assert (created.role, created.bapas) == (expected, None)


def test_the_system_admin_must_name_the_facility_of_an_operator(client, system_admin):
    client.force_login(system_admin)
    response = client.post(CREATE, new_user_data(role=Role.LAPAS_OPERATOR))
    assert field_error(response, "facility") == "Operator Lapas wajib terikat pada satu UPT."
    assert not User.objects.filter(username="budi.santoso").exists()


# Editing -----------------------------------------------------------------------------------------


def test_editing_changes_the_identity_only_and_audits_old_and_new_values(
    client, head, managed_operator, other_facility
):
    client.force_login(head)
    data = new_user_data(
        username="operator.baru",
        full_name="Operator Baru Sekali",
        email=managed_operator.email,
        nip="",
        job_title="Kasi Binadik",
        # Hostile: none of these is a field of the page.
        role=Role.LAPAS_HEAD,
        facility=other_facility.pk,
        is_active="",
        is_staff="on",
        password="dipilih-penyerang-123",
    )
    password_before, name_before = managed_operator.password, managed_operator.full_name
    response = client.post(edit_url(managed_operator), data)
    assert (response.status_code, response["Location"]) == (302, LIST)
    managed_operator.refresh_from_db()
    assert (
        managed_operator.full_name,
        managed_operator.job_title,
        managed_operator.role,
        managed_operator.facility,
        managed_operator.is_active,
        managed_operator.is_staff,
        managed_operator.password,
    ) == (
        "Operator Baru Sekali",
        "Kasi Binadik",
        Role.LAPAS_OPERATOR,
        head.facility,
        True,
        False,
        password_before,
    )
    event = AuditEvent.objects.get(action="account.user_changed")
    assert (event.actor, event.data) == (
        head,
        {
            "changes": {
                "full_name": {"old": name_before, "new": "Operator Baru Sekali"},
                "job_title": {"old": "", "new": "Kasi Binadik"},
            }
        },
    )


def test_an_unchanged_form_writes_no_audit_event(client, head, managed_operator):
    client.force_login(head)
    data = {
        "username": managed_operator.username,
        "full_name": managed_operator.full_name,
        "email": managed_operator.email,
        "nip": "",
        "job_title": "",
    }
    assert client.post(edit_url(managed_operator), data).status_code == 302
    assert audit_actions() == []


# Bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"username": "Operator"},  # the fixture's "operator", in other letters
            "username",
            "Nama pengguna ini sudah dipakai. Pilih nama pengguna lain.",
        ),
        (
            {"username": "budi santoso<script>"},
            "username",
            "Nama pengguna 3–150 karakter, diawali huruf kecil atau angka, dan hanya berisi "
            "huruf kecil, angka, titik, garis bawah atau tanda hubung.",
        ),
        (
            {"email": "budi@"},
            "email",
            "Alamat email tidak valid. Contoh yang benar: nama@contoh.go.id.",
        ),
        ({"nip": "1969 0917"}, "nip", "NIP terdiri dari 18 angka."),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(
    client, head, operator, overrides, field, message
):
    client.force_login(head)
    users_before = User.objects.count()
    response = client.post(CREATE, new_user_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert field_error(response, field) == message
    assert User.objects.count() == users_before
    assert audit_actions() == []


def test_renaming_to_a_taken_username_is_refused(client, head, operator, managed_operator):
    client.force_login(head)
    data = {
        "username": "operator",
        "full_name": "Nama Baru",
        "email": "",
        "nip": "",
        "job_title": "",
    }
    response = client.post(edit_url(managed_operator), data)
    assert response.context["form"].errors == {
        "username": ["Nama pengguna ini sudah dipakai. Pilih nama pengguna lain."]
    }
    managed_operator.refresh_from_db()
    assert (managed_operator.username, managed_operator.full_name) != ("operator", "Nama Baru")
    assert audit_actions() == []


# Deactivating ----------------------------------------------------------------------------------


def test_deactivating_asks_first_then_ends_the_session(client, head, managed_operator):
    theirs = Client()
    theirs.force_login(managed_operator)
    assert theirs.get("/").status_code == 200

    client.force_login(head)
    url = action_url("user_deactivate", managed_operator)
    page = client.get(url)
    assert page.status_code == 200
    managed_operator.refresh_from_db()
    assert managed_operator.is_active
    response = client.post(url)
    assert (response.status_code, response["Location"]) == (302, edit_url(managed_operator))
    managed_operator.refresh_from_db()
    assert not managed_operator.is_active

    after = theirs.get("/")
    assert (after.status_code, after["Location"]) == (302, login_redirect("/"))
    # Nor can they log in again.
    assert password_step(Client(), managed_operator.username).status_code == 200
    assert audit_actions() == ["account.user_deactivated"]
    event = AuditEvent.objects.get()
    assert (event.actor, event.object_id) == (head, str(managed_operator.pk))


def test_reactivating_lets_the_user_log_in_again(client, agency_admin, managed_instructor):
    managed_instructor.last_login = timezone.now()  # has used the account before
    managed_instructor.save(update_fields=["last_login"])
    client.force_login(agency_admin)
    client.post(action_url("user_deactivate", managed_instructor))
    assert client.get(action_url("user_reactivate", managed_instructor)).status_code == 200
    client.post(action_url("user_reactivate", managed_instructor))
    managed_instructor.refresh_from_db()
    assert managed_instructor.is_active
    login = password_step(Client(), managed_instructor.username)
    assert (login.status_code, login["Location"]) == (302, reverse("reports:home"))
    assert audit_actions() == ["account.user_deactivated", "account.user_reactivated"]


# The second factor -------------------------------------------------------------------------------


def test_resetting_the_second_factor_removes_the_devices_and_is_audited(
    client, agency_admin, managed_instructor
):
    TOTPDevice.objects.create(user=managed_instructor, name="Ponsel", confirmed=True)
    StaticDevice.objects.create(user=managed_instructor, name="Kode pemulihan", confirmed=True)
    client.force_login(agency_admin)
    url = action_url("user_second_factor_reset", managed_instructor)
    assert client.get(url).status_code == 200
    assert TOTPDevice.objects.filter(user=managed_instructor).count() == 1
    response = client.post(url)
    assert (response.status_code, response["Location"]) == (302, edit_url(managed_instructor))
    assert TOTPDevice.objects.filter(user=managed_instructor).count() == 0
    assert StaticDevice.objects.filter(user=managed_instructor).count() == 0
    event = AuditEvent.objects.get(action="account.second_factor_reset")
    assert (event.actor, event.object_id, event.data) == (
        agency_admin,
        str(managed_instructor.pk),
        {"devices": 2},
    )


def test_the_admin_site_resets_the_second_factor_of_the_selected_users(
    client, system_admin, managed_instructor, managed_operator, operator
):
    for user in (managed_instructor, managed_operator):
        TOTPDevice.objects.create(user=user, name="Ponsel", confirmed=True)
    TOTPDevice.objects.create(user=operator, name="Ponsel", confirmed=True)
    client.force_login(system_admin)
    changelist = reverse("admin:lapas_training_user_changelist")
    response = client.post(
        changelist,
        {
            "action": "reset_second_factor",
            "_selected_action": [managed_instructor.pk, managed_operator.pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Autentikasi dua langkah direset untuk 2 pengguna (2 perangkat dihapus)."
    ]
    assert set(TOTPDevice.objects.values_list("user__username", flat=True)) == {"operator"}
    events = AuditEvent.objects.filter(action="account.second_factor_reset")
    assert sorted(events.values_list("object_id", flat=True)) == sorted(
        [str(managed_instructor.pk), str(managed_operator.pk)]
    )
    assert {event.actor for event in events} == {system_admin}


# The list ----------------------------------------------------------------------------------------


def test_the_list_searches_and_filters_by_status(client, head, facility):
    for username, name, active in [
        ("andi", "Andi Wijaya", True),
        ("bambang", "Bambang Susilo", False),
        ("citra", "Citra Lestari", True),
    ]:
        factories.UserFactory(
            username=username,
            full_name=name,
            role=Role.LAPAS_OPERATOR,
            facility=facility,
            is_active=active,
        )
    client.force_login(head)
    assert listed_usernames(client.get(LIST, {"q": "wijaya"})) == ["andi"]
    assert listed_usernames(client.get(LIST, {"status": "inactive"})) == ["bambang"]
    assert listed_usernames(client.get(LIST, {"status": "active"})) == ["andi", "citra"]
    assert listed_usernames(client.get(LIST, {"q": "susilo", "status": "active"})) == []


def test_the_list_is_paginated(client, head, facility):
    factories.UserFactory.create_batch(26, role=Role.LAPAS_OPERATOR, facility=facility)
    client.force_login(head)
    first, second = client.get(LIST), client.get(LIST, {"page": 2})
    assert (len(first.context["page"]), len(second.context["page"])) == (25, 1)
    assert first.context["page"].paginator.count == 26


def test_the_list_costs_the_same_queries_for_one_row_and_for_three(
    client, system_admin, facility, agency
):
    client.force_login(system_admin)
    factories.UserFactory(role=Role.LAPAS_OPERATOR, facility=facility)
    client.get(LIST)  # the session's first page: its one-off writes are done
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(LIST).context["page"]) == 1
    factories.UserFactory(role=Role.LAPAS_OPERATOR, facility=factories.FacilityFactory())
    factories.UserFactory(role=Role.INSTRUCTOR, agency=agency)
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(LIST).context["page"]) == 3
    assert len(three) == len(one)
