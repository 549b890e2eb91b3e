"""Template filters for Swedish presentation; loaded as a builtin, so templates need no {% load %}."""

from django import template

from orebro_portal.lib import formatting, text

register = template.Library()

register.filter("sv_date", formatting.sv_date)
register.filter("sv_time", formatting.sv_time)
register.filter("sv_datetime", formatting.sv_datetime)
register.filter("sv_number", formatting.sv_number)
register.filter("sv_percent", formatting.sv_percent)
register.filter("sv_filesize", formatting.sv_filesize)
register.filter("sv_tkr", formatting.sv_tkr)
register.filter("sv_change", formatting.sv_change)
register.filter("plain_text", text.plain_text_to_html)


@register.filter
def sv_file_label(document) -> str:
    return formatting.sv_file_label(document.content_type, document.size)


@register.filter
def timedelta_minutes(value) -> int:
    """Whole minutes of a timedelta, rounded up: ”försök igen om 15 minuter”."""
    return -(-int(value.total_seconds()) // 60)
