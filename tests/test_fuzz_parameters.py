"""Hostile values in every path parameter of every route and in every query parameter a view reads: no answer is a
5xx, for an anonymous visitor and for a logged-in administrator (who passes every staff gate, so the staff views
read their parameters).

The routes come from the resolver, so a new route is fuzzed the day it is added (and fails here by name if it has
several parameters or reads the query string but the test's world has no real values for it). The query parameters
come from the view modules' source: every `request.GET` is classified (a name read, a filterset or form given the
whole query, a copy for links), and one the test cannot classify fails by file and line, so a new parameter cannot
slip past. /admin/ is Django's; /api/ has Schemathesis (tests/api/test_schema.py) and, for NUL and Unicode digits,
the explicit cases at the end of this file.

SQLite accepts a NUL in a string where PostgreSQL raises, so here a NUL is proved harmless by the middleware's
400 (tests/orebro_portal/test_params.py), not by the database.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import importlib
import inspect
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import django_filters
import pytest
from django import forms
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget.models import LedgerImport
from goals.models import CommitmentStatus, CommitmentUpdate
from meetings.public import PublicNotice
from tests.factories import (
    AgendaItemFactory,
    AnnualReportFactory,
    BodyFactory,
    CommitmentFactory,
    GoalAreaFactory,
    IndicatorFactory,
    MeetingFactory,
    NoticeFactory,
    PersonFactory,
    ProtocolParagraphFactory,
    ResponsibilityCodeFactory,
    SectionFactory,
    SubscriptionFactory,
    UnitFactory,
    administrator,
    indicator_values,
    ledger_line,
    local,
    make_document,
    make_pdf,
    posted_protocol,
)

SKIPPED_PREFIXES = ("admin/", "api/")
# Every parameter gets each of these in the sweeps; Hypothesis draws from them, from MORE and from generated text.
HOSTILE = [
    "²",
    "①",
    "٢٠٢٤",  # Arabic-Indic digits: int() reads them
    "\x00",
    "x" * 3000,
    "-1",
    "9999",
    "0001",
    "99999999999999999999999",  # beyond a 64-bit integer
    "%",
    "../",
]
MORE = ["a\x00b", "\x1b[31m", "0", "%00", "..", "' OR 1=1 --", "<script>", "🙂", " ", ""]
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # "organ/<slug:slug>/"
    params: tuple[str, ...]
    view_module: str
    view_name: str

    def url(self, values: dict[str, str]) -> str:
        """The address with each parameter's value percent-encoded as a browser sends it ("/" included)."""
        return "/" + _PARAM.sub(lambda match: quote(str(values[match[2]]), safe=""), self.route)

    def __str__(self) -> str:
        return self.name


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            assert "^" not in route, f"{route}: a regex route outside /api/ and /admin/; teach the fuzz test to fill it"
            view = getattr(pattern.callback, "view_class", None) or pattern.callback
            yield Route(
                name=f"{namespace}:{pattern.name}" if namespace else pattern.name,
                route=route,
                params=tuple(match[2] for match in _PARAM.finditer(route)),
                view_module=view.__module__,
                view_name=getattr(view, "__name__", type(view).__name__),
            )


ROUTES = list(_walk(get_resolver().url_patterns))


# --- Which query parameters each view reads -----------------------------------------------------------------------

# Django's own views: the log-in and log-out read where to go next.
DJANGO_VIEW_PARAMS = {"login": {"next"}, "logout": {"next"}}


def _names_of_consumer(module, call: ast.Call) -> set[str] | None:
    """The parameters of a filterset or form given the whole query (`MeetingFilter(request.GET, …)`,
    `SearchFilter.requested(request.GET)`), from its declared filters or fields; a helper function of the view
    module (`_compare_context(request.GET)`) by the names in its module's `*_FIELDS` constant."""
    target, owner = module, None
    for part in ast.unparse(call.func).split("."):
        target = getattr(target, part, None)
        owner = target if inspect.isclass(target) else owner  # `SearchFilter.requested`: the filterset's names
    if inspect.isclass(owner) and issubclass(owner, django_filters.FilterSet):
        return set(owner.base_filters)
    if inspect.isclass(owner) and issubclass(owner, forms.BaseForm):
        return set(owner.base_fields)
    return EXPLICIT_CONSUMERS.get(f"{module.__name__}.{ast.unparse(call.func)}")


def _explicit_consumers() -> dict[str, set[str]]:
    from budget.views import public as budget_public
    from goals.views import staff_commitments

    return {
        "budget.views.public._compare_context": set(budget_public.COMPARE_FIELDS),
        # The GET form of a status update carries the search word and the form's fields (`_form_and_search`).
        "goals.views.staff_commitments.source": {staff_commitments.SEARCH_PARAM},
    }


EXPLICIT_CONSUMERS = _explicit_consumers()


def _constant_names(module, node: ast.AST, parents: dict) -> set[str] | None:
    """A name given as a literal, as a module constant (`SEARCH_PARAM`), or as the loop variable of a comprehension
    over a module constant (`for name in FORM_FIELDS`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Name):
        value = getattr(module, node.id, None)
        if isinstance(value, str):
            return {value}
        scope = parents.get(node)
        while scope is not None and not isinstance(scope, ast.FunctionDef):
            for generator in getattr(scope, "generators", []):
                if isinstance(generator.target, ast.Name) and generator.target.id == node.id:
                    values = getattr(module, ast.unparse(generator.iter), None)
                    if isinstance(values, list | tuple) and all(isinstance(v, str) for v in values):
                        return set(values)
            scope = parents.get(scope)
    return None


def _classify(module, get: ast.Attribute, parents: dict) -> set[str] | None:
    """The parameter names one `request.GET` reads; set() when it reads none by name; None when not understood."""
    parent = parents[get]
    if isinstance(parent, ast.BoolOp):  # `request.GET or None`
        parent = parents[parent]
    if isinstance(parent, ast.Attribute) and parent.attr in ("get", "getlist"):
        call = parents[parent]
        return _constant_names(module, call.args[0], parents) if call.args else None
    if isinstance(parent, ast.Attribute) and parent.attr == "copy":
        return set()  # re-encoded into the links of the page (pagination), never read by name
    if isinstance(parent, ast.Subscript):
        return _constant_names(module, parent.slice, parents)
    if isinstance(parent, ast.Compare):  # `"name" in request.GET`
        return _constant_names(module, parent.left, parents)
    if isinstance(parent, ast.Call) and ast.unparse(parent.func) == "bool":
        return set()  # "was anything asked for"
    if isinstance(parent, ast.Call) and len(parent.args) >= 2 and parent.args[0] in (get, parents.get(get)):
        names = _constant_names(module, parent.args[1], parents)  # params.query_year(request.GET, "ar", …)
        if names is not None:
            return names
    if isinstance(parent, ast.Call):
        return _names_of_consumer(module, parent)
    if isinstance(parent, ast.IfExp) and isinstance(parents[parent], ast.Assign):
        target = parents[parent].targets[0]
        return EXPLICIT_CONSUMERS.get(f"{module.__name__}.{ast.unparse(target)}")
    return None


def _is_request_get(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "GET"
        and isinstance(node.value, ast.Name)
        and node.value.id == "request"
    )


@functools.cache
def params_read_by_module(module_name: str) -> tuple[dict[str, set[str]], list[str]]:
    """Per function of the module, the query parameters it reads; and every `request.GET` not understood."""
    module = importlib.import_module(module_name)
    source = inspect.getsource(module)
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    by_function: dict[str, set[str]] = {}
    unknown = []
    for node in ast.walk(tree):
        if not _is_request_get(node):
            continue
        function = parents[node]
        while not isinstance(function, ast.FunctionDef):
            function = parents[function]
        names = _classify(module, node, parents)
        if names is None:
            unknown.append(f"{module.__file__}:{node.lineno}: {source.splitlines()[node.lineno - 1].strip()}")
            continue
        by_function.setdefault(function.name, set()).update(names)
    # A helper's reads belong to the views that call it (`_form_and_search(request, …)` in `update_add`).
    calls = {
        function.name: {ast.unparse(call.func) for call in ast.walk(function) if isinstance(call, ast.Call)}
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef)
    }
    for helper in [name for name in by_function if name.startswith("_")]:
        for caller, called in calls.items():
            if helper in called:
                by_function.setdefault(caller, set()).update(by_function[helper])
    return by_function, unknown


def query_params_of(route: Route) -> set[str]:
    if route.name in DJANGO_VIEW_PARAMS:
        return DJANGO_VIEW_PARAMS[route.name]
    by_function, _unknown = params_read_by_module(route.view_module)
    return by_function.get(route.view_name, set())


# What each route's view reads, as the walk below finds it. The fuzz tests use what the walk finds; this list makes a
# new parameter fail here by name, so that whoever adds it looks at how it is read (`orebro_portal.lib.params`).
EXPECTED_QUERY_PARAMS = {
    "meetings:body_detail": {"ar"},
    "meetings:person_list": {"datum", "organ", "parti", "tidigare"},
    "meetings:person_detail": {"ar"},
    "meetings:meeting_list": {"ar", "arendelista", "manad", "ordning", "organ", "sida"},
    "meetings:case_list": {"ar", "organ", "sida", "status"},
    "meetings:notice_archive": {"ar", "q", "sida", "typ"},
    "budget:compare": {"enhet", "fran", "till"},
    "budget:compare_download": {"enhet", "fran", "till"},
    "goals:indicators": {"bedomning", "malomrade", "organ"},
    "goals:platform": {"omrade", "status"},
    "reports:detail": {"pdf"},
    "search:search": {"ar", "organ", "q", "sida", "typ"},
    "staff:meeting_create": {"organ"},
    "staff:document_create": {"arende"},
    "staff:person_list": {"q", "sida"},
    "staff:dashboard": {"ar", "organ", "q", "sida"},
    "staff:notice_list": {"sida"},
    "staff:delegation_create": {"organ"},
    "staff:other_notice_create": {"organ"},
    "budget_staff:code_history": {"sida"},
    "goals_staff:indicator_history": {"sida"},
    "goals_staff:commitments": {"omrade", "status"},
    "goals_staff:commitment_update_add": {"agenda_items", "comment", "csrfmiddlewaretoken", "date", "sok", "status"},
    "goals_staff:commitment_update_edit": {"agenda_items", "comment", "csrfmiddlewaretoken", "date", "sok", "status"},
    "login": {"next"},
    "logout": {"next"},
}


def test_every_query_parameter_a_view_reads_is_known():
    modules = sorted({route.view_module for route in ROUTES if not route.view_module.startswith("django.")})
    unknown = [line for module in modules for line in params_read_by_module(module)[1]]
    assert not unknown, "request.GET read in a way the fuzz test does not follow; teach _classify:\n" + "\n".join(
        unknown
    )
    found = {route.name: names for route in ROUTES if (names := query_params_of(route))}
    changed = {
        name: {"read": sorted(found.get(name, set())), "listed": sorted(EXPECTED_QUERY_PARAMS.get(name, set()))}
        for name in found.keys() | EXPECTED_QUERY_PARAMS.keys()
        if found.get(name) != EXPECTED_QUERY_PARAMS.get(name)
    }
    assert not changed, f"query parameters read differ from EXPECTED_QUERY_PARAMS: {changed}"


# --- The world the routes are filled from --------------------------------------------------------------------------


@pytest.fixture
def real(db) -> dict[str, dict[str, object]]:
    """Real values for the parameters of each route that needs them: one with several parameters (the hostile value
    goes into one, the others lead the view as far as it goes) or one that reads the query string."""
    body = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    meeting = MeetingFactory(body=body, start=local(2024, 3, 4), agenda_published_at=timezone.now())
    item = AgendaItemFactory(meeting=meeting)
    document = make_document(title="Tjänsteskrivelse", agenda_item=item)
    protocol = posted_protocol(posted_on=dt.date(2024, 3, 11), meeting=meeting)
    ProtocolParagraphFactory(protocol=protocol, agenda_item=item)
    SubscriptionFactory(body=body)
    PersonFactory(slug="anna-berg")
    unit = UnitFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    code = ResponsibilityCodeFactory(unit=unit, code="KLC")
    ledger_line(year=2024, code=code, group="5", outcome=-3_170_000, budget=-4_134_000)
    LedgerImport.objects.create(filename="huvudbok.csv")
    goal_area = GoalAreaFactory()
    indicator = IndicatorFactory(owner=body)
    indicator.goal_areas.add(goal_area)
    indicator_values(indicator, T={2023: "4.4", 2024: "3.8"})
    commitment = CommitmentFactory()
    update = CommitmentUpdate.objects.create(
        commitment=commitment, date=dt.date(2024, 3, 4), status=CommitmentStatus.NOT_STARTED
    )
    report = AnnualReportFactory(body=body, year=2021)
    SectionFactory(report=report)
    notice = NoticeFactory(body=body, file=ContentFile(make_pdf("Granskningshandling"), name="plan.pdf"))
    ks_year = {"body": body.slug, "year": 2021}
    budget = {"year": 2024, "unit": unit.slug}
    return {
        "meetings:body_detail": {"slug": body.slug},
        "meetings:person_detail": {"slug": "anna-berg"},
        "meetings:person_calendar": {"slug": "anna-berg"},
        "meetings:protocol_version": {"pk": meeting.pk, "version": protocol.version},
        "meetings:protocol_pdf": {"pk": meeting.pk, "version": protocol.version},
        "meetings:document_download": {"pk": document.pk, "filename": document.filename},
        "meetings:notice_file": {"pk": notice.pk, "filename": PublicNotice(notice).filename},
        "budget:compare_download": {"fmt": "csv"},
        "budget:year_download": {"year": 2024, "fmt": "csv"},
        "budget:unit": budget,
        "budget:unit_download": {**budget, "table": "ansvar", "fmt": "csv"},
        "budget:code": {**budget, "code": code.code},
        "budget:code_download": {**budget, "code": code.code, "fmt": "csv"},
        "budget_staff:grid": budget,
        "budget_staff:code_history": {"code": code.code},
        "reports:detail": ks_year,
        "reports:pdf": ks_year,
        "reports:pdf_status": ks_year,
        "staff:document_create": {"pk": meeting.pk},
        "goals_staff:indicator_history": {"slug": indicator.slug},
        "goals_staff:commitment_update_add": {"pk": commitment.pk},
        "goals_staff:commitment_update_edit": {"pk": update.pk},
    }


ROLES = ["anonymous", "administrator"]


@pytest.fixture
def clients(real) -> dict[str, Client]:
    anonymous, admin = Client(raise_request_exception=False), Client(raise_request_exception=False)
    admin.force_login(administrator())
    return {"anonymous": anonymous, "administrator": admin}


def _server_error(client: Client, url: str) -> str | None:
    response = client.get(url)
    if response.status_code < 500:
        return None
    exc_info = getattr(response, "exc_info", None)
    return f"{response.status_code} {url[:200]!r}: {exc_info[1]!r}" if exc_info else f"{response.status_code} {url!r}"


def test_the_world_has_real_values_for_every_route_that_needs_them(real):
    missing = [
        f"{route} {route.route}"
        for route in ROUTES
        if route.params
        and (len(route.params) > 1 or query_params_of(route))
        and set(real.get(route.name, {})) != set(route.params)
    ]
    assert not missing, "add real values for these routes to the fixture `real`:\n" + "\n".join(missing)


def _swept(role: str) -> list[Route]:
    """The anonymous visitor is sent to every route; the administrator to those that check who is asking (the staff
    routes, where the administrator passes every gate and the views read their parameters). A public page renders
    the same for both but for the header's link to the staff pages."""
    if role == "anonymous":
        return ROUTES
    return [route for route in ROUTES if route.name.split(":")[0] in STAFF_NAMESPACES]


STAFF_NAMESPACES = {"staff", "budget_staff", "goals_staff", "reports_staff", "staff_home", "login", "logout"}


@pytest.mark.parametrize("role", ROLES)
def test_hostile_path_values_never_give_a_server_error(real, clients, role):
    """Every parameter of every route gets every hostile value, the route's other parameters being real."""
    client = clients[role]
    errors = []
    for route in _swept(role):
        for param in route.params:
            for value in HOSTILE:
                values = {**real.get(route.name, {name: "1" for name in route.params}), param: value}
                errors.append(_server_error(client, route.url(values)))
    errors = [error for error in errors if error]
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors)


# The value a parameter has while another one is fuzzed: present, so that a view reads what it reads only with it
# (the search runs only with `q`; a status update's GET fields only with `sok`), and otherwise empty.
COMPANION = {"q": "budget", "sok": "budget"}
# Present, it steers the view elsewhere (a redirect to the address without it): fuzzed alone, never a companion.
NEVER_COMPANION = {"csrfmiddlewaretoken"}


@pytest.mark.parametrize("role", ROLES)
def test_hostile_query_values_never_give_a_server_error(real, clients, role):
    """Every query parameter every view reads gets every hostile value, the view's other parameters present, on the
    route's real path."""
    client = clients[role]
    errors = []
    for route in _swept(role):
        names = sorted(query_params_of(route))
        if not names:
            continue
        path = route.url(real.get(route.name, {}))
        for name in names:
            others = {other: COMPANION.get(other, "") for other in names if other not in NEVER_COMPANION | {name}}
            for value in HOSTILE:
                errors.append(_server_error(client, f"{path}?{urlencode({**others, name: value})}"))
    errors = [error for error in errors if error]
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors)


_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
_VALUES = st.one_of(st.sampled_from(HOSTILE + MORE), _TEXT, st.integers(-(10**25), 10**25).map(str))
_WITH_PARAMS = [route for route in ROUTES if route.params]
_WITH_QUERY = [(route, name) for route in ROUTES for name in sorted(query_params_of(route))]


@pytest.mark.parametrize("role", ROLES)
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_values_never_give_a_server_error(real, clients, role, data):
    """Hypothesis: one generated path value and a few generated query values at once, on a drawn route."""
    client = clients[role]
    route = data.draw(st.sampled_from(_WITH_PARAMS), label="route")
    param = data.draw(st.sampled_from(route.params), label="param")
    values = {**real.get(route.name, {name: "1" for name in route.params}), param: data.draw(_VALUES, label="value")}
    assert _server_error(client, route.url(values)) is None
    query_route, _name = data.draw(st.sampled_from(_WITH_QUERY), label="query route")
    names = sorted(query_params_of(query_route))
    query = data.draw(st.dictionaries(st.sampled_from(names), _VALUES, min_size=1, max_size=3), label="query")
    path = query_route.url(real.get(query_route.name, {}))
    assert _server_error(client, f"{path}?{urlencode(query)}") is None


# --- /api/: what Schemathesis does not reliably generate -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "①", "٢٠٢٤", "\x00", "99999999999999999999999", "-1", "0001", "9999"])
def test_the_api_s_filters_take_unicode_digits_and_nul_without_a_server_error(value):
    """Schemathesis draws values that fit the schema (and some that do not) at random: these are asked for every
    filter of every list."""
    from api.urls import router

    client = Client(raise_request_exception=False)
    errors = []
    for prefix, viewset, _basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        names = ["page", "page_size", "format", *(filterset.base_filters if filterset else [])]
        for name in names:
            response = client.get(f"/api/v1/{prefix}/?{urlencode({name: value})}")
            if response.status_code >= 500:
                errors.append(f"{response.status_code} /api/v1/{prefix}/?{name}={value!r}")
        response = client.get(f"/api/v1/{prefix}/{quote(value, safe='')}/")
        if response.status_code >= 500:
            errors.append(f"{response.status_code} /api/v1/{prefix}/{value!r}/")
    assert not errors, "\n".join(errors)
