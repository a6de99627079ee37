"""Reading inmate registers exported as CSV or XLSX, and checking every row before saving.

Nothing here writes to the database: ``parse_upload`` turns a file into rows of text (through
``lapas_training.sheets``) and ``validate_rows`` says, for each row, what it would do and what
is wrong with it.
"""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inmates.models import Facility, Inmate, nik_validator
from lapas_training.models import TrainingField
from lapas_training.sheets import (  # noqa: F401 -- the register import's limits and error
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportFileError,
    read_sheet,
)

# (column, required, description) in the order of the template.
COLUMNS = [
    ("nomor_registrasi", True, gettext_lazy("Nomor registrasi di UPT ini, misalnya BI.0001/2025")),
    ("nama_lengkap", True, gettext_lazy("Nama lengkap")),
    ("jenis_kelamin", True, gettext_lazy("L atau P")),
    ("tempat_lahir", False, gettext_lazy("Kota/kabupaten tempat lahir")),
    ("tanggal_lahir", False, gettext_lazy("dd/mm/yyyy")),
    ("nik", False, gettext_lazy("16 angka; format kolom sebagai teks di Excel")),
    ("pendidikan", False, gettext_lazy("Tidak sekolah, SD, SMP, SMA, SMK, Diploma, S1")),
    ("tanggal_bebas", False, gettext_lazy("Tanggal bebas (ekspirasi), dd/mm/yyyy")),
    ("minat", False, gettext_lazy("Bidang pelatihan, dipisah titik koma")),
]
COLUMN_NAMES = [name for name, _required, _help in COLUMNS]
# The register field each column fills.
COLUMN_OF = {
    "registration_number": "nomor_registrasi",
    "full_name": "nama_lengkap",
    "sex": "jenis_kelamin",
    "birth_place": "tempat_lahir",
    "birth_date": "tanggal_lahir",
    "nik": "nik",
    "education": "pendidikan",
    "expected_release_date": "tanggal_bebas",
    "interests": "minat",
}
REQUIRED_COLUMNS = [name for name, required, _help in COLUMNS if required]

SEX_VALUES = {
    "l": Inmate.Sex.MALE,
    "laki-laki": Inmate.Sex.MALE,
    "laki laki": Inmate.Sex.MALE,
    "pria": Inmate.Sex.MALE,
    "p": Inmate.Sex.FEMALE,
    "perempuan": Inmate.Sex.FEMALE,
    "wanita": Inmate.Sex.FEMALE,
}
EDUCATION_VALUES = {
    "tidak sekolah": Inmate.Education.NONE,
    "-": Inmate.Education.NONE,
    "sd": Inmate.Education.SD,
    "smp": Inmate.Education.SMP,
    "sltp": Inmate.Education.SMP,
    "sma": Inmate.Education.SMA,
    "smk": Inmate.Education.SMA,
    "slta": Inmate.Education.SMA,
    "d1": Inmate.Education.DIPLOMA,
    "d2": Inmate.Education.DIPLOMA,
    "d3": Inmate.Education.DIPLOMA,
    "diploma": Inmate.Education.DIPLOMA,
    "s1": Inmate.Education.BACHELOR,
    "d4": Inmate.Education.BACHELOR,
    "s2": Inmate.Education.BACHELOR,
    "s3": Inmate.Education.BACHELOR,
}


def parse_upload(file_name: str, content: bytes) -> list[dict[str, str]]:
    """Return the data rows of a CSV or XLSX register as dicts keyed by column name."""
    return read_sheet(file_name, content, columns=COLUMN_NAMES, required=REQUIRED_COLUMNS)


class ImportRowForm(forms.Form):
    """One row of the register, checked with the same messages as the entry form."""

    nomor_registrasi = forms.CharField(label=gettext_lazy("Nomor registrasi"), max_length=40)
    nama_lengkap = forms.CharField(label=gettext_lazy("Nama lengkap"), max_length=150)
    jenis_kelamin = forms.CharField(label=gettext_lazy("Jenis kelamin"))
    tempat_lahir = forms.CharField(
        label=gettext_lazy("Tempat lahir"), max_length=100, required=False
    )
    tanggal_lahir = forms.DateField(
        label=gettext_lazy("Tanggal lahir"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        required=False,
    )
    nik = forms.CharField(
        label=gettext_lazy("NIK"), max_length=16, required=False, validators=[nik_validator]
    )
    pendidikan = forms.CharField(label=gettext_lazy("Pendidikan"), required=False)
    tanggal_bebas = forms.DateField(
        label=gettext_lazy("Tanggal bebas"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        required=False,
    )
    minat = forms.CharField(label=gettext_lazy("Minat"), required=False)

    def __init__(self, *args, fields_by_name: dict[str, TrainingField], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields_by_name = fields_by_name
        invalid_date = _("Tanggal tidak valid. Gunakan format dd/mm/yyyy, misalnya 31/10/2025.")
        self.fields["tanggal_lahir"].error_messages["invalid"] = invalid_date
        self.fields["tanggal_bebas"].error_messages["invalid"] = invalid_date

    def clean_jenis_kelamin(self):
        value = self.cleaned_data["jenis_kelamin"].strip().lower()
        if value not in SEX_VALUES:
            raise forms.ValidationError(_("Isi L atau P."))
        return SEX_VALUES[value]

    def clean_nik(self):
        return self.cleaned_data["nik"].replace(" ", "")

    def clean_pendidikan(self):
        value = self.cleaned_data["pendidikan"].strip().lower()
        if not value:
            return ""
        if value not in EDUCATION_VALUES:
            raise forms.ValidationError(
                _("Pendidikan tidak dikenali. Isi salah satu: %(values)s.")
                % {"values": "Tidak sekolah, SD, SMP, SMA, SMK, Diploma, S1"}
            )
        return EDUCATION_VALUES[value]

    def clean_minat(self):
        raw = self.cleaned_data["minat"]
        chosen, unknown = [], []
        for part in raw.replace(",", ";").split(";"):
            key = part.strip().lower()
            if not key:
                continue
            if key in self.fields_by_name:
                chosen.append(self.fields_by_name[key])
            else:
                unknown.append(part.strip())
        if unknown:
            raise forms.ValidationError(
                _("Bidang pelatihan tidak dikenali: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return chosen


class RowAction(models.TextChoices):
    """What a valid row does to the register when the import is confirmed."""

    CREATE = "create", gettext_lazy("Tambah")
    UPDATE = "update", gettext_lazy("Perbarui")
    UNCHANGED = "unchanged", gettext_lazy("Tidak berubah")


@dataclass
class RowResult:
    """What one row of the file would do, and what is wrong with it."""

    line: int
    raw: dict[str, str]
    action: RowAction | None = None
    errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    inmate: Inmate | None = None


def preview_counts(rows: list[RowResult]) -> dict[str, int]:
    """Return how many rows would add, update or leave an inmate, and how many are wrong."""
    counts = dict.fromkeys(RowAction.values, 0)
    counts["errors"] = 0
    for row in rows:
        if row.errors:
            counts["errors"] += 1
        else:
            counts[row.action] += 1
    return counts


def validate_rows(*, facility: Facility, rows: list[dict[str, str]]) -> list[RowResult]:
    """Check every row against the facility's register; write nothing."""
    fields_by_name = {}
    for training_field in TrainingField.objects.all():
        fields_by_name[training_field.code.lower()] = training_field
        fields_by_name[training_field.name.lower()] = training_field
    numbers = [row.get("nomor_registrasi", "").strip() for row in rows]
    existing = {
        inmate.registration_number: inmate
        for inmate in Inmate.objects.filter(
            facility=facility, registration_number__in=[n for n in numbers if n]
        ).prefetch_related("interests")
    }
    seen: dict[str, int] = {}
    results = []
    for index, row in enumerate(rows, start=2):  # line 1 holds the column names
        result = RowResult(line=index, raw=row)
        form = ImportRowForm(row, fields_by_name=fields_by_name)
        if not form.is_valid():
            # Each error names the column by its label, as the entry form does.
            for name, errors in form.errors.items():
                for error in errors:
                    result.errors.append(f"{form.fields[name].label}: {error}")
        else:
            data = form.cleaned_data
            number = data["nomor_registrasi"].strip()
            if number in seen:
                result.errors.append(
                    _("Nomor registrasi: sama dengan baris %(line)s.") % {"line": seen[number]}
                )
            seen.setdefault(number, index)
            values = {
                "registration_number": number,
                "full_name": data["nama_lengkap"].strip(),
                "sex": data["jenis_kelamin"],
                "birth_place": data["tempat_lahir"].strip(),
                "birth_date": data["tanggal_lahir"],
                "nik": data["nik"],
                "education": data["pendidikan"],
                "expected_release_date": data["tanggal_bebas"],
                "interests": data["minat"],
            }
            inmate = existing.get(number)
            if inmate is not None:
                # An import never erases: a missing column or an empty cell keeps what the
                # register already holds.
                values = {
                    name: value
                    for name, value in values.items()
                    if str(row.get(COLUMN_OF[name], "")).strip()
                }
            result.values = values
            result.inmate = inmate
            if inmate is None:
                result.action = RowAction.CREATE
            elif inmate.status != Inmate.Status.ACTIVE:
                result.errors.append(
                    _("WBP %(number)s berstatus %(status)s; ubah lewat halaman WBP.")
                    % {"number": number, "status": inmate.get_status_display()}
                )
            elif _differs(inmate, result.values):
                result.action = RowAction.UPDATE
            else:
                result.action = RowAction.UNCHANGED
        results.append(result)
    return results


def _differs(inmate: Inmate, values: dict) -> bool:
    for name, value in values.items():
        if name == "interests":
            if {t.pk for t in inmate.interests.all()} != {t.pk for t in value}:
                return True
        elif name != "registration_number" and getattr(inmate, name) != value:
            return True
    return False


def template_csv() -> str:
    """Return the CSV template: the column names, with a byte-order mark so Excel reads UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer, delimiter=";").writerow(COLUMN_NAMES)
    return buffer.getvalue()
