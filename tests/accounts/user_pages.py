"""What the account-management tests share: addresses, form data, reading the pages."""

import re

from django.urls import reverse

from lapas_training.models import User

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


def create_and_get_link(client, manager, settings, **overrides) -> tuple[User, str]:
    """Create an account as ``manager``; return it and the invitation link shown once."""
    client.force_login(manager)
    response = client.post(CREATE, new_user_data(**overrides), follow=True)
    created = User.objects.get(username=new_user_data(**overrides)["username"])
    return created, path_of(invitation_link(response), settings)
