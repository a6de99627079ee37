"""Dates typed on a phone: the number pad has no "/" on some phones."""

from datetime import date

import pytest
from django import forms

from lapas_training.forms import IndonesianDateField


class DateForm(forms.Form):
    day = IndonesianDateField(label="Tanggal")


@pytest.mark.parametrize(
    "typed", ["31/10/2025", "31102025", "31-10-2025", "31.10.2025", " 31/10/2025 ", "31-10.2025"]
)
def test_the_same_day_however_it_is_typed(typed):
    form = DateForm({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2025, 10, 31)


def test_one_digit_day_and_month_still_read():
    form = DateForm({"day": "1-2-2026"})
    assert form.is_valid() and form.cleaned_data["day"] == date(2026, 2, 1)


@pytest.mark.parametrize("typed", ["1122026", "31022026", "1-12-26", "2025-10-31", "31/10", "abc"])
def test_what_would_be_a_guess_or_is_impossible_is_refused_in_indonesian(typed):
    form = DateForm({"day": typed})
    assert form.errors == {
        "day": ["Tanggal tidak valid. Gunakan format dd/mm/yyyy, misalnya 31/10/2025."]
    }
