"""CSV for every list of the API: `?format=csv`.

Semicolons and UTF-8 with a byte-order mark, as Swedish Excel opens them without asking. Nested objects are flattened
into dotted column names (`body.slug`); lists of plain values are joined with " | ", lists of objects (the values of
an indicator, the paragraphs of a protocol) are written as JSON in their cell.

Every text cell goes through `safe_cell`, so a title that begins with "=" or "@" is shown as text, never run as a
formula. Numbers are left as they are: the API writes amounts as decimal strings ("-3170000.00"), and a negative
amount must stay a number that Excel can sum.
"""

import csv
import io
import json
import re
from decimal import Decimal

from rest_framework.renderers import BaseRenderer

from orebro_portal.lib.spreadsheets import safe_cell

LIST_SEPARATOR = " | "
# A plain decimal number, as the API writes amounts and values: a spreadsheet reads it as a number, not a formula.
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            return LIST_SEPARATOR.join(_text(item) for item in value)
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _cell(value) -> str:
    text = _text(value)
    is_number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    return text if is_number or _NUMBER.fullmatch(text) else safe_cell(text)


def flatten(row: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = _cell(value)
    return flat


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]  # one object, or an error message
        flat = [flatten(row) if isinstance(row, dict) else {"value": _cell(row)} for row in rows]
        columns: list[str] = []
        for row in flat:
            columns.extend(name for name in row if name not in columns)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(flat)
        response = (renderer_context or {}).get("response")
        view = (renderer_context or {}).get("view")
        if response is not None and view is not None:
            name = getattr(view, "basename", None) or "data"
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
