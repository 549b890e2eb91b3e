"""What citizens may see of the books: the public projections of units, ansvar, account groups, the published copy
of the ledger lines and the publications themselves.

Built on `meetings.public.Projection` (see its docstring). The names and descriptions of units, the names of the
ansvar (typed in the admin, or imported from the ledger file's "Ansvarsbenämning") and of the account groups are
written by staff, so they are `texts` and come out masked as `PublicText`. The codes ("KLC", "5") have no validator
either: they are `texts` too, which leaves a real code as it is. Amounts, years, positions, slugs and flags are
`fields`.

The figures citizens see are `PublishedLedgerLine`s, the copy the year's latest publication made; the controllers'
`LedgerLine`s (the draft) have no projection and reach no public surface. A publication's note ("Delårsrapport
augusti") is typed by staff and shown with the figures, so it is a text too.

The public budget pages, their CSV and XLSX downloads, the report blocks (through `budget.selectors`, whose rows carry
these projections and their masked labels) and the API read these and never the models' own text fields.
"""

from __future__ import annotations

from functools import cached_property

from meetings.public import Projection

from .models import AccountGroup, FigurePublication, PublishedLedgerLine, ResponsibilityCode, Unit


class PublicUnit(Projection):
    model = Unit
    fields = ("pk", "id", "slug", "parent_id", "position")
    texts = ("name", "description")

    @cached_property
    def parent(self) -> PublicUnit | None:
        """The parent unit (free when the caller selected it, or `selectors.unit_tree()` set it)."""
        return PublicUnit(self._obj.parent) if self._obj.parent_id else None

    @property
    def parent_name(self) -> str:
        return self.parent.name if self.parent is not None else ""

    @cached_property
    def children_list(self) -> list[PublicUnit]:
        """The subunits that `selectors.unit_tree()` attached (`children_list`), else none."""
        return [PublicUnit(child) for child in getattr(self._obj, "children_list", [])]


class PublicResponsibilityCode(Projection):
    model = ResponsibilityCode
    fields = ("pk", "id", "unit_id", "is_placeholder")
    texts = ("code", "name")  # the code has no validator: masked too, which leaves a real code unchanged

    @cached_property
    def unit(self) -> PublicUnit:
        return PublicUnit(self._obj.unit)

    @property
    def label(self) -> str:
        """ "KLC Kansli Centerpartiet", masked: the row label of the tables."""
        return f"{self.code} {self.name}"


class PublicAccountGroup(Projection):
    model = AccountGroup
    fields = ("pk", "id", "position")
    texts = ("code", "name")  # as for the ansvar: the code is masked too, which leaves a real one unchanged

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


class PublicLedgerLine(Projection):
    """One published figure: amounts, flags and ids as published, its ansvar, unit and account group as projections."""

    model = PublishedLedgerLine
    fields = ("pk", "id", "year_id", "code_id", "group_id", "budget", "outcome", "comparable", "derived")

    @cached_property
    def code(self) -> PublicResponsibilityCode:
        return PublicResponsibilityCode(self._obj.code)

    @cached_property
    def group(self) -> PublicAccountGroup:
        return PublicAccountGroup(self._obj.group)


class PublicFigurePublication(Projection):
    """Which state of a year's figures the public sees: preliminära siffror (with the staff's note) or bokslut."""

    model = FigurePublication
    fields = ("pk", "id", "year_id", "kind", "published_at", "line_count")
    texts = ("note",)

    @property
    def is_final(self) -> bool:
        return self.kind == FigurePublication.Kind.FINAL
