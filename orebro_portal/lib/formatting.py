"""Swedish presentation of dates, amounts, percentages and file sizes.

Built on Django's own `sv` localisation (month and weekday names, the no-break space between thousands, the decimal
comma); what Django does not do the Swedish way is added here: the real minus sign (U+2212), "kl. 14.15", "–" for a
value that cannot be computed, and file sizes the way Örebro's pages print them ("Pdf, 211,6 kB").
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, numberformat, timezone
from django.utils.translation import gettext as _

MINUS = "\u2212"
NBSP = "\u00a0"
DASH = "\u2013"  # shown where a value cannot be computed, e.g. a change from zero


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def sv_date(value: date | datetime) -> str:
    """ "tisdag 16 januari 2024"."""
    if isinstance(value, datetime):
        value = _local(value)
    return formats.date_format(value, "l j F Y")


def sv_time(value: datetime) -> str:
    """ "14.15": Swedish writes the time with a full stop."""
    return formats.time_format(_local(value), "H.i")


def sv_datetime(value: datetime) -> str:
    """ "tisdag 16 januari 2024 kl. 14.15"."""
    return _("%(date)s kl. %(time)s") % {"date": sv_date(value), "time": sv_time(value)}


def _with_minus(text: str) -> str:
    return text.replace("-", MINUS)


def sv_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """ "−12 417", "7,3": grouped thousands, decimal comma, real minus sign; "–" when there is no value."""
    if value is None:
        return DASH
    if isinstance(value, float):
        value = Decimal(repr(value))
    text = numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=formats.get_format("NUMBER_GROUPING") or 3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
    if text.lstrip("-").strip("0,.\u00a0 ") == "":
        text = text.lstrip("-")  # no "−0" or "−0,0"
    return _with_minus(text)


def sv_kronor(value: Decimal) -> str:
    """ "−43 495 000 kr", "1 234,50 kr": an amount in a sentence, öre only where there are some."""
    return f"{sv_number(value, 0 if value == value.to_integral_value() else 2)}{NBSP}kr"


def sv_percent(value: int | float | Decimal | None, decimals: int = 1) -> str:
    """ "−9,3 %" (Swedish puts a space before the sign); "–" when there is no value."""
    if value is None:
        return DASH
    return f"{sv_number(value, decimals)}{NBSP}%"


def round_half_up(value: int | float | Decimal, decimals: int = 0) -> Decimal:
    """Round as Excel and the årsberättelse do: halves away from zero (−2,5 → −3), not to even."""
    return Decimal(str(value) if isinstance(value, float) else value).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )


def kronor_to_tkr(value: int | float | Decimal | None) -> Decimal | None:
    """Kronor to whole thousands (tkr), each figure rounded on its own as the årsberättelse's tables are."""
    return None if value is None else round_half_up(Decimal(value) / 1000)


def sv_tkr(value: int | float | Decimal | None) -> str:
    """ "−3 170" for −3 170 000 kr; "–" when there is no value."""
    return sv_number(kronor_to_tkr(value))


def sv_change(value: int | float | Decimal | None) -> str:
    """A change in per cent with one decimal, rounded half up: "−9,3"; "–" where it cannot be computed."""
    return DASH if value is None else sv_number(round_half_up(value, 1), 1)


_FILE_KINDS = {"application/pdf": "Pdf", "text/csv": "Csv", "application/zip": "Zip"}


def sv_filesize(size: int | None) -> str:
    """ "211,6 kB": decimal kilobytes with one decimal, as the municipality's pages print them."""
    if size is None:
        return DASH
    if size < 1000:
        return f"{sv_number(size)}{NBSP}byte"
    if size < 1000 * 1000:
        return f"{sv_number(Decimal(size) / 1000, 1)}{NBSP}kB"
    return f"{sv_number(Decimal(size) / 1000 / 1000, 1)}{NBSP}MB"


def sv_file_label(content_type: str, size: int | None) -> str:
    """ "Pdf, 211,6 kB"."""
    kind = _FILE_KINDS.get(content_type, content_type.rsplit("/", 1)[-1].capitalize())
    return f"{kind}, {sv_filesize(size)}"
