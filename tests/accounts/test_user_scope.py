"""Who manages whose account: each manager's scope, and 404 outside it."""

import pytest

from lapas_training.models import User
from tests.accounts.user_pages import (
    CREATE,
    LIST,
    action_url,
    edit_url,
    listed_usernames,
    missing_url,
    new_user_data,
)
from tests.helpers import (
    assert_same_as_missing,
    audit_actions,
    login_redirect,
)

pytestmark = pytest.mark.django_db


# Scope -----------------------------------------------------------------------------------------


def test_a_head_lists_only_the_operators_of_his_facility(client, head, people):
    client.force_login(head)
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed_usernames(response) == ["operator"]


def test_an_agency_admin_lists_only_the_instructors_of_his_agency(client, agency_admin, people):
    client.force_login(agency_admin)
    assert listed_usernames(client.get(LIST)) == ["instruktur"]


def test_the_system_admin_lists_operators_instructors_and_pk_officers_of_everywhere(
    client, system_admin, people
):
    client.force_login(system_admin)
    assert sorted(listed_usernames(client.get(LIST))) == [
        "instruktur",
        "instruktur.asing",
        "operator",
        "operator.lain",
        "pk.bojonegoro",
    ]


@pytest.mark.parametrize("role", ["operator", "instructor", "kanwil", "pk_officer"])
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
            [
                "other_operator",
                "second_head",
                "head",
                "instructor",
                "agency_admin",
                "kanwil",
                "pk_officer",
            ],
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
                "pk_officer",
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
    ("manager", "managed"),
    [("head", "operator"), ("agency_admin", "instructor"), ("system_admin", "pk_officer")],
)
def test_a_manager_opens_the_accounts_of_his_scope(client, request, people, manager, managed):
    client.force_login(request.getfixturevalue(manager))
    account = request.getfixturevalue(managed)
    response = client.get(edit_url(account))
    assert response.status_code == 200
    assert response.context["managed"] == account
