"""Import of indicator values from saved Kolada API v3 responses. Never any network: the files are fetched by a
person (or a scheduled job outside the portal) and handed to `manage.py import_kolada`.

The v3 data endpoints (`/v3/data/kpi/{kpi}/municipality/{id}`, `/v3/data/municipality/{id}/kpi/{kpi}`, …) answer

    {"count": 2, "next_page": "https://api.kolada.se/v3/…&page=2" or null, "previous_page": … or null,
     "values": [{"kpi": "N00945", "municipality": "1880", "period": 2021,
                 "values": [{"gender": "T", "value": 12.3, "count": 1, "status": ""}, …]}]}

A long answer comes in pages, saved as several files or as one file holding a list of pages; both are read.
Entries of organisational units carry "ou" instead of "municipality" and are skipped. A value may be null, with
the reason in "status" (e.g. "Ej tillämpligt"): it is stored as NULL with that reason as the note, never dropped
silently. Notes the import writes start with "Kolada: ", so a later import may replace them while an analyst's own
note on a value that Kolada reports without a status is kept.

Parsing is separate from writing: `pages_parse` turns pages into points and skips (each skip with its position),
`kolada_import` matches the points to indicators by KPI and municipality and writes them in one transaction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orebro_portal.lib import params
from orebro_portal.lib.bounds import FIRST_YEAR as YEAR_MIN
from orebro_portal.lib.bounds import LAST_YEAR as YEAR_MAX
from orebro_portal.lib.formatting import sv_number

from .models import VALUE, Indicator, IndicatorValue

GENDERS = {choice.value for choice in IndicatorValue.Gender}
NOTE_PREFIX = "Kolada: "
NOTE_MAX = IndicatorValue._meta.get_field("note").max_length
_QUANTUM = Decimal(1).scaleb(-VALUE["decimal_places"])
_LIMIT = Decimal(10) ** (VALUE["max_digits"] - VALUE["decimal_places"])


class KoladaFormatError(ValueError):
    """A file (or page) that is not a Kolada v3 response at all: the import stops before writing anything."""


@dataclass(frozen=True)
class Point:
    """One value of a saved response: a KPI for a municipality, year and gender; `value` None when Kolada has none."""

    kpi: str
    municipality: str
    year: int
    gender: str
    value: Decimal | None
    status: str
    position: str  # "sida 2, post 3, värde 1": where it is in what was read


@dataclass(frozen=True)
class Skip:
    position: str
    reason: str


def pages_load(path: str | Path) -> list[dict]:
    """The pages in a saved response file: one page, or a list of pages. Raises `KoladaFormatError` otherwise."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise KoladaFormatError(_("Filen ”%(file)s” finns inte.") % {"file": path}) from error
    except UnicodeDecodeError as error:
        raise KoladaFormatError(_("Filen ”%(file)s” är inte text i UTF-8.") % {"file": path.name}) from error
    except json.JSONDecodeError as error:
        raise KoladaFormatError(
            _("Filen ”%(file)s” är inte giltig JSON (rad %(line)s, kolumn %(column)s: %(message)s).")
            % {"file": path.name, "line": error.lineno, "column": error.colno, "message": error.msg}
        ) from error
    pages = data if isinstance(data, list) else [data]
    for number, page in enumerate(pages, start=1):
        if not isinstance(page, dict) or not isinstance(page.get("values"), list):
            raise KoladaFormatError(
                _("Filen ”%(file)s”, sida %(page)s: inget Kolada-svar (ett objekt med listan ”values” väntades).")
                % {"file": path.name, "page": number}
            )
    return pages


def _decimal(raw) -> Decimal | None:
    """A JSON number as it is stored (three decimals), or None if it is not one that fits."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= _LIMIT:
        return None
    return value.quantize(_QUANTUM)


def pages_parse(pages: Sequence[Mapping]) -> tuple[list[Point], list[Skip], list[str]]:
    """The points of all pages, the malformed entries skipped (with position and reason), and warnings.

    Raises `KoladaFormatError` when a page is not a Kolada response at all.
    """
    points: list[Point] = []
    skips: list[Skip] = []
    warnings: list[str] = []
    for page_number, page in enumerate(pages, start=1):
        if not isinstance(page, Mapping) or not isinstance(page.get("values"), list):
            raise KoladaFormatError(
                _("Sida %(page)s: inget Kolada-svar (ett objekt med listan ”values” väntades).") % {"page": page_number}
            )
        for entry_number, entry in enumerate(page["values"], start=1):
            where = _("sida %(page)s, post %(entry)s") % {"page": page_number, "entry": entry_number}
            points_or_skip = _entry_points(entry, where)
            if isinstance(points_or_skip, Skip):
                skips.append(points_or_skip)
                continue
            entry_points, entry_skips = points_or_skip
            points += entry_points
            skips += entry_skips
    if pages and pages[-1].get("next_page"):
        warnings.append(
            _("Sista sidan hänvisar till en sida till (%(url)s) som inte lästes in: svaret kan vara ofullständigt.")
            % {"url": pages[-1]["next_page"]}
        )
    return points, skips, warnings


def _entry_points(entry, where: str) -> Skip | tuple[list[Point], list[Skip]]:
    if not isinstance(entry, Mapping):
        return Skip(where, _("felaktig post: ett objekt väntades"))
    kpi = entry.get("kpi")
    if not isinstance(kpi, str) or not kpi.strip():
        return Skip(where, _("felaktig post: nyckeltal (”kpi”) saknas"))
    if "municipality" not in entry and "ou" in entry:
        return Skip(where, _("%(kpi)s gäller en organisatorisk enhet (”ou”), inte en kommun") % {"kpi": kpi})
    municipality = entry.get("municipality")
    if not isinstance(municipality, str) or not municipality.strip():
        return Skip(where, _("felaktig post: kommun (”municipality”) saknas"))
    year = entry.get("period")
    if isinstance(year, str):  # "2024" as text: four ASCII digits, or nothing ("²⁰²⁴".isdigit() is true too)
        year = params.parse_year(year, minimum=YEAR_MIN, maximum=YEAR_MAX)
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        return Skip(where, _("felaktig post: år (”period”) ”%(year)s” är inget år") % {"year": entry.get("period")})
    values = entry.get("values")
    if not isinstance(values, list):
        return Skip(where, _("felaktig post: listan med värden (”values”) saknas"))
    points, skips = [], []
    for value_number, raw in enumerate(values, start=1):
        at = _("%(where)s, värde %(number)s") % {"where": where, "number": value_number}
        if not isinstance(raw, Mapping):
            skips.append(Skip(at, _("felaktigt värde: ett objekt väntades")))
            continue
        gender = raw.get("gender")
        if gender not in GENDERS:
            skips.append(Skip(at, _("felaktigt värde: kön ”%(gender)s” är inte T, K eller M") % {"gender": gender}))
            continue
        status = raw.get("status") or ""
        if not isinstance(status, str):
            status = str(status)
        number = raw.get("value")
        value = None if number is None else _decimal(number)
        if number is not None and value is None:
            skips.append(Skip(at, _("felaktigt värde: ”%(value)s” är inget tal") % {"value": number}))
            continue
        points.append(Point(kpi.strip(), municipality.strip(), year, gender, value, status.strip(), at))
    return points, skips


@dataclass
class IndicatorResult:
    """What the import did (or would do) to one indicator."""

    indicator: Indicator
    years: set[int] = field(default_factory=set)
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def written(self) -> int:
        return self.created + self.changed


@dataclass
class KoladaReport:
    dry_run: bool
    points_read: int = 0
    matched: list[IndicatorResult] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        return sum(result.written for result in self.matched)

    def lines(self) -> list[str]:
        """The report in Swedish, for the command's output (and any page that shows it)."""
        lines = [
            ngettext("%(count)s värde lästes.", "%(count)s värden lästes.", self.points_read)
            % {"count": sv_number(self.points_read)}
        ]
        for result in self.matched:
            years = sorted(result.years)
            span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
            lines.append(
                _(
                    "Matchat: %(indicator)s (%(kpi)s, kommun %(municipality)s), år %(years)s: "
                    "%(created)s nya, %(changed)s ändrade, %(unchanged)s oförändrade."
                )
                % {
                    "indicator": result.indicator.name,
                    "kpi": result.indicator.kolada_kpi,
                    "municipality": result.indicator.kolada_municipality,
                    "years": span,
                    "created": sv_number(result.created),
                    "changed": sv_number(result.changed),
                    "unchanged": sv_number(result.unchanged),
                }
            )
        if not self.matched:
            lines.append(_("Inget värde matchade någon indikator."))
        grouped: dict[str, list[str]] = defaultdict(list)
        for skip in self.skipped:
            grouped[skip.reason].append(skip.position)
        for reason, positions in grouped.items():
            shown = "; ".join(positions[:5]) + (" …" if len(positions) > 5 else "")
            lines.append(
                ngettext(
                    "Hoppade över %(count)s post: %(reason)s (%(positions)s).",
                    "Hoppade över %(count)s poster: %(reason)s (%(positions)s).",
                    len(positions),
                )
                % {"count": sv_number(len(positions)), "reason": reason, "positions": shown}
            )
        lines += [_("Varning: %(warning)s") % {"warning": warning} for warning in self.warnings]
        if self.dry_run:
            lines.append(_("Provkörning: ingenting sparades."))
        else:
            lines.append(
                ngettext("%(count)s värde sparades.", "%(count)s värden sparades.", self.written)
                % {"count": sv_number(self.written)}
            )
        return lines


def _note(point: Point, current: str) -> str:
    """The note to store: Kolada's status for a missing value; an earlier Kolada note is cleared, others kept."""
    if point.value is None:
        return (NOTE_PREFIX + (point.status or _("värde saknas")))[:NOTE_MAX]
    if point.status:
        return (NOTE_PREFIX + point.status)[:NOTE_MAX]
    return "" if current.startswith(NOTE_PREFIX) else current


def kolada_import(*, pages: Sequence[Mapping], dry_run: bool, user=None) -> KoladaReport:
    """Write the values of saved Kolada v3 pages into the indicators that carry their KPI and municipality.

    Per indicator, year and gender the value is created or updated (a null one stored as NULL with Kolada's status
    as note); the `not_comparable` flag an analyst set stays. All in one transaction; with `dry_run` nothing is
    written and the report says what would have been. A value that appears twice (overlapping pages) is taken
    from its last appearance. Raises `KoladaFormatError` on a page that is not a Kolada response.
    """
    points, skips, warnings = pages_parse(pages)
    report = KoladaReport(dry_run=dry_run, points_read=len(points), skipped=list(skips), warnings=warnings)
    by_kpi: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(kolada_kpi__in={point.kpi for point in points}).order_by("pk"):
        by_kpi[indicator.kolada_kpi].append(indicator)

    latest: dict[tuple[int, int, str], tuple[Indicator, Point]] = {}
    for point in points:
        indicators = by_kpi.get(point.kpi)
        if not indicators:
            report.skipped.append(
                Skip(point.position, _("okänt nyckeltal %(kpi)s: ingen indikator har det") % {"kpi": point.kpi})
            )
            continue
        matching = [indicator for indicator in indicators if indicator.kolada_municipality == point.municipality]
        if not matching:
            report.skipped.append(
                Skip(
                    point.position,
                    _("%(kpi)s för kommun %(municipality)s: indikatorn gäller kommun %(ours)s")
                    % {
                        "kpi": point.kpi,
                        "municipality": point.municipality,
                        "ours": ", ".join(sorted({indicator.kolada_municipality for indicator in indicators})),
                    },
                )
            )
            continue
        for indicator in matching:
            latest[(indicator.pk, point.year, point.gender)] = (indicator, point)

    results: dict[int, IndicatorResult] = {}
    with transaction.atomic():
        existing = {
            (row.indicator_id, row.year, row.gender): row
            for row in IndicatorValue.objects.select_for_update().filter(indicator__in={key[0] for key in latest})
        }
        for key, (indicator, point) in latest.items():
            result = results.setdefault(indicator.pk, IndicatorResult(indicator))
            result.years.add(point.year)
            row = existing.get(key)
            if row is None:
                result.created += 1
                if not dry_run:
                    row = IndicatorValue(
                        indicator=indicator,
                        year=point.year,
                        gender=point.gender,
                        value=point.value,
                        note=_note(point, ""),
                    )
                    row._history_user = user
                    row.save()
                continue
            note = _note(point, row.note)
            if row.value == point.value and row.note == note:
                result.unchanged += 1
                continue
            result.changed += 1
            if not dry_run:
                row.value, row.note = point.value, note
                row._history_user = user
                row.save(update_fields=["value", "note"])
    report.matched = sorted(results.values(), key=lambda result: (result.indicator.position, result.indicator.name))
    return report


def files_load(paths: Iterable[str | Path]) -> tuple[list[dict], list[tuple[str, int, int]]]:
    """The pages of several files in order, and which pages came from which file (name, first, last)."""
    pages: list[dict] = []
    sources = []
    for path in paths:
        loaded = pages_load(path)
        sources.append((Path(path).name, len(pages) + 1, len(pages) + len(loaded)))
        pages += loaded
    return pages, sources
