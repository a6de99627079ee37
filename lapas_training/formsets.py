"""Formsets of one form per known row: a participant's attendance, a certificate's place."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _


class RowForm(forms.Form):
    """A form about one known row, which it names by id in a hidden field."""

    row = forms.CharField(widget=forms.HiddenInput)

    def clean_row(self) -> int:
        value = self.cleaned_data["row"]
        if not value.isascii() or not value.isdigit():
            raise ValidationError(_("Baris tidak dikenali."), code="invalid_row")
        return int(value)

    def __init__(self, *args, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_object = None
        if disabled:
            for bound_field in self.fields.values():
                bound_field.disabled = True


class RowFormSet(forms.BaseFormSet):
    """One form per row of ``rows``, each naming its row; every row exactly once, no other.

    A form that names a row not in ``rows``, a row named twice or a row left out make the
    whole set invalid, so a page posted after the list changed saves nothing. Each form knows
    its row as ``form.row_object``.
    """

    unknown_row_message = _("Ada baris yang tidak dikenali. Muat ulang halaman lalu isi lagi.")
    changed_rows_message = _(
        "Daftar berubah sejak halaman dibuka. Muat ulang halaman lalu isi lagi."
    )

    def __init__(self, data=None, *, rows, initial_for=None, disabled: bool = False, **kwargs):
        self.rows = list(rows)
        self.rows_by_pk = {row.pk: row for row in self.rows}
        self.disabled = disabled
        initial = [
            {"row": row.pk, **(initial_for(row) if initial_for else {})} for row in self.rows
        ]
        kwargs.setdefault("form_kwargs", {})["disabled"] = disabled
        super().__init__(data, initial=initial, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        raw = str(form["row"].value() or "")
        # The same strict reading as RowForm.clean_row, so a valid form always has its row.
        form.row_object = self.rows_by_pk.get(int(raw)) if raw.isascii() and raw.isdigit() else None
        return form

    def clean(self):
        named = [form.cleaned_data.get("row") for form in self.forms]
        if any(pk not in self.rows_by_pk for pk in named):
            raise ValidationError(self.unknown_row_message, code="unknown_row")
        if sorted(named) != sorted(self.rows_by_pk):
            raise ValidationError(self.changed_rows_message, code="changed_rows")

    def values_by_row(self) -> dict[int, dict]:
        """Return each form's cleaned data by its row id (only on a valid formset)."""
        return {form.cleaned_data["row"]: form.cleaned_data for form in self.forms}

    def add_validation_error(self, exc: ValidationError) -> None:
        """Show a service's ValidationError: errors keyed by a row id go to that row's form."""
        forms_by_row = {str(form.row_object.pk): form for form in self.forms if form.row_object}
        if hasattr(exc, "error_dict"):
            for key, errors in exc.error_dict.items():
                target = forms_by_row.get(key)
                for error in errors:
                    if target is not None and key != NON_FIELD_ERRORS:
                        target.add_error(None, error)
                    else:
                        self.non_form_errors().extend(error.messages)
        else:
            self.non_form_errors().extend(exc.messages)


def rows_formset(form_class, *, prefix: str):
    """Return a ``RowFormSet`` class of ``form_class`` under ``prefix``."""
    base = forms.formset_factory(
        form_class, formset=RowFormSet, extra=0, max_num=1000, absolute_max=1000
    )
    return type(
        f"{form_class.__name__}Set", (base,), {"get_default_prefix": classmethod(lambda c: prefix)}
    )
