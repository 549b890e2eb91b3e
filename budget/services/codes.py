"""The chart of ansvar: controllers of a unit create its codes, rename them and retire them, with history.

The code of an existing ansvar never changes: ledger lines, files from the finance system, audit rows and URLs carry
it. To change a code, create the new one and retire the old. Retiring (`retired_from`) means the code takes no
figures from that year on; the figures of earlier years stay as they are, closed years included.

Every workflow checks on the server that the user controls the unit (`budget.access`), validates with messages that
name the field, calls `full_clean()`, and writes in one transaction with the user on the history record
(django-simple-history). A refusal raises `ValidationError` or `PermissionDenied` before anything is written.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from meetings.masking import unclosed_markers
from orebro_portal.lib.bounds import FIRST_YEAR, LAST_YEAR

from ..access import can_edit_unit
from ..models import LedgerLine, PublishedLedgerLine, ResponsibilityCode, Unit

CODE_MAX = ResponsibilityCode._meta.get_field("code").max_length
NAME_MAX = ResponsibilityCode._meta.get_field("name").max_length

# Letters of the Swedish alphabet, digits, and three separators that survive a URL path segment, a CSV cell and a
# file name unchanged. No space: finance exports often write the code and its name in one cell ("KLC Kansli C").
_LETTERS = "A-Za-zÅÄÖåäö"
_CODE = re.compile(rf"[{_LETTERS}0-9][{_LETTERS}0-9._-]*")
_CODE_CHARACTER = re.compile(rf"[{_LETTERS}0-9._-]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # C0, C1 and Unicode line breaks


def retired_code_message(code: str, retired_from: int, year: int) -> str:
    """Why a retired code takes no figures; the grid capitalises it, the import writes it after the row."""
    return _("ansvar %(code)s är avvecklat från och med %(retired)s och tar inte emot siffror för %(year)s.") % {
        "code": code,
        "retired": retired_from,
        "year": year,
    }


def field_label(field: str) -> str:
    """The field's name as forms label it and messages begin: "Ansvar", "Ansvarsbenämning", "Enhet" …"""
    return capfirst(str(ResponsibilityCode._meta.get_field(field).verbose_name))


def _field_error(field: str, message: str) -> ValidationError:
    """A refusal on one field, its message starting with the field's name as the form labels it."""
    return ValidationError({field: f"{field_label(field)}: {message}"})


def _key(code: str) -> str:
    """How the import matches a code (`budget.importing.code_lookup`): composed, in capitals."""
    return unicodedata.normalize("NFC", code).upper()


def code_problems(code: str) -> list[str]:
    """What is wrong with `code` as a new ansvar code, as sentences without the field name; empty when it is fine.

    Unique regardless of case, as the import reads "klc" as KLC: a second code differing only in case would make
    the import's reading depend on which one was typed exactly.
    """
    if not code:
        return [_("skriv en kod, t.ex. KLC.")]
    if code != code.strip():
        return [_("”%(code)s” börjar eller slutar med mellanslag; ta bort dem.") % {"code": code}]
    problems = []
    if len(code) > CODE_MAX:
        problems.append(
            _("högst %(max)s tecken (”%(code)s” har %(length)s).")
            % {"max": CODE_MAX, "code": code, "length": len(code)}
        )
    if not _CODE.fullmatch(code):
        wrong = sorted({char for char in code if not _CODE_CHARACTER.fullmatch(char)})
        if wrong:
            shown = ", ".join(_("mellanslag") if char.isspace() else f"”{char}”" for char in wrong)
            problems.append(
                _(
                    "”%(code)s” innehåller %(chars)s. En kod får bara innehålla bokstäver (A–Ö), siffror och "
                    "tecknen - _ ."
                )
                % {"code": code, "chars": shown}
            )
        else:
            problems.append(_("”%(code)s” måste börja med en bokstav eller siffra.") % {"code": code})
    if not problems:
        key = _key(code)
        for other in ResponsibilityCode.objects.select_related("unit").order_by("code"):
            if _key(other.code) == key:
                message = _(
                    "%(other)s finns redan (%(unit)s). Stora och små bokstäver räknas som samma kod, som vid import."
                )
                problems.append(message % {"other": other.code, "unit": other.unit.name})
                break
    return problems


def name_problems(name: str) -> list[str]:
    """What is wrong with the name of an ansvar, as sentences without the field name; empty when it is fine."""
    if not name.strip():
        return [_("skriv ansvarets benämning, t.ex. Kansli Centerpartiet.")]
    problems = []
    if name != name.strip():
        problems.append(_("börjar eller slutar med mellanslag; ta bort dem."))
    if len(name) > NAME_MAX:
        problems.append(_("högst %(max)s tecken (den har %(length)s).") % {"max": NAME_MAX, "length": len(name)})
    if _CONTROL.search(name):
        problems.append(_("får inte innehålla radbrytningar, tabbar eller andra styrtecken."))
    if unclosed_markers(name):
        problems.append(_("en markering för maskering börjar med [[ men avslutas inte med ]]."))
    return problems


def _refuse(problems: dict[str, list[str]]) -> None:
    errors = {
        field: [f"{field_label(field)}: {problem}" for problem in found] for field, found in problems.items() if found
    }
    if errors:
        raise ValidationError(errors)


def _require_unit(user, unit: Unit) -> None:
    if not can_edit_unit(user, unit):
        raise PermissionDenied


def _save(code: ResponsibilityCode, user) -> None:
    # Outside a request (a test, a command) the history middleware knows no user; the service does.
    if user is not None and user.is_authenticated:
        code._history_user = user
    code.full_clean()
    code.save()


def code_figure_years(code: ResponsibilityCode) -> list[int]:
    """The years in which the code has figures: ledger lines, or a published copy of them (one query).

    A published year counts even when its lines were removed since: the public still sees its figures."""
    working = LedgerLine.objects.filter(code=code).values_list("year_id", flat=True).order_by()
    published = PublishedLedgerLine.objects.filter(code=code).values_list("year_id", flat=True).order_by()
    return sorted(set(working.union(published)))


def code_create(*, unit: Unit, code: str, name: str, user) -> ResponsibilityCode:
    """A new ansvar in `unit`, which the user must control. Refused: a bad or taken code (in any case), a bad name."""
    _require_unit(user, unit)
    code, name = unicodedata.normalize("NFC", code), unicodedata.normalize("NFC", name)
    with transaction.atomic():
        # The case-insensitive check reads every code; locking the units first makes concurrent creations wait here
        # and then read each other's codes (PostgreSQL reads afresh per statement). The exact unique constraint is
        # the database's backstop.
        list(Unit.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        _refuse({"code": code_problems(code), "name": name_problems(name)})
        responsibility = ResponsibilityCode(unit=unit, code=code, name=name)
        try:
            with transaction.atomic():
                _save(responsibility, user)
        except IntegrityError as error:
            raise _field_error("code", _("%(code)s finns redan.") % {"code": code}) from error
        return responsibility


def code_move_problems(code: ResponsibilityCode, years: list[int] | None = None) -> list[str]:
    """Why the code cannot move to another unit, or nothing: only a code without figures may move.

    The tables of every year group the lines by the unit of their code, so moving a code with figures would change
    what past years (closed ones too) show for both units. To move one, create a new code there and retire this one.
    """
    years = code_figure_years(code) if years is None else years
    if not years:
        return []
    return [
        _(
            "%(code)s har siffror för %(years)s och kan inte flyttas till en annan enhet: tabellerna för de åren "
            "skulle ändras, även stängda år. Lägg upp ett nytt ansvar i den andra enheten och avveckla det här."
        )
        % {"code": code.code, "years": _years_text(years)}
    ]


def code_update(*, code: ResponsibilityCode, user, name: str, unit: Unit | None = None) -> list[str]:
    """Rename the ansvar and, if `unit` is another one, move it there; return the fields that changed ("name", "unit").

    The user must control the code's unit and the new one. The name is one for every year: the tables of past years
    show the new name too; the history keeps the old one.
    """
    _require_unit(user, code.unit)
    if unit is not None:
        _require_unit(user, unit)
    name = unicodedata.normalize("NFC", name)
    with transaction.atomic():
        locked = ResponsibilityCode.objects.select_for_update().select_related("unit").get(pk=code.pk)
        problems = {"name": name_problems(name), "unit": []}
        moving = unit is not None and unit.pk != locked.unit_id
        if moving:
            problems["unit"] = code_move_problems(locked)
        _refuse(problems)
        changed = []
        if name != locked.name:
            locked.name = name
            changed.append("name")
        if moving:
            locked.unit = unit
            changed.append("unit")
        if changed:
            _save(locked, user)
        return changed


def _years_text(years: list[int]) -> str:
    texts = [str(year) for year in years]
    return (
        texts[0]
        if len(texts) == 1
        else _("%(first)s och %(last)s") % {"first": ", ".join(texts[:-1]), "last": texts[-1]}
    )


def code_retire_problems(code: ResponsibilityCode, year: int, years: list[int] | None = None) -> list[str]:
    """Why the code cannot be retired from `year`, or nothing.

    A year in which the code has figures (or a later one) is refused rather than the figures kept or deleted: kept,
    they would contradict "takes no figures from that year on"; deleted, a retirement would change the books. The
    controller removes the figures first (an open year) or picks the year after the last one with figures.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return [_("året måste ligga mellan %(min)s och %(max)s.") % {"min": FIRST_YEAR, "max": LAST_YEAR}]
    years = code_figure_years(code) if years is None else years
    later = [figure_year for figure_year in years if figure_year >= year]
    if not later:
        return []
    return [
        _(
            "%(code)s har siffror för %(years)s, och de finns kvar. Ett ansvar kan avvecklas tidigast året efter det "
            "sista året med siffror: %(first)s."
        )
        % {"code": code.code, "years": _years_text(later), "first": years[-1] + 1}
    ]


def code_retire(*, code: ResponsibilityCode, year: int, user) -> bool:
    """The ansvar takes no figures from `year` on; earlier years keep theirs. True if anything changed."""
    _require_unit(user, code.unit)
    with transaction.atomic():
        locked = ResponsibilityCode.objects.select_for_update().select_related("unit").get(pk=code.pk)
        _refuse({"retired_from": code_retire_problems(locked, year)})
        if locked.retired_from == year:
            return False
        locked.retired_from = year
        _save(locked, user)
        return True


def code_reinstate(*, code: ResponsibilityCode, user) -> bool:
    """Undo a retirement: the ansvar takes figures again in every open year. True if it was retired."""
    _require_unit(user, code.unit)
    with transaction.atomic():
        locked = ResponsibilityCode.objects.select_for_update().select_related("unit").get(pk=code.pk)
        if locked.retired_from is None:
            return False
        locked.retired_from = None
        _save(locked, user)
        return True
