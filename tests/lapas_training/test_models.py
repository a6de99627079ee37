"""A user's role must match what he is bound to."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lapas_training.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "with_facility", "with_agency"),
    [
        (Role.LAPAS_OPERATOR, False, False),
        (Role.LAPAS_HEAD, False, True),
        (Role.INSTRUCTOR, True, False),
        (Role.AGENCY_ADMIN, False, False),
        (Role.ADMIN, True, False),
    ],
)
def test_role_must_match_affiliation(role, with_facility, with_agency, facility, agency):
    user = User(
        username="x",
        full_name="X",
        role=role,
        facility=facility if with_facility else None,
        agency=agency if with_agency else None,
    )
    with pytest.raises(ValidationError):
        user.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()
