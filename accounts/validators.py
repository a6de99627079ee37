"""A password validator for the passwords Indonesians pick most often."""

import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WORDS_FILE = Path(__file__).resolve().parent / "data" / "common_passwords_id.txt"
# Digits and symbols typed for the letters they look like.
LOOKALIKES = str.maketrans(
    {"4": "a", "@": "a", "3": "e", "1": "i", "!": "i", "0": "o", "5": "s", "$": "s", "7": "t"}
)
EDGES = re.compile(r"^[^a-z]+|[^a-z]+$")


@cache
def common_words() -> frozenset[str]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def core_of(password: str) -> str:
    """Return the letters a password is made of, without the digits and symbols around it."""
    core = EDGES.sub("", password.lower())
    return re.sub(r"[^a-z]", "", core.translate(LOOKALIKES))


class IndonesianCommonPasswordValidator:
    """Refuse a password that is a common Indonesian word or phrase dressed up with digits.

    "Bismillah2026!", "s4y4ngku123" and "jakartajakarta" are refused; a sentence of several
    unrelated words passes.
    """

    def validate(self, password: str, user=None) -> None:
        core = core_of(password)
        words = common_words()
        # "sayangsayang" is no better than "sayang".
        repeated = next(
            (
                core[:size]
                for size in range(1, len(core) // 2 + 1)
                if len(core) % size == 0 and core[:size] * (len(core) // size) == core
            ),
            core,
        )
        if core in words or repeated in words:
            raise ValidationError(
                _(
                    "Kata sandi ini terlalu umum dan mudah ditebak. Gunakan gabungan beberapa "
                    "kata yang tidak berhubungan."
                ),
                code="password_too_common_id",
            )

    def get_help_text(self) -> str:
        return _("Kata sandi tidak boleh berupa kata atau ungkapan yang umum dipakai.")
