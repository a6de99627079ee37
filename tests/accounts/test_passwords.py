"""Passwords: at least 12 characters, and not a common Indonesian word dressed up."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.validators import IndonesianCommonPasswordValidator, common_words, core_of

TOO_COMMON = (
    "Kata sandi ini terlalu umum dan mudah ditebak. "
    "Gunakan gabungan beberapa kata yang tidak berhubungan."
)


@pytest.mark.parametrize(
    "password",
    [
        "bismillah",
        "Bismillah2026!",
        "b1sm1ll4h123",
        "123sayangku",
        "s4y4ngku@@",
        "Jakarta-Jakarta",
        "sayangsayangsayang",
        "KATASANDI2026",
        "merahputih1945",
    ],
)
def test_common_indonesian_passwords_are_refused(password):
    with pytest.raises(ValidationError) as error:
        IndonesianCommonPasswordValidator().validate(password)
    assert error.value.messages == [TOO_COMMON]


@pytest.mark.parametrize(
    "password", ["kursi-las-lele-2026", "Benih lele dan mesin las", "jakarta-pagi-hujan-7"]
)
def test_sentences_of_unrelated_words_pass(password):
    IndonesianCommonPasswordValidator().validate(password)


def test_the_list_is_shipped_clean():
    words = common_words()
    assert len(words) > 100
    assert all(word.isalpha() and word == word.lower() for word in words)


def test_core_reads_lookalike_digits_inside_but_not_around():
    assert core_of("B1sm1ll4h!!2026") == "bismillah"
    assert core_of("2026sayang") == "sayang"


@pytest.mark.django_db
def test_the_project_asks_for_twelve_characters():
    with pytest.raises(ValidationError) as error:
        validate_password("Kp9#xZ2!qw")  # ten characters, not common
    assert any("12" in message for message in error.value.messages)
    validate_password("Kp9#xZ2!qwLm")
