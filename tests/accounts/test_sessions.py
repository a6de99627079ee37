"""Open sessions: listed, ended from another browser, ended by idleness or a lost right."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts.middleware import SEEN_KEY
from accounts.models import UserSession
from lapas_training.models import Role
from tests.accounts.helpers import password_step
from tests.helpers import audit_actions

pytestmark = pytest.mark.django_db

HOME = "/"


def logged_in(username, agent="Firefox di kantor") -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    assert password_step(client, username).status_code == 302
    return client


def sent_to_login(client) -> bool:
    response = client.get(HOME)
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_security_page_lists_open_sessions(operator):
    office = logged_in("operator", "Firefox di kantor")
    logged_in("operator", "Chrome di tablet")
    page = office.get(reverse("accounts:security"))
    sessions = page.context["sessions"]
    assert [s.user_agent for s in sessions] == ["Firefox di kantor", "Chrome di tablet"]
    assert [s.is_current for s in sessions] == [True, False]
    assert "Chrome di tablet" in page.content.decode()
    assert sessions[0].ip_address == "10.0.0.9"


def test_sign_out_everywhere_else(operator):
    office = logged_in("operator", "Firefox di kantor")
    tablet = logged_in("operator", "Chrome di tablet")
    phone = logged_in("operator", "Ponsel")
    response = office.post(reverse("accounts:sessions_end_others"))
    assert response.status_code == 302
    assert sent_to_login(tablet) and sent_to_login(phone)
    assert office.get(HOME).status_code == 200
    assert UserSession.objects.filter(user=operator).count() == 1
    assert "account.sessions_ended" in audit_actions()


def test_end_one_other_session_but_not_someone_elses(operator, other_operator):
    office = logged_in("operator", "Firefox di kantor")
    tablet = logged_in("operator", "Chrome di tablet")
    stranger = logged_in("operator.lain")
    tablet_row = UserSession.objects.get(user=operator, user_agent="Chrome di tablet")
    strangers_row = UserSession.objects.get(user=other_operator)
    answer = office.post(reverse("accounts:session_end"), {"session": strangers_row.pk})
    assert answer.status_code == 404
    assert stranger.get(HOME).status_code == 200
    office.post(reverse("accounts:session_end"), {"session": tablet_row.pk})
    assert sent_to_login(tablet)
    assert office.get(HOME).status_code == 200
    own_row = UserSession.objects.get(user=operator)
    assert office.post(reverse("accounts:session_end"), {"session": own_row.pk}).status_code == 404
    assert office.post(reverse("accounts:session_end"), {"session": "x"}).status_code == 404


def test_the_row_follows_the_cycled_key_of_a_password_change(operator):
    office = logged_in("operator")
    tablet = logged_in("operator", "Chrome di tablet")
    response = office.post(
        reverse("password_change"),
        {
            "old_password": "sandi-uji-123",
            "new_password1": "Kursi-Las-Lamongan-2026",
            "new_password2": "Kursi-Las-Lamongan-2026",
        },
    )
    assert response.status_code == 302
    assert office.get(HOME).status_code == 200
    assert sent_to_login(tablet)
    rows = list(UserSession.objects.filter(user=operator))
    assert [row.session_key for row in rows] == [office.session.session_key]
    assert "account.password_changed" in audit_actions()


def test_idle_sessions_end(operator, agency_admin, settings):
    settings.SESSION_IDLE_MINUTES = 120
    settings.SESSION_IDLE_MINUTES_PRIVILEGED = 30
    for user, idle_minutes in ((operator, 119), (agency_admin, 29)):
        client = Client()
        client.force_login(user)
        assert client.get(HOME).status_code == 200
        session = client.session
        session[SEEN_KEY] = int(time.time()) - idle_minutes * 60
        session.save()
        assert client.get(HOME).status_code == 200, user.role
        session = client.session
        session[SEEN_KEY] = int(time.time()) - (idle_minutes + 2) * 60
        session.save()
        response = client.get("/laporan/")
        assert response.status_code == 302, user.role
        assert response["Location"] == f"{reverse('login')}?next=/laporan/"
        assert sent_to_login(client)


def test_polling_for_pdfs_does_not_keep_a_session_alive(operator, settings):
    settings.SESSION_IDLE_MINUTES = 120
    client = Client()
    client.force_login(operator)
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 119 * 60
    session.save()
    # The certificate page's script asks for progress as JSON every few seconds.
    client.get("/", HTTP_ACCEPT="application/json")
    session = client.session
    assert int(time.time()) - session[SEEN_KEY] >= 119 * 60
    session[SEEN_KEY] = int(time.time()) - 121 * 60
    session.save()
    assert client.get("/", HTTP_ACCEPT="application/json")["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "change",
    [
        {"is_active": False},
        {"role": Role.LAPAS_HEAD},
        {"facility": "other_facility"},
    ],
    ids=["deactivated", "role", "facility"],
)
def test_a_lost_right_ends_every_session(
    request, operator, change, django_capture_on_commit_callbacks
):
    office = logged_in("operator")
    tablet = logged_in("operator", "Chrome di tablet")
    for field, value in change.items():
        value = request.getfixturevalue(value) if value == "other_facility" else value
        setattr(operator, field, value)
    with django_capture_on_commit_callbacks(execute=True):
        operator.save()
    assert sent_to_login(office) and sent_to_login(tablet)
    assert not UserSession.objects.filter(user=operator).exists()


def test_the_last_login_stamp_does_not_end_sessions(operator):
    office = logged_in("operator")
    logged_in("operator", "Chrome di tablet")  # saves last_login of the same user
    assert office.get(HOME).status_code == 200
    assert UserSession.objects.filter(user=operator).count() == 2


def test_logout_forgets_the_session(operator):
    office = logged_in("operator")
    office.post(reverse("logout"))
    assert not UserSession.objects.filter(user=operator).exists()


def test_the_absolute_lifetime_does_not_move_with_activity(operator, settings):
    settings.SESSION_COOKIE_AGE = 10 * 60 * 60
    client = logged_in("operator")
    ends = client.session.get_expiry_date()
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 5 * 60  # the next request writes the session
    session.save()
    assert client.get(HOME).status_code == 200
    assert abs((client.session.get_expiry_date() - ends).total_seconds()) < 2


def test_turning_the_second_factor_on_signs_out_browsers_that_had_only_the_password(operator):
    from tests.accounts.test_second_factor import set_up_authenticator

    thief = logged_in("operator", "Peramban lain")
    owner = logged_in("operator")
    set_up_authenticator(owner)
    assert sent_to_login(thief)
    assert owner.get(HOME).status_code == 200


@pytest.mark.parametrize("hostile", ["²", "١", "9" * 5000, "-1", ""])
def test_ending_a_session_with_a_hostile_id_is_a_404(operator, hostile):
    office = logged_in("operator")
    assert office.post(reverse("accounts:session_end"), {"session": hostile}).status_code == 404
