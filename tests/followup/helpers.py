"""A released graduate, as the release action makes him."""

from datetime import date

from inmates.services import inmate_release
from tests import factories
from tests.certificates.helpers import closed_cohort


def released_graduate(*, cohort, instructor, operator, name="Ahmad Fauzi", on=date(2026, 1, 31)):
    """Finish ``cohort`` with ``name`` in it, then release him on ``on``; return the inmate."""
    enrollment = closed_cohort(cohort=cohort, instructor=instructor, names=[name])[name]
    return inmate_release(actor=operator, inmate=enrollment.inmate, released_on=on)


def released_without_training(*, facility, operator, on=date(2026, 1, 31)):
    inmate = factories.InmateFactory(facility=facility)
    return inmate_release(actor=operator, inmate=inmate, released_on=on)
