"""Accounts that the account-management tests manage."""

import pytest

from lapas_training.models import Role
from tests import factories


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
    pk_officer,
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
