"""Builders for tests (factory_boy). No fixtures with hard-coded ids."""

import datetime as dt
import importlib
import zoneinfo
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from budget.models import (
    AccountGroup,
    FigurePublication,
    FiscalYear,
    LedgerLine,
    ResponsibilityCode,
    Unit,
    UnitController,
)
from goals.models import (
    Commitment,
    GoalArea,
    GoalPeriod,
    Indicator,
    IndicatorValue,
    Platform,
    PolicyArea,
    StrategicArea,
)
from meetings.models import (
    AgendaItem,
    Assignment,
    Body,
    Document,
    Meeting,
    Membership,
    Notice,
    Party,
    Person,
    Posting,
    Protocol,
    ProtocolParagraph,
    Subscription,
)
from meetings.services import document_add
from reports.models import AnnualReport, Section

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def local(year, month, day, hour=14, minute=15) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Testnämnd {n}")
    slug = factory.Sequence(lambda n: f"testnamnd-{n}")
    kind = Body.Kind.COMMITTEE
    contact_email = "testnamnd@example.org"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    start = factory.Sequence(lambda n: local(2024, 1, 1) + dt.timedelta(days=n))
    place = "Rådhuset, sessionssalen"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory, agenda_published_at=factory.LazyFunction(timezone.now))
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda item: str(item.position))
    title = factory.Sequence(lambda n: f"Ärende {n}")
    case_number = factory.Sequence(lambda n: f"Ks {n + 1}/2024")


def make_pdf(text: str = "Testhandling") -> bytes:
    """A real, small PDF with `text` on its single page."""
    from weasyprint import HTML

    return HTML(string=f'<html lang="sv"><title>{text}</title><p>{text}</p></html>').write_pdf()


_PDF_CACHE: dict[str, bytes] = {}


def make_document(*, title="Ärendelista", kind=Document.Kind.AGENDA, text=None, **where) -> Document:
    key = text or title
    if key not in _PDF_CACHE:
        _PDF_CACHE[key] = make_pdf(key)
    return document_add(title=title, kind=kind, content=_PDF_CACHE[key], is_published=True, **where)


PASSWORD = "rätt-häst-batteri-häftklammer"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"anvandare{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Användare {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@orebro.se")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(user, create, extracted, **kwargs):
        if create:
            user.save()


def secretary_of(*bodies: Body, **kwargs):
    """A user who is nämndsekreterare of the given bodies."""
    user = UserFactory(**kwargs)
    for body in bodies:
        Assignment.objects.create(user=user, body=body, role=Assignment.Role.SECRETARY)
    return user


def controller_of(*bodies: Body, **kwargs):
    user = UserFactory(**kwargs)
    for body in bodies:
        Assignment.objects.create(user=user, body=body, role=Assignment.Role.CONTROLLER)
    return user


def administrator(**kwargs):
    return UserFactory(is_staff=True, is_superuser=True, **kwargs)


class ProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Protocol

    meeting = factory.SubFactory(MeetingFactory, agenda_published_at=factory.LazyFunction(timezone.now))
    chair = "Marie Johansson (S)"
    secretary = "Karin Lund"
    adjusters = "Jan Berg (M)\nLena Ek (C)"
    members = "Marie Johansson (S), ordförande\nJan Berg (M)\nLena Ek (C)"
    substitutes = "Per Holm (S)"
    officials = "Karin Lund, nämndsekreterare"


class ProtocolParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProtocolParagraph

    protocol = factory.SubFactory(ProtocolFactory)
    number = factory.Sequence(lambda n: n + 1)
    position = factory.LazyAttribute(lambda p: p.number)
    title = factory.Sequence(lambda n: f"Paragraf {n}")
    decision = "Kommunstyrelsen beslutar att godkänna förslaget."


def posted_protocol(*, posted_on: dt.date, **kwargs) -> Protocol:
    """An adjusted protocol on the notice board, with dates as the law computes them."""
    from orebro_portal.lib.statutory_time import appeal_last_day, notice_taken_down_on

    protocol = ProtocolFactory(adjusted_on=posted_on, **kwargs)
    taken_down_on = notice_taken_down_on(posted_on)
    Posting.objects.create(
        protocol=protocol,
        posted_on=posted_on,
        appeal_last_day=appeal_last_day(posted_on),
        taken_down_on=taken_down_on,
        # As the periodic task (meetings.tasks.notice_board_take_down) left it, had it run every day.
        taken_down_at=_midnight(taken_down_on) if taken_down_on <= timezone.localdate() else None,
    )
    return protocol


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))


class NoticeFactory(factory.django.DjangoModelFactory):
    """An other-law notice (kind OTHER) on the board from today for four weeks."""

    class Meta:
        model = Notice

    kind = Notice.Kind.OTHER
    title = factory.Sequence(lambda n: f"Kungörelse {n}")
    text = "Granskning av detaljplan."
    legal_basis = "Plan- och bygglagen 5 kap. 18 §"
    posted_on = factory.LazyFunction(timezone.localdate)
    taken_down_on = factory.LazyAttribute(lambda n: n.posted_on + dt.timedelta(days=28))


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ["abbreviation"]

    abbreviation = factory.Iterator(["S", "M", "C", "V", "KD", "L", "MP", "SD"])
    name = factory.LazyAttribute(
        lambda p: {
            "S": "Socialdemokraterna",
            "M": "Moderaterna",
            "C": "Centerpartiet",
            "V": "Vänsterpartiet",
            "KD": "Kristdemokraterna",
            "L": "Liberalerna",
            "MP": "Miljöpartiet",
            "SD": "Sverigedemokraterna",
        }.get(p.abbreviation, f"Parti {p.abbreviation}")
    )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Ledamot {n} Testsson")
    slug = factory.Sequence(lambda n: f"ledamot-{n}-testsson")
    party = factory.SubFactory(PartyFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    role = Membership.Role.MEMBER
    party = factory.LazyAttribute(lambda m: m.person.party)
    start = dt.date(2023, 1, 1)
    end = dt.date(2026, 12, 31)


def roster(body: Body, *, members: int = 5, substitutes: int = 2, start=dt.date(2023, 1, 1), end=dt.date(2026, 12, 31)):
    """A body's roster for a term: an ordförande, `members - 1` more ledamöter and `substitutes` ersättare, their
    parties taken in turn. Returns the memberships, ordförande first."""
    memberships = [MembershipFactory(body=body, role=Membership.Role.CHAIR, start=start, end=end)]
    memberships += [MembershipFactory(body=body, start=start, end=end) for _ in range(members - 1)]
    memberships += [
        MembershipFactory(body=body, role=Membership.Role.SUBSTITUTE, start=start, end=end) for _ in range(substitutes)
    ]
    return memberships


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"medborgare{n}@example.org")
    body = factory.SubFactory(BodyFactory)
    confirmed_at = factory.LazyFunction(timezone.now)


# --- budget -------------------------------------------------------------------------------------------------------


class FiscalYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalYear
        django_get_or_create = ("year",)

    year = 2021


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Enhet {n}")
    slug = factory.Sequence(lambda n: f"enhet-{n}")


class ResponsibilityCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityCode

    code = factory.Sequence(lambda n: f"K{n:04d}")
    name = factory.Sequence(lambda n: f"Ansvar {n}")
    unit = factory.SubFactory(UnitFactory)


def account_group(code: str) -> AccountGroup:
    """A Kommun-Bas group as data migration 0002 makes it.

    A transactional test (a browser test, a real-worker test) ends by emptying every table, the migration's rows too,
    so the group is created again from the migration's own list when it is missing.
    """
    names = dict(importlib.import_module("budget.migrations.0002_account_groups").GROUPS)
    return AccountGroup.objects.get_or_create(
        code=code, defaults={"name": names[code], "position": list(names).index(code)}
    )[0]


def ledger_line(*, year: int, code: ResponsibilityCode, group: str, outcome, budget=None) -> LedgerLine:
    """One line in kronor: `ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)`."""
    FiscalYearFactory(year=year)
    return LedgerLine.objects.create(
        year_id=year,
        code=code,
        group=account_group(group),
        outcome=Decimal(outcome),
        budget=None if budget is None else Decimal(budget),
    )


PUBLISHED_AT = dt.datetime(2021, 6, 1, 10, 0, tzinfo=dt.UTC)


def publish_all() -> None:
    """Publish every year that has lines, as the portal would show it: a closed year as its bokslut (dated when it
    was closed), an open one as preliminära siffror (dated `PUBLISHED_AT`). For tests that build books with
    `ledger_line` and then look at the public side."""
    from budget.services.publishing import publication_copy

    for fiscal_year in FiscalYear.objects.filter(lines__isnull=False).distinct():
        kind = FigurePublication.Kind.FINAL if fiscal_year.is_closed else FigurePublication.Kind.INTERIM
        publication_copy(year=fiscal_year, kind=kind, user=None, published_at=fiscal_year.closed_at or PUBLISHED_AT)


def unit_controller(*units: Unit, **kwargs):
    """A controller of the given budget units (a user with UnitController rows)."""
    user = UserFactory(**kwargs)
    for unit in units:
        UnitController.objects.create(user=user, unit=unit)
    return user


# --- goals --------------------------------------------------------------------------------------------------------


class GoalPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalPeriod

    name = "2017–2019"
    start_year = 2017
    end_year = 2019
    vision = "Skandinaviens mest attraktiva medelstora stad"


class StrategicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicArea

    period = factory.SubFactory(GoalPeriodFactory)
    name = factory.Sequence(lambda n: f"Strategiskt område {n}")
    slug = factory.Sequence(lambda n: f"strategiskt-omrade-{n}")


class GoalAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalArea

    period = factory.SubFactory(GoalPeriodFactory)
    strategic_area = None
    number = factory.Sequence(lambda n: n + 1)
    statement = factory.Sequence(lambda n: f"Målområde {n}")
    slug = factory.Sequence(lambda n: f"malomrade-{n}")
    means_intro = "Detta ska ske genom"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"Indikator {n}")
    slug = factory.Sequence(lambda n: f"indikator-{n}")
    unit = Indicator.Unit.PERCENT
    direction = Indicator.Direction.DECREASE
    owner = factory.SubFactory(BodyFactory)


def indicator_values(indicator: Indicator, **by_gender) -> list[IndicatorValue]:
    """`indicator_values(sick_leave, T={2019: "4.4", 2020: "3.8"}, K={...})`; a value may be None (not measured)."""
    rows = []
    for gender, by_year in by_gender.items():
        for year, value in by_year.items():
            rows.append(
                IndicatorValue.objects.create(
                    indicator=indicator,
                    year=year,
                    gender=gender,
                    value=None if value is None else Decimal(str(value)),
                )
            )
    return rows


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    name = "Politisk plattform 2022–2026"
    parties = "Socialdemokraterna, Moderaterna, Centerpartiet"
    start_year = 2022
    end_year = 2026


class PolicyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyArea

    platform = factory.SubFactory(PlatformFactory)
    name = factory.Sequence(lambda n: f"Politikområde {n}")
    slug = factory.Sequence(lambda n: f"politikomrade-{n}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    area = factory.SubFactory(PolicyAreaFactory)
    text = factory.Sequence(lambda n: f"Åtagande {n}")


def analyst_of(*bodies: Body, **kwargs):
    """A user with the analyst role for the given bodies: may edit the indicators those bodies own."""
    user = UserFactory(**kwargs)
    for body in bodies:
        Assignment.objects.create(user=user, body=body, role=Assignment.Role.ANALYST)
    return user


def sick_leave_indicator(**kwargs) -> Indicator:
    """Sjukfrånvaro of Kommunstyrelsen with its 2019 and 2020 values from the årsberättelse (2021 left to enter)."""
    owner = kwargs.pop("owner", None) or BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    indicator = IndicatorFactory(name="Sjukfrånvaro", slug="sjukfranvaro", owner=owner, kolada_kpi="N00090", **kwargs)
    indicator_values(
        indicator,
        T={2019: "4.4", 2020: "3.8"},
        K={2019: "4.9", 2020: "4.4"},
        M={2019: "3.0", 2020: "2.6"},
    )
    return indicator


# --- reports ------------------------------------------------------------------------------------------------------


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    body = factory.SubFactory(BodyFactory)
    year = 2021
    title = factory.LazyAttribute(lambda report: f"{report.body.name}s årsberättelse {report.year}")
    case_number = "Ks 181/2022"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    report = factory.SubFactory(AnnualReportFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    heading = factory.Sequence(lambda n: f"Kapitel {n + 1}")
    text = "Ett stycke text.\n\n- en punkt\n- en till"
    position = factory.Sequence(lambda n: n)
