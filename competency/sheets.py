"""The sheets an LSP works with: the assessee list it registers (XLSX), and its results back.

The assessee list carries what an LSP's registration form asks for (NIK, birth data: it goes
only to the facility's staff and the LSP) and ends with empty result columns, so the LSP
fills in the same file and sends it back. Every cell is written as text: nothing in a name
runs as a spreadsheet formula.
"""

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook

from competency.models import Assessee, CompetencyTest
from lapas_training.sheets import ImportFileError, normalise_header, read_sheet

CODE, NAME, RESULT = "kode_peserta", "nama_lengkap", "hasil"
NATIONALITY = "WNI"


def assessee_workbook(*, test: CompetencyTest, assessees: list[Assessee], units) -> bytes:
    """Return the assessee list as an XLSX, one row per assessee, with the results so far."""
    facility = test.facility
    address = ", ".join(part for part in (facility.address, facility.city) if part)
    unit_codes = [unit.code for unit in units]
    header = [
        CODE,
        NAME,
        "nik",
        "tempat_lahir",
        "tanggal_lahir",
        "jenis_kelamin",
        "kewarganegaraan",
        "alamat",
        "pendidikan",
        "skema",
        "nomor_skema",
        "unit_kompetensi",
        RESULT,
        *unit_codes,
    ]
    book = Workbook()
    sheet = book.active
    sheet.title = "Asesi"
    sheet.append(header)
    units = list(units)
    for assessee in assessees:
        inmate = assessee.enrollment.inmate
        # What is recorded already goes out with the list, so the same sheet comes back whole.
        results = {r.unit_id: r.result for r in assessee.unit_results.all()}
        row = [
            assessee.code,
            inmate.full_name,
            inmate.nik,
            inmate.birth_place,
            inmate.birth_date.strftime("%d/%m/%Y") if inmate.birth_date else "",
            inmate.get_sex_display(),
            NATIONALITY,
            address,
            inmate.get_education_display(),
            test.scheme_name,
            test.scheme_number,
            "; ".join(unit_codes),
            assessee.result,
            *[results.get(unit.pk, "") for unit in units],
        ]
        sheet.append([_printable(value) for value in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.data_type = "s"  # text, even when it starts with "="
    sheet.freeze_panes = "C2"
    widths = (12, 30, 19, 16, 13, 13, 8, 40, 16, 30, 22, 40)
    for letter, width in zip("ABCDEFGHIJKL", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _printable(value) -> str:
    """Return text without the control characters a spreadsheet cannot hold."""
    return "".join(ch for ch in str(value or "") if ch >= " " or ch == "\t")


@dataclass
class ResultRow:
    """What one row of an LSP's result sheet would do, or why it cannot."""

    number: int
    code: str
    name: str = ""
    raw_result: str = ""
    before: str = ""
    units_changed: int = 0
    assessee: Assessee | None = None
    result: str = ""
    units: dict[int, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    changed: bool = False


def _verdict(value: str) -> str | None:
    value = value.strip().upper()
    return value if value in {"K", "BK"} else None


def read_results(*, test: CompetencyTest, file_name: str, content: bytes) -> list[ResultRow]:
    """Check every row of a result sheet against the test; nothing is saved here."""
    units = {normalise_header(unit.code): unit for unit in test.units.all()}
    rows = read_sheet(
        file_name, content, columns=[CODE, NAME, RESULT, *units], required=[CODE, RESULT]
    )
    by_code = {a.code: a for a in test.assessees.prefetch_related("unit_results")}
    seen: set[str] = set()
    results = []
    for number, row in enumerate(rows, start=2):  # row 1 holds the headings
        code = row.get(CODE, "").strip()
        line = ResultRow(number=number, code=code, name=row.get(NAME, "").strip())
        line.assessee = by_code.get(code)
        if line.assessee is None:
            line.errors.append(_("Kode peserta tidak dikenal pada uji ini."))
        elif code in seen:
            line.errors.append(_("Kode peserta ini muncul lebih dari sekali."))
        seen.add(code)
        line.raw_result = row.get(RESULT, "").strip()[:20]
        result = _verdict(line.raw_result)
        if result is None:
            line.errors.append(_("Hasil harus K atau BK."))
        else:
            line.result = result
        for header, unit in units.items():
            value = row.get(header, "").strip()
            if not value:
                continue
            verdict = _verdict(value)
            if verdict is None:
                line.errors.append(
                    _("Hasil unit %(unit)s harus K, BK atau kosong.") % {"unit": unit.code}
                )
            else:
                line.units[unit.pk] = verdict
        if line.result == "K" and "BK" in line.units.values():
            line.errors.append(_("Hasil K tidak mungkin bila ada unit BK."))
        if line.assessee is not None and not line.errors:
            before = {r.unit_id: r.result for r in line.assessee.unit_results.all()}
            line.before = line.assessee.result
            line.units_changed = sum(
                1
                for unit in set(before) | set(line.units)
                if before.get(unit) != line.units.get(unit)
            )
            line.changed = line.before != line.result or bool(line.units_changed)
        results.append(line)
    return results


__all__ = ["ImportFileError", "ResultRow", "assessee_workbook", "read_results"]
