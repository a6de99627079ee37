"""What every page shares: navigation by role, language, the 404 page."""

import pytest

pytestmark = pytest.mark.django_db


def test_navigation_follows_the_role(client, operator, instructor, system_admin):
    client.force_login(operator)
    body = client.get("/").content.decode()
    assert "Register WBP" in body
    assert 'href="/admin/"' not in body
    client.force_login(instructor)
    body = client.get("/").content.decode()
    assert "Register WBP" not in body
    client.force_login(system_admin)
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_language_switcher_turns_the_page_english(client, operator):
    client.force_login(operator)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Inmate register" in body


def test_unknown_page_is_a_404_in_indonesian(client, operator):
    client.force_login(operator)
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_indonesian_is_the_default_whatever_the_browser_says(client, operator):
    client.force_login(operator)
    body = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="id">' in body
    assert "Register WBP" in body
