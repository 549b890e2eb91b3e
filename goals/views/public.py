"""The public goals pages: the vision and goal structure, a goal area, the indicators (list, page with chart and
table, CSV) and the political platform with its commitments. Everything here is readable by anyone.

Verdicts are computed from the values on every request (`goals.verdicts`), never stored. Every list page runs a fixed
number of queries, however many goal areas, indicators, values or commitments there are.

Templates and the CSV are given the public projections of `goals.public` (every staff-written text masked), never the
models: the views compute with the models' numbers and hand on projections.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from meetings.public import project
from orebro_portal.lib.formatting import sv_number
from orebro_portal.lib.spreadsheets import safe_cell

from .. import selectors, verdicts
from ..filters import CommitmentFilter, IndicatorFilter
from ..models import GoalArea, Indicator, IndicatorValue, Means
from ..public import (
    PublicCommitment,
    PublicCommitmentUpdate,
    PublicGoalArea,
    PublicGoalPeriod,
    PublicIndicator,
    PublicIndicatorValue,
    PublicMeans,
    PublicPlatform,
    PublicPolicyArea,
)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
GENDER_LABELS = dict(IndicatorValue.Gender.choices)


def _tolerance() -> str:
    """The tolerance of "nära" as the help text states it: "5" (per cent of the target)."""
    return sv_number(settings.GOALS_TARGET_TOLERANCE * 100, 0)


# --- /mal/ -----------------------------------------------------------------------------------------------------------


@require_safe
def overview(request):
    periods = project(PublicGoalPeriod, selectors.goal_periods())
    current = next((period for period in periods if period.vision), None)
    return render(request, "goals/overview.html", {"periods": periods, "current": current})


# --- /mal/omrade/<slug>/ ---------------------------------------------------------------------------------------------


@require_safe
def goal_area_detail(request, slug):
    goal_area = get_object_or_404(GoalArea.objects.select_related("period", "strategic_area"), slug=slug)
    means = project(PublicMeans, Means.objects.filter(goal_area=goal_area).order_by("position", "pk"))
    indicators = selectors.indicators_for_listing(goal_area.indicators.all())
    return render(
        request,
        "goals/goal_area_detail.html",
        {
            "goal_area": PublicGoalArea(goal_area),
            "means": means,
            "years": selectors.observations_by_year(goal_area),
            "rows": selectors.indicator_rows(indicators),
        },
    )


# --- /mal/indikatorer/ -----------------------------------------------------------------------------------------------


@require_safe
def indicator_list(request):
    indicator_filter = IndicatorFilter(
        request.GET or None, queryset=Indicator.objects.order_by("position", "name"), request=request
    )
    rows = selectors.indicator_rows(selectors.indicators_for_listing(indicator_filter.qs.distinct()))
    if verdict_key := indicator_filter.verdict_key:
        rows = [row for row in rows if row.assessment.verdict.key == verdict_key]
    return render(
        request, "goals/indicator_list.html", {"filter": indicator_filter, "rows": rows, "tolerance": _tolerance()}
    )


# --- /mal/indikatorer/<slug>/ ----------------------------------------------------------------------------------------


@dataclass
class ValueCell:
    gender: str
    text: str  # as shown: "4,4", or "–" when there is no value
    missing: bool
    markers: list[int] = field(default_factory=list)  # footnote numbers


@dataclass
class YearRow:
    year: int
    cells: list[ValueCell]
    step: verdicts.Assessment | None  # the total's change from the year before with a value


class _Footnotes:
    """Numbered footnotes of the table: the indicator's own, then each distinct note of a value."""

    def __init__(self, general: list[str]):
        self.texts: list[str] = list(general)  # masked texts, and our own "not comparable" sentence

    def number(self, text: str) -> int:
        if text not in self.texts:
            self.texts.append(text)
        return self.texts.index(text) + 1


def _values_table(indicator: PublicIndicator, values: list[PublicIndicatorValue], decimals: int):
    """Rows (years, oldest first) × the genders that have values; each cell with its footnote markers (the footnotes
    are the indicator's and the values' notes, masked)."""
    genders = [gender for gender in selectors.GENDERS if any(row.gender == gender for row in values)] or ["T"]
    by_key = {(row.year, row.gender): row for row in values}
    footnotes = _Footnotes([line.line for line in indicator.footnotes_list])
    total_steps = verdicts.steps(verdicts.series(values).get("T", []), direction=indicator.direction)
    not_comparable = _("Värdet är inte fullt jämförbart med andra års värden; ingen bedömning görs över det.")
    rows = []
    for year in sorted({row.year for row in values}):
        cells = []
        for gender in genders:
            value = by_key.get((year, gender))
            cell = ValueCell(
                gender=gender,
                text=sv_number(value.value if value else None, decimals),
                missing=value is None or value.value is None,
            )
            if value is not None and value.not_comparable:
                cell.markers.append(footnotes.number(not_comparable))
            if value is not None and value.note.strip():
                cell.markers.append(footnotes.number(value.note.line))
            cells.append(cell)
        rows.append(YearRow(year=year, cells=cells, step=total_steps.get(year)))
    return genders, rows, footnotes.texts


# The chart's drawing area in SVG user units; the drawing scales with the page's width (viewBox).
CHART_WIDTH, CHART_HEIGHT = 640, 330
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 64, 624, 16, 250
LEGEND_Y = CHART_HEIGHT - 30
# Three lines told apart without colour: a dash pattern and a marker shape of their own.
SERIES_STYLE = {
    "T": {"colour": "#004b87", "dash": "", "marker": "circle"},
    "K": {"colour": "#8a1f62", "dash": "10 5", "marker": "square"},
    "M": {"colour": "#6b4b00", "dash": "3 4", "marker": "triangle"},
}
SERIES_KEY = {
    "T": _lazy("Heldragen linje med ringar: totalt."),
    "K": _lazy("Streckad linje med kvadrater: kvinnor."),
    "M": _lazy("Prickad linje med trianglar: män."),
}


def _marker(shape: str, x: float, y: float) -> dict:
    """A point marker's geometry: a circle, a square or a triangle centred on (x, y)."""
    return {
        "shape": shape,
        "cx": f"{x:.1f}",
        "cy": f"{y:.1f}",
        "x": f"{x - 5:.1f}",
        "y": f"{y - 5:.1f}",
        "points": f"{x:.1f},{y - 7:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}",
    }


def _nice_step(span: float) -> float:
    raw = span / 4 if span > 0 else 1
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(factor * magnitude for factor in (1, 2, 2.5, 5, 10) if factor * magnitude >= raw)


def _chart(indicator: Indicator, values: list[IndicatorValue], genders: list[str], decimals: int) -> dict | None:
    """Coordinates of a line chart of the values per gender over the years; None without any value.

    A line joins two values only when neither is marked not comparable: the drawing, like the verdicts, never
    suggests a trend across such a value. A year without a value is bridged by the line (the points show the years).
    """
    numbers = [float(row.value) for row in values if row.value is not None]
    if not numbers:
        return None
    if indicator.target_value is not None:
        numbers.append(float(indicator.target_value))
    low, high = min(numbers), max(numbers)
    if low >= 0 and low <= high / 2:
        low = 0.0
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = max(math.ceil(high / step) * step, low + step)
    years = sorted({row.year for row in values})
    span_x = PLOT_RIGHT - PLOT_LEFT

    def x_of(year: int) -> float:
        if len(years) == 1:
            return PLOT_LEFT + span_x / 2
        return PLOT_LEFT + 24 + (span_x - 48) * (year - years[0]) / (years[-1] - years[0])

    def y_of(value: float) -> float:
        return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * (value - low) / (high - low)

    ticks = []
    tick = low
    while tick <= high + step / 1000:
        ticks.append(
            {"y": f"{y_of(tick):.1f}", "text": sv_number(round(tick, 6), 0 if float(step).is_integer() else 1)}
        )
        tick += step
    lines = []
    by_gender = verdicts.series(values)
    for position, gender in enumerate(genders):
        style = SERIES_STYLE[gender]
        points = [point for point in by_gender.get(gender, []) if point.value is not None]
        markers = [_marker(style["marker"], x_of(p.year), y_of(float(p.value))) for p in points]
        segments = []
        for previous, point in itertools.pairwise(points):
            if not previous.not_comparable and not point.not_comparable:
                segments.append(
                    f"{x_of(previous.year):.1f},{y_of(float(previous.value)):.1f} "
                    f"{x_of(point.year):.1f},{y_of(float(point.value)):.1f}"
                )
        legend_x = PLOT_LEFT + position * 170
        lines.append(
            {
                "gender": gender,
                "label": GENDER_LABELS[gender],
                "key_text": SERIES_KEY[gender],
                **style,
                "segments": segments,
                "markers": markers,
                "legend_x": legend_x,
                "legend_marker": _marker(style["marker"], legend_x + 18, LEGEND_Y),
                "legend_end": legend_x + 36,
                "legend_text": legend_x + 46,
                "text": "; ".join(f"{p.year} {sv_number(p.value, decimals)}" for p in points),
            }
        )
    target = None
    if indicator.target_value is not None:
        target_y = y_of(float(indicator.target_value))
        target = {"y": f"{target_y:.1f}", "text": sv_number(indicator.target_value, decimals)}
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": PLOT_LEFT,
        "right": PLOT_RIGHT,
        "top": PLOT_TOP,
        "bottom": PLOT_BOTTOM,
        "ticks": ticks,
        "years": [{"x": f"{x_of(year):.1f}", "text": year} for year in years],
        "year_label_y": PLOT_BOTTOM + 22,
        "legend_y": LEGEND_Y,
        "legend_text_y": LEGEND_Y + 5,
        "lines": lines,
        "series_text": ", ".join(str(line["label"]).lower() for line in lines),
        "target": target,
    }


def _indicator_context(slug: str) -> dict:
    indicator = get_object_or_404(Indicator.objects.select_related("owner"), slug=slug)
    values = list(indicator.values.order_by("year", "gender"))
    decimals = selectors.value_decimals(indicator, values)
    assessments = verdicts.assess_indicator(indicator, values)
    public = PublicIndicator(indicator)
    genders, rows, footnotes = _values_table(public, project(PublicIndicatorValue, values), decimals)
    goal_areas = indicator.goal_areas.select_related("period").order_by("-period__start_year", "position")
    return {
        "indicator": public,
        "decimals": decimals,
        "goal_areas": project(PublicGoalArea, goal_areas),
        "headline": assessments.get("T") or verdicts.assess([], direction=indicator.direction),
        "by_gender": [
            {"gender": gender, "label": GENDER_LABELS[gender], "assessment": assessments[gender]}
            for gender in genders
            if gender in assessments
        ],
        "genders": [{"code": gender, "label": GENDER_LABELS[gender]} for gender in genders],
        "rows": rows,
        "footnotes": footnotes,
        "has_missing": any(cell.missing for row in rows for cell in row.cells),
        "chart": _chart(indicator, values, genders, decimals),
        "tolerance": _tolerance(),
    }


@require_safe
def indicator_detail(request, slug):
    return render(request, "goals/indicator_detail.html", _indicator_context(slug))


@require_safe
def indicator_csv(request, slug):
    """The values for Swedish Excel: `;`, UTF-8 with a byte order mark, a decimal comma; an empty cell for no value."""
    indicator = get_object_or_404(Indicator, slug=slug)
    values = project(PublicIndicatorValue, indicator.values.order_by("year", "gender"))
    decimals = selectors.value_decimals(indicator, values)
    name = PublicIndicator(indicator).name.line
    order = {gender: position for position, gender in enumerate(selectors.GENDERS)}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [_("Indikator"), _("År"), _("Kön"), _("Värde"), _("Enhet"), _("Inte jämförbart med andra år"), _("Anmärkning")]
    )
    for row in sorted(values, key=lambda row: (row.year, order.get(row.gender, 9))):
        writer.writerow(
            [
                safe_cell(name),
                row.year,
                GENDER_LABELS.get(row.gender, row.gender),
                "" if row.value is None else selectors.decimal_text(row.value, decimals),
                indicator.get_unit_display(),
                _("ja") if row.not_comparable else "",
                safe_cell(row.note.line),
            ]
        )
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{indicator.slug}.csv")
    return response


@dataclass
class CommitmentRow:
    commitment: PublicCommitment
    badge: selectors.StatusBadge


@dataclass
class UpdateRow:
    update: PublicCommitmentUpdate
    badge: selectors.StatusBadge


# --- /mal/plattform/ -------------------------------------------------------------------------------------------------


@require_safe
def platform(request):
    current = selectors.current_platform()
    if current is None:
        return render(request, "goals/platform.html", {"platform": None})
    commitment_filter = CommitmentFilter(
        request.GET or None, queryset=selectors.platform_commitments(current), platform=current, request=request
    )
    commitments = list(commitment_filter.qs)
    by_area: dict[int, list] = {}
    for commitment in commitments:
        row = CommitmentRow(PublicCommitment(commitment), selectors.status_badge(commitment.latest_status))
        by_area.setdefault(commitment.area_id, []).append(row)
    areas = project(PublicPolicyArea, selectors.platform_areas(current))
    filtered = bool(request.GET) and any(commitment_filter.form.cleaned_data.values())
    # Unfiltered, every policy area is shown (an empty one says so); filtered, only the areas with a match.
    sections = [
        {"area": area, "commitments": by_area.get(area.pk, [])}
        for area in areas
        if by_area.get(area.pk) or not filtered
    ]
    counts = selectors.status_counts(current)
    return render(
        request,
        "goals/platform.html",
        {
            "platform": PublicPlatform(current),
            "filter": commitment_filter,
            "areas": areas,
            "sections": sections,
            "count": len(commitments),
            "filtered": filtered,
            "status_counts": [
                {"badge": selectors.status_badge(status), "count": count} for status, count in counts.items()
            ],
            "total": sum(counts.values()),
        },
    )


@require_safe
def commitment_detail(request, pk):
    commitment = selectors.commitment_with_history(pk)
    if commitment is None:
        raise Http404(_("Det finns inget sådant åtagande."))
    public = PublicCommitment(commitment)
    updates = [UpdateRow(update, selectors.status_badge(update.status)) for update in public.updates]
    current = updates[0].update.status if updates else None
    return render(
        request,
        "goals/commitment_detail.html",
        {
            "commitment": public,
            "platform": public.area.platform,
            "badge": selectors.status_badge(current),
            "updates": updates,
        },
    )
