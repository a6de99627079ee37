"""Reading uploaded sheets (CSV or XLSX) safely: every cell as text, nothing evaluated.

Used by the inmate register import and an LSP's result sheet. A file is refused with a message
in the user's language when it is too big, a zip bomb, claims a huge size, or is not a sheet.
"""

import csv
import io
import zipfile
from datetime import date, datetime

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# An XLSX is a zip: refuse one that would unpack to more than this (a zip bomb).
MAX_XLSX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_XLSX_MEMBERS = 500
MAX_COLUMNS = 60


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


def normalise_header(value: str) -> str:
    """Return a column heading as the sheets match it: lower case, words joined by _."""
    return "_".join(str(value or "").strip().lower().replace("-", " ").split())


def _cell_text(value) -> str:
    """Return a cell as text, exactly as typed: formulas stay text and are never evaluated."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode_csv(content: bytes) -> str:
    if b"\x00" in content:
        raise ImportFileError(
            _("Berkas CSV tidak dapat dibaca: simpan ulang sebagai CSV UTF-8 dari Excel.")
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("Pengodean berkas CSV tidak dikenali. Simpan ulang sebagai CSV UTF-8 dari Excel.")
    )


def _read_csv(content: bytes) -> list[list[str]]:
    text = _decode_csv(content)
    first_line = text.split("\n", 1)[0]
    # Indonesian Excel writes semicolons; others write commas or tabs.
    delimiter = max([";", ",", "\t"], key=first_line.count)
    try:
        return [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise ImportFileError(_("Berkas CSV rusak: %(error)s") % {"error": exc}) from exc


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise ImportFileError(_("Berkas XLSX rusak atau bukan berkas Excel.")) from exc
    members = archive.infolist()
    if len(members) > MAX_XLSX_MEMBERS or sum(m.file_size for m in members) > (
        MAX_XLSX_UNPACKED_BYTES
    ):
        raise ImportFileError(
            _("Isi berkas XLSX terlalu besar setelah diekstrak. Bagi menjadi beberapa berkas.")
        )
    # openpyxl parses the XML with defusedxml when it is installed (it is a dependency).
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a malformed workbook
        raise ImportFileError(_("Berkas XLSX rusak atau bukan berkas Excel.")) from exc
    too_long = ImportFileError(
        _("Terlalu banyak baris (maksimal %(max)s). Bagi menjadi beberapa berkas.")
        % {"max": MAX_ROWS}
    )
    try:
        sheet = workbook.worksheets[0]
        # The declared size of a sheet is not to be trusted: a tiny file may claim a million
        # rows by sixteen thousand columns. Read what is there, at most MAX_COLUMNS wide.
        sheet.reset_dimensions()
        rows = []
        for read, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)):
            if read > 2 * MAX_ROWS:  # empty rows count too: data far below is refused
                raise too_long
            cells = [_cell_text(value) for value in row]
            if any(cells):
                rows.append(cells)
            if len(rows) > MAX_ROWS + 1:
                raise too_long
        return rows
    finally:
        workbook.close()


def read_sheet(
    file_name: str, content: bytes, *, columns: list[str], required: list[str]
) -> list[dict[str, str]]:
    """Return the data rows of a CSV or XLSX sheet as dicts keyed by column name."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("Berkas terlalu besar (maksimal %(size)s MB).")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not content.strip():
        raise ImportFileError(_("Berkas kosong."))
    name = file_name.lower()
    if content.startswith(b"PK\x03\x04"):
        if not name.endswith(".xlsx"):
            raise ImportFileError(_("Hanya berkas CSV atau XLSX yang dapat diimpor."))
        table = _read_xlsx(content)
    elif name.endswith(".csv") or name.endswith(".txt"):
        table = _read_csv(content)
    else:
        raise ImportFileError(_("Hanya berkas CSV atau XLSX yang dapat diimpor."))

    table = [row for row in table if any(cell for cell in row)]
    if not table:
        raise ImportFileError(_("Berkas kosong."))
    headers = [normalise_header(cell) for cell in table[0]]
    missing = [column for column in required if column not in headers]
    if missing:
        raise ImportFileError(
            _("Kolom wajib tidak ada: %(columns)s. Gunakan templat yang disediakan.")
            % {"columns": ", ".join(missing)}
        )
    data = table[1:]
    if not data:
        raise ImportFileError(_("Berkas hanya berisi judul kolom, tanpa data."))
    if len(data) > MAX_ROWS:
        raise ImportFileError(
            _("Terlalu banyak baris (maksimal %(max)s). Bagi menjadi beberapa berkas.")
            % {"max": MAX_ROWS}
        )
    positions = {name: headers.index(name) for name in columns if name in headers}
    return [
        {name: (row[pos] if pos < len(row) else "") for name, pos in positions.items()}
        for row in data
    ]
