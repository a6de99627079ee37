"""Register constraints hold even when code forgets to check."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests import factories

pytestmark = pytest.mark.django_db


def test_registration_number_is_unique_per_facility_only(facility, other_facility):
    factories.InmateFactory(facility=facility, registration_number="BI.0001/2025")
    factories.InmateFactory(facility=other_facility, registration_number="BI.0001/2025")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.InmateFactory(facility=facility, registration_number="BI.0001/2025")


def test_nik_must_be_sixteen_digits(facility):
    inmate = factories.InmateFactory.build(facility=facility, nik="12345")
    with pytest.raises(ValidationError) as excinfo:
        inmate.full_clean()
    assert excinfo.value.message_dict == {"nik": ["NIK harus terdiri dari tepat 16 angka."]}


def test_masked_nik_shows_only_the_last_four_digits():
    inmate = factories.InmateFactory.build(nik="3524011234567890")
    assert inmate.masked_nik == "••••••••••••7890"
    assert factories.InmateFactory.build(nik="").masked_nik == ""
