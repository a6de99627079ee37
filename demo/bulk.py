"""Writing many rows fast for synthetic data: COPY on PostgreSQL, executemany elsewhere.

Synthetic load data only: nothing here validates or audits.
"""

import io
import json
from datetime import date

from django.db.models.fields import NOT_PROVIDED


def copy_value(value) -> str:
    """Return a value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, dict | list):
        value = json.dumps(value)
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            for char, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
                value = value.replace(char, escaped)
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class BulkWriter:
    """Insert rows of a model, tuples of the fields named; the other fields get their default.

    PostgreSQL gets ``COPY`` in batches, other databases ``executemany``. ``ids`` takes ids
    from the table's sequence on PostgreSQL, after the highest id elsewhere (one writer).
    """

    def __init__(self, connection, batch_size: int = 100_000):
        self.connection, self.batch_size = connection, batch_size
        self.copy = connection.vendor == "postgresql"
        self.written: dict[str, int] = {}  # Rows by table.

    def ids(self, model, count: int) -> list[int]:
        table, pk = model._meta.db_table, model._meta.pk.column
        with self.connection.cursor() as cursor:
            if self.copy:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, pk, count],
                )
                return [row[0] for row in cursor.fetchall()]
            q = self.connection.ops.quote_name
            # Table and column names come from the models, never from input.
            cursor.execute(f"SELECT COALESCE(MAX({q(pk)}), 0) FROM {q(table)}")  # noqa: S608
            first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))

    def analyze(self) -> None:
        """Refresh PostgreSQL's statistics of the tables written, so the planner sees the rows."""
        if self.copy and self.written:
            with self.connection.cursor() as cursor:
                # The table names come from the models, never from input.
                cursor.execute(f"ANALYZE {', '.join(sorted(self.written))}")

    def write(self, model, fields: str, rows) -> int:
        """Insert the rows (tuples in the order of the space-separated ``fields``)."""
        opts, q = model._meta, self.connection.ops.quote_name
        by_name = {f.attname: f for f in opts.concrete_fields}
        given = [by_name[name] for name in fields.split()]
        rest = [
            f
            for f in opts.concrete_fields
            if f not in given
            and not f.primary_key
            and (f.has_default() or f.db_default is NOT_PROVIDED)
        ]
        sql = f"{q(opts.db_table)} ({', '.join(q(f.column) for f in given + rest)})"
        defaults = [f.get_default() for f in rest]
        batch, count = [], 0
        for row in rows:
            batch.append(row)
            if len(batch) == self.batch_size:
                count += self._flush(sql, given, rest, defaults, batch)
                batch = []
        count += self._flush(sql, given, rest, defaults, batch)
        self.written[opts.db_table] = self.written.get(opts.db_table, 0) + count
        return count

    def _flush(self, sql, given, rest, defaults, batch) -> int:
        if not batch:
            return 0
        with self.connection.cursor() as cursor:
            if self.copy:
                tail = "".join("\t" + copy_value(value) for value in defaults)
                lines = ["\t".join(map(copy_value, row)) + tail for row in batch]
                cursor.copy_expert(f"COPY {sql} FROM STDIN", io.StringIO("\n".join(lines) + "\n"))
            else:
                conn = self.connection
                tail = tuple(
                    f.get_db_prep_save(v, conn) for f, v in zip(rest, defaults, strict=True)
                )
                params = [
                    tuple(f.get_db_prep_save(v, conn) for f, v in zip(given, row, strict=True))
                    + tail
                    for row in batch
                ]
                marks = ", ".join(["%s"] * (len(given) + len(rest)))
                # Table and column names come from the models, never from input.
                cursor.executemany(f"INSERT INTO {sql} VALUES ({marks})", params)  # noqa: S608
        return len(batch)
