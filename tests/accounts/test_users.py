"""Accounts kept where they belong: a Kalapas his operators, an agency admin his instructors.

Each manager's scope (404 outside it), hostile fields that would raise a role or a scope, the
invitation link instead of a password in clear, sessions that end with the account, and the
audit trail of every step.
"""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tokens import InvitationTokenGenerator
from lapas_training.models import AuditEvent, Role, User
from tests import factories
from tests.accounts.helpers import password_step
from tests.helpers import (
    assert_same_as_missing,
    audit_actions,
    login_redirect,
    page_without_csrf,
)

pytestmark = pytest.mark.django_db

LIST = reverse("accounts:user_list")
CREATE = reverse("accounts:user_create")
NEW_PASSWORD = "Bengkel-Las-Lamongan-2026"
INVALID_LINK = "Tautan ini salah, sudah dipakai, atau sudah kedaluwarsa."


def edit_url(user) -> str:
    return reverse("accounts:user_edit", args=[user.pk])


def action_url(name: str, user) -> str:
    return reverse(f"accounts:{name}", args=[user.pk])


def missing_url(name: str) -> str:
    return reverse(f"accounts:{name}", args=[999_999])


def new_user_data(**overrides) -> dict:
    return {
        "username": "budi.santoso",
        "full_name": "Budi Santoso",
        "email": "budi@contoh.go.id",
        "nip": "19690917 199403 1 006",
        "job_title": "Staf Binadik",
        **overrides,
    }


def listed_usernames(response) -> list[str]:
    return [account.username for account in response.context["page"]]


def invitation_link(response) -> str:
    """Return the invitation link shown on the page."""
    found = re.search(r'id="invitation-url" rows="3" readonly>([^<]+)<', response.content.decode())
    assert found, "no invitation link on the page"
    return found.group(1)


def path_of(link: str, settings) -> str:
    assert link.startswith(f"{settings.SITE_URL}/akun/undangan/")
    return link.removeprefix(settings.SITE_URL)


def field_error(response, field: str) -> str:
    """Return the error shown next to ``field``, as the page renders it."""
    found = re.search(
        rf'id="error_1_id_{field}"[^>]*>\s*(?:<strong>)?(.*?)(?:</strong>)?\s*</',
        response.content.decode(),
        re.S,
    )
    assert found, f"no error next to {field}"
    return found.group(1).strip()


@pytest.fixture
def managed_operator(facility):
    return factories.UserFactory(
        username="operator.baru", role=Role.LAPAS_OPERATOR, facility=facility
    )


@pytest.fixture
def managed_instructor(agency):
    return factories.UserFactory(username="instruktur.baru", role=Role.INSTRUCTOR, agency=agency)


@pytest.fixture
def people(
    facility,
    other_facility,
    agency,
    other_agency,
    operator,
    other_operator,
    head,
    agency_admin,
    other_agency_admin,
    instructor,
    foreign_instructor,
    system_admin,
    kanwil,
):
    """Somebody of every role and scope, each one able to leak into a list."""
    return {
        "second_head": factories.UserFactory(
            username="kalapas.wakil", role=Role.LAPAS_HEAD, facility=facility
        ),
        "second_agency_admin": factories.UserFactory(
            username="admin.instansi.dua", role=Role.AGENCY_ADMIN, agency=agency
        ),
        "other_head": factories.UserFactory(
            username="kalapas.lain", role=Role.LAPAS_HEAD, facility=other_facility
        ),
    }


# Scope -----------------------------------------------------------------------------------------


def test_a_head_lists_only_the_operators_of_his_facility(client, head, people):
    client.force_login(head)
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed_usernames(response) == ["operator"]


def test_an_agency_admin_lists_only_the_instructors_of_his_agency(client, agency_admin, people):
    client.force_login(agency_admin)
    assert listed_usernames(client.get(LIST)) == ["instruktur"]


def test_the_system_admin_lists_operators_and_instructors_of_everywhere(
    client, system_admin, people
):
    client.force_login(system_admin)
    assert sorted(listed_usernames(client.get(LIST))) == [
        "instruktur",
        "instruktur.asing",
        "operator",
        "operator.lain",
    ]


@pytest.mark.parametrize("role", ["operator", "instructor", "kanwil"])
def test_who_manages_nobody_gets_404_on_the_list_and_the_form(client, request, people, role):
    client.force_login(request.getfixturevalue(role))
    for url in (LIST, CREATE):
        assert_same_as_missing(client, client.get(url))
        assert_same_as_missing(client, client.post(url, new_user_data()), method="post")
    assert not User.objects.filter(username="budi.santoso").exists()


def test_the_menu_links_the_users_page_for_managers_only(client, head, operator):
    client.force_login(head)
    assert f'href="{LIST}"' in client.get("/").content.decode()
    client.force_login(operator)
    assert f'href="{LIST}"' not in client.get("/").content.decode()


def test_anonymous_visitors_are_sent_to_login(client, operator):
    for url in (LIST, CREATE, edit_url(operator)):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, login_redirect(url))


ACCOUNT_PAGES = [
    "user_edit",
    "user_deactivate",
    "user_reactivate",
    "user_second_factor_reset",
    "user_invitation",
]


@pytest.mark.parametrize(
    ("manager", "outsiders"),
    [
        # Another facility's operator, higher roles of his own facility, himself, other kinds.
        (
            "head",
            ["other_operator", "second_head", "head", "instructor", "agency_admin", "kanwil"],
        ),
        (
            "agency_admin",
            [
                "foreign_instructor",
                "second_agency_admin",
                "agency_admin",
                "operator",
                "head",
                "system_admin",
            ],
        ),
        ("system_admin", ["system_admin", "head", "agency_admin", "kanwil", "other_head"]),
    ],
)
def test_accounts_outside_the_scope_answer_404_as_if_missing(
    client, request, people, manager, outsiders
):
    client.force_login(request.getfixturevalue(manager))
    for name in outsiders:
        outsider = people.get(name) or request.getfixturevalue(name)
        before = User.objects.values().get(pk=outsider.pk)
        for page in ACCOUNT_PAGES:
            url = action_url(page, outsider)
            assert_same_as_missing(client, client.get(url), missing_url(page))
            response = client.post(url, {"full_name": "Diubah", "username": "diubah"})
            assert_same_as_missing(client, response, missing_url(page), method="post")
        assert User.objects.values().get(pk=outsider.pk) == before
    assert audit_actions() == []


@pytest.mark.parametrize(
    ("manager", "managed"), [("head", "operator"), ("agency_admin", "instructor")]
)
def test_a_manager_opens_the_accounts_of_his_scope(client, request, people, manager, managed):
    client.force_login(request.getfixturevalue(manager))
    account = request.getfixturevalue(managed)
    response = client.get(edit_url(account))
    assert response.status_code == 200
    assert response.context["managed"] == account


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


# The invitation ----------------------------------------------------------------------------------


def create_and_get_link(client, manager, settings, **overrides) -> tuple[User, str]:
    """Create an account as ``manager``; return it and the invitation link shown once."""
    client.force_login(manager)
    response = client.post(CREATE, new_user_data(**overrides), follow=True)
    created = User.objects.get(username=new_user_data(**overrides)["username"])
    return created, path_of(invitation_link(response), settings)


def test_create_then_invitation_then_password_then_login(client, head, settings):
    settings.SITE_URL = "https://pelatihan.contoh.go.id"
    created, link = create_and_get_link(client, head, settings)
    # The link is shown once: the page shown again has none.
    again = client.get(action_url("user_invitation", created))
    assert 'id="invitation-url"' not in again.content.decode()

    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "strict-origin"
    assert "no-store" in page["Cache-Control"]
    assert page.context["invited"] == created
    response = visitor.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert (response.status_code, response["Location"]) == (302, reverse("login"))
    created.refresh_from_db()
    assert created.check_password(NEW_PASSWORD)
    # Not logged in by the link: the login page is the one door.
    assert visitor.get(reverse("reports:home")).status_code == 302
    login = password_step(visitor, "budi.santoso", NEW_PASSWORD)
    assert (login.status_code, login["Location"]) == (302, reverse("reports:home"))
    assert visitor.get(reverse("reports:home")).context["user"] == created
    assert audit_actions() == [
        "account.user_created",
        "account.invitation_issued",
        "account.invitation_used",
    ]
    used = AuditEvent.objects.get(action="account.invitation_used")
    assert (used.actor, used.object_id) == (created, str(created.pk))


def test_a_link_works_once(client, agency_admin, settings):
    created, link = create_and_get_link(client, agency_admin, settings)
    visitor = Client()
    visitor.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    for method in (visitor.get, visitor.post):
        response = method(
            link, {"new_password1": "Lain-Sekali-2026", "new_password2": "Lain-Sekali-2026"}
        )
        assert response.status_code == 404
        assert INVALID_LINK in response.content.decode()
    created.refresh_from_db()
    assert created.check_password(NEW_PASSWORD)


def test_a_weak_password_is_refused_and_the_link_still_works(client, head, settings):
    created, link = create_and_get_link(client, head, settings)
    visitor = Client()
    response = visitor.post(link, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["new_password2"]
    created.refresh_from_db()
    assert not created.has_usable_password()
    assert visitor.get(link).status_code == 200


def test_an_expired_link_fails(client, head, settings):
    created, link = create_and_get_link(client, head, settings)
    visitor = Client()
    issued = datetime.now()
    with mock.patch.object(
        InvitationTokenGenerator, "_now", return_value=issued + timedelta(days=6, hours=23)
    ):
        assert visitor.get(link).status_code == 200
    with mock.patch.object(
        InvitationTokenGenerator, "_now", return_value=issued + timedelta(days=7, minutes=1)
    ):
        response = visitor.post(
            link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
    assert response.status_code == 404
    assert INVALID_LINK in response.content.decode()
    created.refresh_from_db()
    assert not created.has_usable_password()


def test_the_validity_follows_the_setting_not_the_password_reset_timeout(client, head, settings):
    settings.INVITATION_DAYS = 1
    settings.PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 30
    _created, link = create_and_get_link(client, head, settings)
    with mock.patch.object(
        InvitationTokenGenerator, "_now", return_value=datetime.now() + timedelta(days=2)
    ):
        assert Client().get(link).status_code == 404


def test_a_password_reset_token_is_no_invitation(client, head, settings):
    created, _link = create_and_get_link(client, head, settings)
    uidb64 = urlsafe_base64_encode(force_bytes(created.pk))
    reset_token = default_token_generator.make_token(created)
    url = reverse("accounts:invitation", args=[uidb64, reset_token])
    response = Client().post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 404
    created.refresh_from_db()
    assert not created.has_usable_password()


def test_a_bad_link_says_nothing_about_who_exists(client, head, settings):
    created, link = create_and_get_link(client, head, settings)
    token = link.rstrip("/").rsplit("/", 1)[1]
    visitor = Client()
    pages = [
        visitor.get(reverse("accounts:invitation", args=[uid, tok]))
        for uid, tok in [
            (urlsafe_base64_encode(force_bytes(created.pk)), "cx7k2a-0123456789abcdef"),
            (urlsafe_base64_encode(force_bytes(999_999)), token),
            ("!!!", token),
            (urlsafe_base64_encode(b"not-a-number"), token),
        ]
    ]
    assert [page.status_code for page in pages] == [404] * 4
    assert len({page_without_csrf(page) for page in pages}) == 1
    assert INVALID_LINK in pages[0].content.decode()
    assert created.username not in pages[0].content.decode()


def test_a_new_link_replaces_the_old_one(client, head, settings):
    created, old_link = create_and_get_link(client, head, settings)
    page = client.get(action_url("user_invitation", created))
    assert page.status_code == 200
    response = client.post(action_url("user_invitation", created), follow=True)
    new_link = path_of(invitation_link(response), settings)
    visitor = Client()
    assert visitor.get(old_link).status_code == 404
    assert visitor.get(new_link).status_code == 200
    assert audit_actions() == [
        "account.user_created",
        "account.invitation_issued",
        "account.invitation_issued",
    ]


def test_no_new_link_once_the_user_has_logged_in(client, head, managed_operator, settings):
    created, link = create_and_get_link(client, head, settings)
    Client().force_login(created)
    created.refresh_from_db()
    assert created.last_login is not None
    password_before = created.password
    assert Client().get(link).status_code == 404
    page = client.get(action_url("user_invitation", created))
    assert 'method="post"' not in page.content.decode().split('id="main"')[1]
    response = client.post(action_url("user_invitation", created), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Undangan hanya untuk akun aktif yang belum pernah masuk ke aplikasi."
    ]
    created.refresh_from_db()
    assert created.password == password_before
    assert audit_actions() == ["account.user_created", "account.invitation_issued"]


def test_a_deactivated_user_cannot_use_his_link(client, head, settings):
    created, link = create_and_get_link(client, head, settings)
    client.post(action_url("user_deactivate", created))
    assert Client().get(link).status_code == 404


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


def test_an_invitation_does_not_outlive_a_deactivation(client, head, settings):
    created, link = create_and_get_link(client, head, settings)
    client.post(action_url("user_deactivate", created))
    client.post(action_url("user_reactivate", created))
    assert Client().get(link).status_code == 404  # a new link must be issued
