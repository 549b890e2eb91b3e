"""Writing many rows at once: PostgreSQL's COPY where the database has it, one executemany elsewhere.

For writes of tens of thousands of plain rows (a ledger import's lines and their audit trail) where nothing runs per
row: no model instances, no save(), no signals. COPY sends the rows as one stream instead of one statement each,
which on PostgreSQL is several times faster than even a pipelined executemany.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """INSERT `rows` (tuples in the order of `columns`, values as the driver adapts them) into `table`.

    Call inside the transaction the rows belong to: on PostgreSQL the COPY runs on the connection's cursor, so it
    commits or rolls back with everything else.
    """
    quote = connection.ops.quote_name
    column_list = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({column_list}) VALUES ({placeholders})", list(rows))
