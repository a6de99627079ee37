"""Writing lists out as CSV or XLSX, safely: no cell ever runs as a spreadsheet formula.

CSV is streamed row by row (constant memory, UTF-8 with a byte-order mark so Excel reads the
names right, a comma or a semicolon between cells for Indonesian Excel). XLSX is written in
openpyxl's write-only mode to a temporary file, every text cell typed as a string.
"""

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMATS = {"xlsx", "csv", "csv-semicolon"}
# A cell starting with one of these could be read as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters an XLSX cannot hold.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_text(value) -> str:
    """Return a cell's text, with a leading apostrophe where it could start a formula."""
    text = ILLEGAL.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_value(value, decimal: str = "."):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return safe_text(value)
    if isinstance(value, float) and decimal != ".":
        return str(value).replace(".", decimal)
    return value


class _Echo:
    def write(self, value):
        return value


def csv_lines(header: list[str], rows: Iterable[list], delimiter: str = ",") -> Iterator[str]:
    """Yield the CSV text: a byte-order mark, the header, then one line per row.

    With ";" between cells (Indonesian Excel) decimals take a comma, as that Excel reads them.
    """
    writer = csv.writer(_Echo(), delimiter=delimiter)
    decimal = "," if delimiter == ";" else "."
    yield "\ufeff" + writer.writerow([safe_text(name) for name in header])
    for row in rows:
        yield writer.writerow([_csv_value(value, decimal) for value in row])


def xlsx_file(sheets: list[tuple[str, list[str], Iterable[list]]]):
    """Return a temporary file holding each (title, header, rows) as a sheet of an XLSX."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"

        def cells(values, sheet=sheet):
            for value in values:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    yield value
                    continue
                cell = WriteOnlyCell(sheet, value=safe_text(value))
                cell.data_type = "s"  # text, even when it starts with "="
                yield cell

        sheet.append(list(cells(header)))
        for row in rows:
            sheet.append(list(cells(row)))
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it once sent
    book.save(out)
    out.seek(0)
    return out


def xlsx_response(sheets, *, name: str) -> FileResponse:
    """Return the download of a workbook of several sheets."""
    return FileResponse(
        xlsx_file(sheets),
        as_attachment=True,
        filename=f"{safe_filename(name)}.xlsx",
        content_type=XLSX_TYPE,
    )


def safe_filename(name: str) -> str:
    """Return a download name of letters, digits, dots and dashes only."""
    return re.sub(r"[^A-Za-z0-9.-]+", "-", name).strip("-.") or "ekspor"


def export_response(fmt: str, *, name: str, header: list[str], rows: Iterable[list], title: str):
    """Return the download of ``rows`` in ``fmt`` (one of ``FORMATS``)."""
    if fmt == "xlsx":
        return xlsx_response([(title, header, rows)], name=name)
    name = safe_filename(name)
    delimiter = ";" if fmt == "csv-semicolon" else ","
    response = StreamingHttpResponse(
        csv_lines(header, rows, delimiter), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
