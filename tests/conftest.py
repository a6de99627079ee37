"""Shared fixtures: the two facilities and agencies of the three-user tests, and strict settings."""

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from lapas_training.models import Role
from tests import factories

# Fast and strict: cheap password hashing, static files straight from the finders.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.WHITENOISE_AUTOREFRESH = True
settings.WHITENOISE_USE_FINDERS = True
settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_is_a_whole_login(monkeypatch):
    """``client.force_login`` stands for a finished login: both steps where the role has two.

    The second step itself is tested through the real pages (tests/accounts/).
    """
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.role in settings.TWO_FACTOR_REQUIRED_ROLES:
            device, _ = StaticDevice.objects.get_or_create(
                user=user, name="tests", defaults={"confirmed": True}
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def facility(db):
    return factories.FacilityFactory(name="Lapas Kelas IIB Lamongan", code="lapas-lamongan")


@pytest.fixture
def other_facility(db):
    return factories.FacilityFactory(name="Lapas Kelas IIB Mojokerto", code="lapas-mojokerto")


@pytest.fixture
def agency(db):
    return factories.PartnerAgencyFactory(name="Disnaker Kabupaten Lamongan", code="DISNAKER-LMG")


@pytest.fixture
def other_agency(db):
    return factories.PartnerAgencyFactory(name="BLK Mojokerto", code="BLK-MJK")


@pytest.fixture
def operator(facility):
    return factories.UserFactory(username="operator", role=Role.LAPAS_OPERATOR, facility=facility)


@pytest.fixture
def head(facility):
    return factories.UserFactory(username="kalapas", role=Role.LAPAS_HEAD, facility=facility)


@pytest.fixture
def other_operator(other_facility):
    return factories.UserFactory(
        username="operator.lain", role=Role.LAPAS_OPERATOR, facility=other_facility
    )


@pytest.fixture
def agency_admin(agency):
    return factories.UserFactory(username="admin.instansi", role=Role.AGENCY_ADMIN, agency=agency)


@pytest.fixture
def other_agency_admin(other_agency):
    return factories.UserFactory(
        username="admin.instansi.lain", role=Role.AGENCY_ADMIN, agency=other_agency
    )


@pytest.fixture
def instructor(agency):
    return factories.UserFactory(username="instruktur", role=Role.INSTRUCTOR, agency=agency)


@pytest.fixture
def other_instructor(agency):
    """An instructor of the same agency who does not teach the cohort."""
    return factories.UserFactory(username="instruktur.lain", role=Role.INSTRUCTOR, agency=agency)


@pytest.fixture
def foreign_instructor(other_agency):
    """An instructor of another agency."""
    return factories.UserFactory(
        username="instruktur.asing", role=Role.INSTRUCTOR, agency=other_agency
    )


@pytest.fixture
def system_admin(db):
    return factories.UserFactory(username="admin", role=Role.ADMIN)


@pytest.fixture
def cohort(facility, agency, operator, instructor):
    return factories.CohortFactory(
        facility=facility,
        agency=agency,
        created_by=operator,
        instructors=[instructor],
        name="Angkatan I 2026",
    )


@pytest.fixture
def other_cohort(other_facility, other_agency, other_operator):
    return factories.CohortFactory(
        facility=other_facility,
        agency=other_agency,
        created_by=other_operator,
        name="Angkatan Lain",
    )


@pytest.fixture
def kanwil(db):
    """The regional office of the province of ``facility`` and ``other_facility``."""
    return factories.UserFactory(username="kanwil.jatim", role=Role.KANWIL, province="Jawa Timur")


@pytest.fixture
def other_kanwil(db):
    return factories.UserFactory(username="kanwil.jabar", role=Role.KANWIL, province="Jawa Barat")


@pytest.fixture
def bapas(facility):
    """The Bapas that receives the releases of ``facility``."""
    return factories.BapasFactory(
        name="Bapas Kelas II Bojonegoro", code="bapas-bjn", facilities=[facility]
    )


@pytest.fixture
def other_bapas(other_facility):
    return factories.BapasFactory(
        name="Bapas Kelas I Surabaya", code="bapas-sby", facilities=[other_facility]
    )


@pytest.fixture
def pk_officer(bapas):
    return factories.UserFactory(username="pk.bojonegoro", role=Role.PK_OFFICER, bapas=bapas)


@pytest.fixture
def other_pk_officer(other_bapas):
    return factories.UserFactory(username="pk.surabaya", role=Role.PK_OFFICER, bapas=other_bapas)


@pytest.fixture
def outcome_world(facility, other_facility, agency, other_agency, operator, pk_officer):
    """The exact follow-up fixture of tests/followup/outcomes.py: eight released graduates."""
    from tests.followup import outcomes

    return outcomes.build(
        facility=facility,
        other_facility=other_facility,
        agency=agency,
        other_agency=other_agency,
        operator=operator,
        officer=pk_officer,
    )
