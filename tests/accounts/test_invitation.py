"""The invitation link instead of a password in clear: once, for a while, for one account."""

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.tokens import InvitationTokenGenerator
from lapas_training.models import AuditEvent
from tests.accounts.helpers import password_step
from tests.accounts.user_pages import (
    INVALID_LINK,
    NEW_PASSWORD,
    action_url,
    create_and_get_link,
    invitation_link,
    path_of,
)
from tests.helpers import (
    audit_actions,
    page_without_csrf,
)

pytestmark = pytest.mark.django_db


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


def test_an_invitation_does_not_outlive_a_deactivation(client, head, settings):
    created, link = create_and_get_link(client, head, settings)
    client.post(action_url("user_deactivate", created))
    confirm = client.get(action_url("user_reactivate", created)).content.decode()
    assert "buat tautan undangan baru" in confirm
    client.post(action_url("user_reactivate", created))
    assert Client().get(link).status_code == 404  # a new link must be issued
