"""The public budget pages: the years, a year's units with a chart, a unit's two tables, a code's breakdown, the
comparison over years, and a download (CSV, XLSX) of every table exactly as shown.

Each page builds its tables once (`budget.exports.Table`), so the page and its downloads print the same numbers. The
number of queries of every page is fixed: it does not grow with the number of codes, lines or years.

Every name and description shown comes from the public projections (`budget/public.py`): the tables' rows carry them
from `budget.selectors`, and the pages' own units and ansvar are projected here before they reach a caption, a file
name or a template.

The figures are the public copy of the year's latest publication (`budget.selectors` reads `PublishedLedgerLine`):
a year never published has no pages (404) and is in no list, and every page says which state it shows —
"Bokslut 2021, fastställt …" or "Preliminära siffror, publicerade …" with the controllers' note.
"""

from __future__ import annotations

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import selectors
from ..exports import FORMATS, Column, Table, build_table, download_response, year_columns
from ..forms_public import CompareForm
from ..models import ResponsibilityCode, Unit
from ..public import PublicFigurePublication, PublicResponsibilityCode, PublicUnit
from ..selectors import Row

CHART_ROW_HEIGHT = 52  # px: a line of text (name and deviation) above each bar


# --- Shared helpers ------------------------------------------------------------------------------------------------


def _publication_or_404(year: int) -> PublicFigurePublication:
    """The year's latest publication: what the page shows and says it shows. A year never published has no public
    pages (404), whatever its draft holds. One query."""
    publication = selectors.latest_publication(year)
    if publication is None:
        raise Http404(_("Det finns inga publicerade siffror för %(year)s.") % {"year": year})
    return PublicFigurePublication(publication)


def _with_downloads(target: Table, name: str, /, **kwargs) -> Table:
    """Set the table's CSV and XLSX addresses (`name` is the download route, kwargs its arguments)."""
    target.download_urls = {fmt: reverse(name, kwargs={**kwargs, "fmt": fmt}) for fmt in FORMATS}
    return target


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404


# --- /ekonomi/ -----------------------------------------------------------------------------------------------------


@require_safe
def year_list(request):
    """The published years, newest first, with the state they are shown in and the totals of every unit."""
    publications = [PublicFigurePublication(publication) for publication in selectors.latest_publications()]
    totals = {row.key: row for row in selectors.unit_years(None, [publication.year_id for publication in publications])}
    entries = [
        {"year": publication.year_id, "publication": publication, "total": totals.get(publication.year_id)}
        for publication in publications
    ]
    return render(request, "budget/year_list.html", {"entries": entries})


# --- /ekonomi/<år>/ ------------------------------------------------------------------------------------------------


def _chart(table: Table, rows: list[Row]) -> dict:
    """Bars of the deviation (in tkr, as printed) left and right of a zero line, in per cent of the drawing's width.

    Positions are percentages so the drawing follows the page's width while its text keeps the page's size.
    """
    values = [row.cells[3].number for row in table.rows]  # the Avvikelse column, rounded as shown
    known = [value for value in values if value is not None]
    low, high = min([0, *known]), max([0, *known])
    span = (high - low) or 1
    left, width = 1.0, 98.0
    zero = left + width * float(-low) / float(span)
    bars = []
    for index, (shown, value) in enumerate(zip(table.rows, values, strict=True)):
        top = index * CHART_ROW_HEIGHT
        bar = {"label": shown.label, "text": shown.cells[3].text, "level": shown.level, "y_text": top + 18}
        bar["y_bar"] = top + 26
        if value is not None and value != 0:
            length = width * float(abs(value)) / float(span)
            bar["x"] = f"{zero if value > 0 else zero - length:.3f}%"
            bar["width"] = f"{length:.3f}%"
            bar["positive"] = value > 0
        bars.append(bar)
    return {"bars": bars, "zero": f"{zero:.3f}%", "height": len(bars) * CHART_ROW_HEIGHT + 4}


def _year_context(year: int) -> dict:
    publication = _publication_or_404(year)
    rows = selectors.unit_rows(year)
    names = {row.obj.pk: row.obj.name for row in rows}

    def describe(row: Row) -> dict:
        unit = row.obj
        return {
            "href": reverse("budget:unit", kwargs={"year": year, "unit": unit.slug}),
            "level": 2 if unit.parent_id else 1,
            "parent": names.get(unit.parent_id, "") if unit.parent_id else "",
        }

    table = build_table(
        key="enheter",
        caption=_("Alla enheter %(year)s, tkr") % {"year": year},
        first_heading=_("Enhet"),
        columns=year_columns(year),
        rows=rows,
        filename=f"ekonomi-{year}-enheter",
        sheet_title=_("Enheter %(year)s") % {"year": year},
        describe=describe,
    )
    _with_downloads(table, "budget:year_download", year=year)
    return {"publication": publication, "year": year, "table": table, "chart": _chart(table, rows)}


@require_safe
def year_detail(request, year: int):
    context = _year_context(year)
    context["years"] = selectors.published_years()
    return render(request, "budget/year_detail.html", context)


@require_safe
def year_download(request, year: int, fmt: str):
    _check_format(fmt)
    return download_response(_year_context(year)["table"], fmt)


# --- /ekonomi/<år>/<enhet>/ ----------------------------------------------------------------------------------------


def _unit_context(year: int, slug: str) -> dict:
    unit_row = get_object_or_404(Unit.objects.select_related("parent"), slug=slug)
    unit = PublicUnit(unit_row)
    publication = _publication_or_404(year)
    units = selectors.unit_with_children(unit_row)
    columns = year_columns(year)
    tables: dict[str, Table] = {}
    total = selectors.total_row(year, units)

    if len(units) > 1:
        first = build_table(
            key="enheter",
            caption=_("%(unit)s %(year)s per enhet, tkr") % {"unit": unit.name, "year": year},
            first_heading=_("Enhet"),
            columns=columns,
            rows=selectors.child_unit_table(year, unit_row, units),
            total=total,
            filename=f"ekonomi-{year}-{unit.slug}-enheter",
            sheet_title=_("%(unit)s %(year)s enheter") % {"unit": unit.name, "year": year},
            describe=lambda row: {
                "href": reverse("budget:unit", kwargs={"year": year, "unit": row.obj.slug})
                if row.obj.pk != unit.pk
                else None
            },
        )
    else:
        first = build_table(
            key="ansvar",
            caption=_("%(unit)s %(year)s per ansvar, tkr") % {"unit": unit.name, "year": year},
            first_heading=_("Ansvar"),
            columns=columns,
            rows=selectors.code_table(year, units),
            total=total,
            filename=f"ekonomi-{year}-{unit.slug}-ansvar",
            sheet_title=_("%(unit)s %(year)s ansvar") % {"unit": unit.name, "year": year},
            describe=lambda row: {
                "href": reverse("budget:code", kwargs={"year": year, "unit": unit.slug, "code": row.obj.code}),
                "note": _("(platshållare – koden är inte publicerad)") if row.obj.is_placeholder else "",
            },
        )
    tables[first.key] = first
    groups = build_table(
        key="kontogrupp",
        caption=_("%(unit)s %(year)s per kontogrupp, tkr") % {"unit": unit.name, "year": year},
        first_heading=_("Kontogrupp"),
        columns=columns,
        rows=selectors.group_table(year, units),
        total=total,
        filename=f"ekonomi-{year}-{unit.slug}-kontogrupp",
        sheet_title=_("%(unit)s %(year)s kontogrupper") % {"unit": unit.name, "year": year},
    )
    tables[groups.key] = groups
    for key, table in tables.items():
        _with_downloads(table, "budget:unit_download", year=year, unit=unit.slug, table=key)
    return {
        "unit": unit,
        "units": [unit, *(PublicUnit(member) for member in units[1:])],
        "subunits": [PublicUnit(member) for member in units[1:]],
        "publication": publication,
        "year": year,
        "tables": tables,
        "first_table": first,
        "group_table": groups,
        "has_figures": bool(first.rows or groups.rows),
        "derived": total.derived,  # only where a line shown this year really is a derived split
    }


@require_safe
def unit_detail(request, year: int, unit: str):
    context = _unit_context(year, unit)
    context["years"] = selectors.published_years(context["units"])
    return render(request, "budget/unit_detail.html", context)


@require_safe
def unit_download(request, year: int, unit: str, table: str, fmt: str):
    _check_format(fmt)
    tables = _unit_context(year, unit)["tables"]
    if table not in tables:
        raise Http404
    return download_response(tables[table], fmt)


# --- /ekonomi/<år>/<enhet>/ansvar/<kod>/ ---------------------------------------------------------------------------


def _code_context(year: int, slug: str, code: str) -> dict:
    unit_row = get_object_or_404(Unit.objects.select_related("parent"), slug=slug)
    code_row = get_object_or_404(ResponsibilityCode, code=code, unit=unit_row)
    unit, responsibility = PublicUnit(unit_row), PublicResponsibilityCode(code_row)
    publication = _publication_or_404(year)
    total = selectors.total_row(year, [unit_row], code=code_row)
    table = build_table(
        key="kontogrupp",
        caption=_("%(code)s %(name)s %(year)s per kontogrupp, tkr")
        % {"code": responsibility.code, "name": responsibility.name, "year": year},
        first_heading=_("Kontogrupp"),
        columns=year_columns(year),
        rows=selectors.group_table(year, [unit_row], code=code_row),
        total=total,
        filename=f"ekonomi-{year}-{unit.slug}-{responsibility.code}-kontogrupp",
        sheet_title=f"{responsibility.code} {year}",
    )
    _with_downloads(table, "budget:code_download", year=year, unit=unit.slug, code=responsibility.code)
    return {
        "unit": unit,
        "code": responsibility,
        "publication": publication,
        "year": year,
        "table": table,
        "derived": total.derived,
    }


@require_safe
def code_detail(request, year: int, unit: str, code: str):
    context = _code_context(year, unit, code)
    context["years"] = selectors.published_years(code=context["code"])
    return render(request, "budget/code_detail.html", context)


@require_safe
def code_download(request, year: int, unit: str, code: str, fmt: str):
    _check_format(fmt)
    return download_response(_code_context(year, unit, code)["table"], fmt)


# --- /ekonomi/jamfor/ ----------------------------------------------------------------------------------------------

COMPARE_FIELDS = ("enhet", "fran", "till")


def _compare_context(query: QueryDict) -> dict:
    """The form bound to the query string, missing fields filled with the defaults: Kommunstyrelsen (or the first
    top unit) and every year that has figures. Invalid input gives messages at the fields and no table.
    """
    units = [PublicUnit(unit) for unit in selectors.unit_tree()]  # each child's parent is set: `parent_name` is free
    years = sorted(selectors.published_years())
    context: dict = {"units": units, "years": years, "table": None}
    default_unit = next((u for u in units if u.slug == "kommunstyrelsen"), None) or next(
        (u for u in units if u.parent_id is None), None
    )
    data = {
        "enhet": default_unit.slug if default_unit else "",
        "fran": str(years[0]) if years else "",
        "till": str(years[-1]) if years else "",
    }
    data.update({key: query[key] for key in COMPARE_FIELDS if query.get(key)})
    form = CompareForm(data, units=units, years=years)
    context["form"] = form
    if not years or not units or not form.is_valid():
        return context
    unit = next(u for u in units if u.slug == form.cleaned_data["enhet"])
    first, last = form.cleaned_data["fran"], form.cleaned_data["till"]
    members = [unit, *unit.children_list]
    rows = selectors.unit_years([member.pk for member in members], [year for year in years if first <= year <= last])
    columns = [
        Column(_("Utfall"), "outcome"),
        Column(_("Budget"), "budget"),
        Column(_("Avvikelse"), "deviation"),
        Column(_("Förändring % mot året före"), "change", "change"),
    ]
    table = build_table(
        key="jamforelse",
        caption=_("%(unit)s %(first)s–%(last)s per år, tkr") % {"unit": unit.name, "first": first, "last": last},
        first_heading=_("År"),
        columns=columns,
        rows=rows,
        filename=f"ekonomi-jamforelse-{unit.slug}-{first}-{last}",
        sheet_title=_("%(unit)s %(first)s–%(last)s") % {"unit": unit.name, "first": first, "last": last},
        describe=lambda row: {"href": reverse("budget:unit", kwargs={"year": row.key, "unit": unit.slug})},
    )
    query_string = QueryDict(mutable=True)
    query_string.update({"enhet": unit.slug, "fran": first, "till": last})
    table.download_urls = {
        fmt: f"{reverse('budget:compare_download', kwargs={'fmt': fmt})}?{query_string.urlencode()}" for fmt in FORMATS
    }
    context.update({"unit": unit, "first": first, "last": last, "table": table})
    return context


@require_safe
def compare(request):
    return render(request, "budget/compare.html", _compare_context(request.GET))


@require_safe
def compare_download(request, fmt: str):
    _check_format(fmt)
    context = _compare_context(request.GET)
    if context["table"] is None:
        raise Http404
    return download_response(context["table"], fmt)
