"""The privacy notice: public, in Indonesian, naming the controller and whom to ask."""

import pytest
from django.core import checks
from django.core.management import call_command
from django.urls import reverse

from privacy.checks import privacy_contact_check
from tests.lapas_training.test_settings import run_manage

pytestmark = pytest.mark.django_db

URL = reverse("privacy:notice")


@pytest.fixture
def contact(settings):
    settings.PRIVACY_CONTROLLER_NAME = "Lapas Kelas IIB Lamongan"
    settings.PRIVACY_CONTROLLER_ADDRESS = "Jl. Veteran No. 1, Lamongan"
    settings.PRIVACY_DPO_NAME = "Kasubag Tata Usaha <b>Lapas</b>"
    settings.PRIVACY_DPO_EMAIL = "ppdp@lapas-lamongan.example.go.id"
    settings.PRIVACY_DPO_PHONE = "(0322) 321123"
    return settings


def test_anybody_reads_the_notice_with_the_configured_contact(client, contact):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="h3">Pemberitahuan privasi</h1>' in page
    assert "<strong>Lapas Kelas IIB Lamongan</strong><br>Jl. Veteran No. 1, Lamongan" in page
    assert (
        '<a href="mailto:ppdp@lapas-lamongan.example.go.id">'
        "ppdp@lapas-lamongan.example.go.id</a>" in page
    )
    assert "(0322) 321123" in page
    # Settings are text, never markup.
    assert "Kasubag Tata Usaha &lt;b&gt;Lapas&lt;/b&gt;" in page


@pytest.mark.parametrize(
    "words",
    [
        "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi",
        "Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan",
        "paling lambat 3 x 24 (tiga kali dua puluh empat) jam",
        "Ajukan permintaan melalui UPT tempat Anda dibina",
        "Halaman itu tidak menyebut Lapas, tanggal lahir, nomor registrasi",
        "Berapa lama data disimpan",
    ],
)
def test_the_notice_says_what_the_law_asks(client, contact, words):
    assert words in client.get(URL).content.decode()


@pytest.mark.parametrize(("days", "words"), [(5 * 365, "5 tahun"), (400, "400 hari")])
def test_the_notice_states_the_configured_retention(client, contact, days, words):
    contact.RETENTION_AFTER_RELEASE_DAYS = days
    page = client.get(URL).content.decode()
    assert f"pas foto) dihapus setelah {words}; nama, nomor registrasi" in page


def test_signed_in_users_read_it_too(client, contact, operator):
    client.force_login(operator)
    assert client.get(URL).status_code == 200


def test_without_settings_the_notice_says_whom_to_ask(client, settings):
    settings.PRIVACY_CONTROLLER_NAME = ""
    settings.PRIVACY_DPO_EMAIL = ""
    page = client.get(URL).content.decode()
    assert "(belum ditetapkan: tanyakan kepada UPT Anda)" in page
    assert "mailto:" not in page


def test_only_reading_is_allowed(client):
    assert client.post(URL).status_code == 405


def test_every_page_links_to_it(client, operator):
    link = f'<a href="{URL}">Pemberitahuan privasi</a>'
    assert link in client.get(reverse("login")).content.decode()
    client.force_login(operator)
    assert link in client.get(reverse("reports:home")).content.decode()


def test_the_deploy_check_warns_without_the_officer_email(contact):
    contact.DEBUG = False
    assert privacy_contact_check() == []
    contact.PRIVACY_DPO_EMAIL = ""
    contact.PRIVACY_CONTROLLER_NAME = " "
    assert [warning.id for warning in privacy_contact_check()] == ["privacy.W001", "privacy.W002"]
    contact.PRIVACY_CONTROLLER_NAME = "Lapas Kelas IIB Lamongan"
    contact.PRIVACY_DPO_EMAIL = "bukan surel"
    (warning,) = privacy_contact_check()
    assert (warning.id, warning.level) == ("privacy.W002", checks.WARNING)
    # A deployment check: run by `check --deploy`, not by every start.
    deploy = checks.registry.registry.get_checks(include_deployment_checks=True)
    assert privacy_contact_check in deploy
    assert privacy_contact_check not in checks.registry.registry.get_checks()


def test_development_needs_no_officer_yet(contact):
    contact.DEBUG = True
    contact.PRIVACY_DPO_EMAIL = ""
    assert privacy_contact_check() == []


def test_check_deploy_reports_the_missing_officer_email(contact, capsys):
    contact.PRIVACY_DPO_EMAIL = ""
    call_command("check", deploy=True, tags=[checks.Tags.security])
    assert "(privacy.W002) PRIVACY_DPO_EMAIL is not set" in capsys.readouterr().err


def test_production_settings_read_the_contact_from_the_environment():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print((s.PRIVACY_CONTROLLER_NAME, s.PRIVACY_DPO_EMAIL, s.PRIVACY_DPO_PHONE))",
        DEBUG="0",
        SECRET_KEY="z" * 50,
        ALLOWED_HOSTS="pelatihan.example.go.id",
        SITE_URL="https://pelatihan.example.go.id",
        ALLOW_LOCAL_CACHE="1",
        PRIVACY_DPO_EMAIL="ppdp@contoh.go.id",
    )
    assert result.returncode == 0, result.stderr
    # Production has no example contact: what is not set stays empty.
    assert result.stdout.strip() == "('', 'ppdp@contoh.go.id', '')"


def test_the_verification_pages_link_a_notice_that_says_nothing_of_prison(client):
    """An employer verifying a certificate must not learn where the training took place."""
    page = client.get(reverse("certificates:verify", args=["x" * 32]))
    notice_url = reverse("privacy:verification_notice")
    assert f'href="{notice_url}">Pemberitahuan privasi</a>' in page.content.decode()
    assert f'href="{reverse("privacy:notice")}"' not in page.content.decode()
    body = client.get(notice_url).content.decode().lower()
    assert "sertifikat" in body
    for word in (
        "lapas",
        "rutan",
        "wbp",
        "warga binaan",
        "pemasyarakatan",
        "penjara",
        "narapidana",
    ):
        assert word not in body, word
