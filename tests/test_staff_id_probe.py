"""Every staff URL, probed with the ids of another body's hidden objects: nothing of them shows, nothing is stored.

A user who is staff of Kulturnämnden in every role (secretary, controller, analyst, budget controller of its unit)
walks every URL of the staff namespaces (`staff`, `budget_staff`, `goals_staff`, `reports_staff`, and
`staff_home`), read from the URLconf so that a new page is probed the day it is added. For each view, every
parameter that carries an id or a slug is given, in the query string (GET) and in the form (POST), the ids of
Valnämnden's secret agenda item, its item on an agenda not yet published, its unpublished document, its draft
protocol, etc. Then no title, case number or masked name of those objects may appear anywhere in the response
(after following redirects, so flashed messages count), and nothing may be stored beyond what the same request
without that parameter stores.

Which parameters carry ids is derived, not listed by hand, where it can be: the model choice fields of every form
and filter the view renders. The parameters a view reads itself (`request.GET.get("arende")`) are recorded while
the walk runs and must each be declared in `RAW_PARAMS` with what they carry: a new one fails
`test_every_parameter_a_staff_view_reads_is_declared` by name.
"""

from __future__ import annotations

import datetime as dt
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from budget.models import FiscalYear, LedgerImport, Unit, UnitController
from goals.models import CommitmentStatus, CommitmentUpdate, PolicyArea
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
    Proposal,
    Protocol,
    ProtocolParagraph,
    Statement,
    Vote,
)
from tests.factories import (
    AgendaItemFactory,
    AnnualReportFactory,
    BodyFactory,
    CommitmentFactory,
    IndicatorFactory,
    MeetingFactory,
    MembershipFactory,
    NoticeFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    ResponsibilityCodeFactory,
    SectionFactory,
    UnitFactory,
    UserFactory,
    ledger_line,
    local,
    make_document,
    make_pdf,
)
from tests.permissions import staff_url, url_leaves

pytestmark = pytest.mark.django_db

NAMESPACES = ("staff", "budget_staff", "goals_staff", "reports_staff")
TOP_LEVEL_STAFF_URLS = ("staff_home",)
ROOT = Path(__file__).resolve().parent.parent

# Distinctive strings, so that finding one anywhere in a response can only mean it leaked.
SECRET_ITEM_TITLE = "Avskedande av Zyxwå Qvarnbeck"
SECRET_ITEM_CASE = "Vn 913/2024"
UNPUBLISHED_ITEM_TITLE = "Förvärv av fastigheten Xylofon 7"
UNPUBLISHED_DOCUMENT_TITLE = "Utkast till Pryxlund-avtalet"
SECRET_ITEM_DOCUMENT_TITLE = "Utredning om Wrobbelgatan"
MASKED_NAME = "Gunnel Hemligsson"
DRAFT_PARAGRAPH_TITLE = "Förlikning med Jorvikbolaget"
BECAME_SECRET_TITLE = "Skadestånd till Brynfeldt"
SECRET_NOTICE_TITLE = "Parkeringstillstånd för Grumbelvägen"
HIDDEN = (
    SECRET_ITEM_TITLE,
    SECRET_ITEM_CASE,
    UNPUBLISHED_ITEM_TITLE,
    UNPUBLISHED_DOCUMENT_TITLE,
    SECRET_ITEM_DOCUMENT_TITLE,
    MASKED_NAME,
    DRAFT_PARAGRAPH_TITLE,
    BECAME_SECRET_TITLE,
    SECRET_NOTICE_TITLE,
)

# What a parameter that a staff view reads itself (not through a form) carries: (model, field) for an id or a
# slug, None for anything else. Every one read anywhere must be here.
RAW_PARAMS: dict[str, tuple[type, str] | None] = {
    "organ": (Body, "slug"),  # meeting_create: the body to create the meeting for
    "arende": (AgendaItem, "pk"),  # document_create: the item the document belongs to
    "agenda_items": (AgendaItem, "pk"),  # commitment update form: the chosen decisions, carried by its search
    "sok": None,  # commitment update form: the search text
    "date": None,  # commitment update form: the typed values, carried by its search
    "status": None,
    "comment": None,
    "csrfmiddlewaretoken": None,  # dropped from the address by the commitment search
    "sida": None,  # page number of a history
    "direction": None,  # item_move: up or down
    "another": None,  # item_create: "save and add another"
    "action": None,  # indicator import: confirm or cancel
    "token": None,  # indicator import: the preview's token
}


# --- the world --------------------------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    own = BodyFactory(name="Kulturnämnden", slug="kulturnamnden")
    other = BodyFactory(name="Valnämnden", slug="valnamnden")

    # Valnämnden's hidden things, and one public item with a masked name.
    published = MeetingFactory(body=other)
    published.agenda_published_at = published.start
    published.save()
    secret_item = AgendaItemFactory(
        meeting=published, title=SECRET_ITEM_TITLE, case_number=SECRET_ITEM_CASE, is_public=False
    )
    masked_item = AgendaItemFactory(meeting=published, title=f"Bidrag till [[{MASKED_NAME}]]")
    became_secret = AgendaItemFactory(meeting=published, title=BECAME_SECRET_TITLE)
    unpublished = MeetingFactory(body=other, agenda_published_at=None)
    unpublished_item = AgendaItemFactory(meeting=unpublished, title=UNPUBLISHED_ITEM_TITLE)
    unpublished_document = make_document(title=UNPUBLISHED_DOCUMENT_TITLE, agenda_item=masked_item)
    unpublished_document.is_published = False
    unpublished_document.save()
    secret_item_document = make_document(title=SECRET_ITEM_DOCUMENT_TITLE, agenda_item=secret_item)
    draft = ProtocolFactory(meeting=published)
    draft_paragraph = ProtocolParagraphFactory(protocol=draft, title=DRAFT_PARAGRAPH_TITLE, agenda_item=secret_item)

    # Kulturnämnden's own things, which the URLs' path parameters point at.
    # A fixed day in the past: the factory's dates run on with every meeting made before in the run, into the future,
    # where a status update may not be dated.
    meeting = MeetingFactory(body=own, start=local(2024, 5, 13, 9, 0))
    meeting.agenda_published_at = meeting.start
    meeting.save()
    item = AgendaItemFactory(meeting=meeting, title="Kulturstipendier 2024")
    document = make_document(title="Tjänsteskrivelse om stipendier", agenda_item=item)
    protocol = ProtocolFactory(meeting=meeting)
    paragraph = ProtocolParagraphFactory(protocol=protocol, agenda_item=item)
    unit = UnitFactory(name="Kulturförvaltningen", slug="kulturforvaltningen")
    code = ResponsibilityCodeFactory(code="KUL", name="Kultur", unit=unit)
    ledger_line(year=2021, code=code, group="5", outcome=-1_000_000, budget=-1_100_000)
    FiscalYear.objects.get_or_create(year=2021)
    indicator = IndicatorFactory(name="Besök på biblioteken", slug="biblioteksbesok", owner=own)
    commitment = CommitmentFactory(text="Ett kulturhus i varje stadsdel")
    from goals.services.commitments import commitment_update_create

    update = commitment_update_create(
        commitment=commitment,
        date=meeting.start.date(),
        status=CommitmentStatus.IN_PROGRESS,
        comment="",
        agenda_items=[item, became_secret],
        user=None,
    )
    became_secret.is_public = False
    became_secret.save()
    report = AnnualReportFactory(body=own, year=2021)
    section = SectionFactory(report=report)
    membership = MembershipFactory(body=own, start=dt.date(2024, 1, 1), end=None)
    person, party = membership.person, membership.party
    proposal = Proposal.objects.create(paragraph=paragraph, membership=membership, text="Bifall till förslaget")
    vote = Vote.objects.create(paragraph=paragraph, question="Ja för förslaget", yes_count=0, no_count=0)
    statement = Statement.objects.create(
        paragraph=paragraph, membership=membership, kind=Statement.Kind.NOTE, text="Anteckning"
    )

    user = UserFactory(username="kulturstab")
    for role in (Assignment.Role.SECRETARY, Assignment.Role.CONTROLLER, Assignment.Role.ANALYST):
        Assignment.objects.create(user=user, body=own, role=role)
    UnitController.objects.create(user=user, unit=unit)
    ledger_import = LedgerImport.objects.create(
        filename="bokslut-2021.csv", created_by=user, status=LedgerImport.Status.PREVIEW, row_count=0, preview={}
    )

    objects = {
        "meeting": meeting,
        "item": item,
        "document": document,
        "protocol": protocol,
        "paragraph": paragraph,
        "membership": membership,
        "proposal": proposal,
        "vote": vote,
        "statement": statement,
        # Not posted yet, so it may still be withdrawn (notice_delete).
        "notice": NoticeFactory(body=own, posted_on=timezone.localdate() + dt.timedelta(days=7)),
    }
    staff_route_object = {
        "sammantraden": "meeting",
        "arenden": "item",
        "dokument": "document",
        "protokoll": "protocol",
        "justera": "protocol",
        "paragrafer": "paragraph",
        "uppdrag": "membership",
        "yrkanden": "proposal",
        "omrostningar": "vote",
        "reservationer-och-anteckningar": "statement",
        "anslag": "notice",
    }
    by_body = {"slug": own.slug}
    by_person = {"pk": person.pk}
    kwargs = {
        "staff": {
            pattern.name: {"pk": objects[staff_route_object[str(pattern.pattern).split("/", 1)[0]]].pk}
            for _, pattern in staff_patterns()
            if "<int:pk>" in str(pattern.pattern) and str(pattern.pattern).split("/", 1)[0] in staff_route_object
        }
        | {name: by_person for name in ("person_edit", "person_account", "person_history")}
        | {name: by_body for name in ("roster", "membership_create", "member_import", "roster_history")}
        | {"party_edit": {"pk": party.pk}},
        "budget_staff": {
            "grid": {"year": 2021, "unit": unit.slug},
            "year_close": {"year": 2021},
            "code_history": {"code": code.code},
            "code_edit": {"code": code.code},
            "publish": {"year": 2021},
            "import_detail": {"pk": ledger_import.pk},
            "import_confirm": {"pk": ledger_import.pk},
            "import_discard": {"pk": ledger_import.pk},
        },
        "goals_staff": {
            "indicator_values": {"slug": indicator.slug},
            "indicator_history": {"slug": indicator.slug},
            "commitment_update_add": {"pk": commitment.pk},
            "commitment_update_edit": {"pk": update.pk},
        },
        "reports_staff": {
            "edit": {"pk": report.pk},
            "preview": {"pk": report.pk},
            "pdf_request": {"pk": report.pk},
            "adopt": {"pk": report.pk},
            "section_edit": {"pk": section.pk},
        },
    }
    # The ids to probe with: Valnämnden, its meetings, its hidden things, and its public item with a masked name.
    hostile = {
        AgendaItem: [secret_item, unpublished_item, masked_item, became_secret],
        Meeting: [published, unpublished],
        Body: [other],
        Document: [unpublished_document, secret_item_document],
        Protocol: [draft],
        ProtocolParagraph: [draft_paragraph],
        PolicyArea: [],  # policy areas are public, all of them: nothing to hide
        # Valnämnden's roster: public, but no form of Kulturnämnden's may take its memberships.
        Membership: [other_membership := MembershipFactory(body=other, start=dt.date(2024, 1, 1), end=None)],
        Person: [other_membership.person],
        Party: [],  # parties are public, all of them
        get_user_model(): [],  # linking an account is for administrators, whom the probe is not
        Unit: [UnitFactory(name="Valnämndens kansli", slug="valnamndens-kansli")],  # another controller's unit
        # Valnämnden's delegation decision, not yet on the board.
        Notice: [
            NoticeFactory(
                body=other,
                kind=Notice.Kind.DELEGATION,
                title=SECRET_NOTICE_TITLE,
                decided_on=timezone.localdate(),
                posted_on=timezone.localdate() + dt.timedelta(days=7),
            )
        ],
    }
    # A status update may link the public item (its title is shown masked); nothing else probed may be referred to
    # by a new row or changed.
    linkable = [masked_item]
    untouchable = {model: [obj for obj in objs if obj not in linkable] for model, objs in hostile.items()}
    base_post = {
        ("staff", "meeting_create"): {"body": own.pk, "day": "2024-09-03", "start_time": "14:15"},
        ("staff", "item_create"): {"number": "9", "title": "Nytt ärende", "is_public": "on"},
        ("staff", "document_create"): {"title": "Bilaga", "kind": Document.Kind.ATTACHMENT, "is_published": "on"},
        ("staff", "paragraph_create"): {"number": "9", "title": "Ny paragraf", "is_public": "on"},
        ("staff", "paragraph_edit"): {"number": paragraph.number, "title": "Ändrad paragraf", "is_public": "on"},
        ("goals_staff", "commitment_update_add"): {"date": "2024-05-14", "status": "in_progress", "comment": "x"},
        ("goals_staff", "commitment_update_edit"): {"date": "2024-05-14", "status": "done", "comment": "y"},
    }
    return {
        "user": user,
        "other": other,
        "kwargs": kwargs,
        "hostile": hostile,
        "untouchable": untouchable,
        "linkable": linkable,
        "base_post": base_post,
    }


def staff_patterns() -> list[tuple[str, URLPattern]]:
    """(namespace, pattern) of every staff URL, read from the root URLconf."""
    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in NAMESPACES:
            found += [(entry.namespace, p) for p in url_leaves(entry.url_patterns)]
        elif isinstance(entry, URLPattern) and entry.name in TOP_LEVEL_STAFF_URLS:
            found.append(("", entry))
    return found


def url_of(world, namespace: str, pattern: URLPattern) -> str:
    if not namespace:
        return reverse(pattern.name)
    return staff_url(namespace, pattern, world["kwargs"][namespace])


def post_data(world, namespace: str, name: str) -> dict:
    """What the probe posts besides the id: enough for the view's form to be valid otherwise. Never empty: a view
    that binds its form with `request.POST or None` would take an empty post for a GET, and the plain post would
    then not be the probe's control."""
    data = {"probe": "1", **world["base_post"].get((namespace, name), {})}
    if (namespace, name) == ("staff", "document_create"):
        data["file"] = SimpleUploadedFile("bilaga.pdf", make_pdf("Bilaga"), content_type="application/pdf")
    return data


# --- recording what views read ------------------------------------------------------------------------------------

_reads: list[str] | None = None
_ORIGINAL = {name: getattr(QueryDict, name) for name in ("get", "getlist", "__getitem__", "__contains__")}


def _is_raw_read(frame) -> bool:
    """A read by project code that is not a form reading its own fields nor the middleware checking every value."""
    filename = frame.f_code.co_filename
    if not filename.startswith(str(ROOT)) or "/.venv/" in filename or filename.endswith("middleware.py"):
        return False
    return not isinstance(frame.f_locals.get("self"), forms.BaseForm)


def _recording(name):
    original = _ORIGINAL[name]

    def read(self, key, *args, **kwargs):
        if _reads is not None and _is_raw_read(sys._getframe(1)):
            _reads.append(key)
        return original(self, key, *args, **kwargs)

    return read


@pytest.fixture
def recorder(monkeypatch):
    for name in _ORIGINAL:
        monkeypatch.setattr(QueryDict, name, _recording(name))


@contextmanager
def recorded():
    global _reads
    _reads = []
    try:
        yield _reads
    finally:
        _reads = None


# --- requests, each undone afterwards -------------------------------------------------------------------------------

COUNTED = [model for model in apps.get_models(include_auto_created=True) if model is not Session]
# (model, foreign key) of every relation to a model whose objects may be hidden: who refers to them.
REFERRING = [
    (model, field)
    for model in COUNTED
    for field in model._meta.concrete_fields
    if field.is_relation
    and field.related_model in (AgendaItem, Meeting, Body, Document, Protocol, ProtocolParagraph)
    # A historical record of a row keeps the links it had (an update saved while linked to an item made secret since):
    # that is the past, not a new link; a new link shows in the table itself.
    and not model.__name__.startswith("Historical")
]


def _counts() -> dict[str, int]:
    """The number of rows of every table, in one query."""
    tables = [model._meta.db_table for model in COUNTED]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f'(SELECT COUNT(*) FROM "{table}")' for table in tables))
        return dict(zip([model._meta.label for model in COUNTED], cursor.fetchone(), strict=True))


def _references(untouchable: dict) -> set:
    """Every row that refers to one of the untouchable objects, and their own values."""
    rows = set()
    for model, field in REFERRING:
        targets = untouchable.get(field.related_model)
        if targets:
            matching = model._default_manager.filter(**{f"{field.attname}__in": [t.pk for t in targets]})
            rows |= {(model._meta.label, field.name, pk) for pk in matching.values_list("pk", flat=True)}
    for model, objects in untouchable.items():
        rows |= {
            (model._meta.label, repr(sorted(row.items())))
            for row in model._default_manager.filter(pk__in=[o.pk for o in objects]).values()
        }
    return rows


def send(client, method: str, url: str, data: dict, *, world: dict, follow: bool = True):
    """The response and what the request stored (model label → rows added or removed), the request undone after,
    so that every probe starts from the same world. Fails if a row now refers to a hidden object, or a hidden
    object changed (a link to one may be removed: saving a status update unlinks an item made secret since)."""
    with transaction.atomic():
        before, references = _counts(), _references(world["untouchable"])
        response = getattr(client, method)(url, data, follow=follow)
        after = _counts()
        new = _references(world["untouchable"]) - references
        assert not new, f"{method.upper()} {url} {data}: {sorted(new)}"
        transaction.set_rollback(True)
    stored = {label: after[label] - before[label] for label in before if after[label] != before[label]}
    return response, stored


def id_fields_of(response) -> dict[str, tuple[type, str]]:
    """The model choice fields of the forms and filters the response rendered: name → (model, field)."""
    fields = {}
    for context in response.context or []:
        for value in context.flatten().values():
            form = getattr(value, "form", value)  # a FilterSet carries its form
            if isinstance(form, forms.BaseForm):
                for name, field in form.fields.items():
                    if isinstance(field, forms.ModelChoiceField):
                        fields[form.add_prefix(name)] = (field.queryset.model, field.to_field_name or "pk")
    return fields


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def assert_reveals_nothing(response, what: str, other_body_name: str | None, baseline: str) -> None:
    html = text_of(response)
    assert response.status_code < 500, what
    leaked = [hidden for hidden in HIDDEN if hidden in html]
    assert not leaked, f"{what} shows {leaked}"
    if other_body_name:
        # The other body is public, but this user's staff pages have no business offering it, or one of its
        # meetings, where they did not already (a public agenda item of it may be linked: it is named then).
        assert html.count(other_body_name) <= baseline.count(other_body_name), f"{what} shows the other body"


# --- the tests ----------------------------------------------------------------------------------------------------


def test_the_walk_covers_every_staff_namespace():
    namespaces = {namespace for namespace, _ in staff_patterns()}
    assert namespaces == {*NAMESPACES, ""}
    assert len(staff_patterns()) > 40


@pytest.mark.parametrize(("namespace", "pattern"), staff_patterns(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_ids_of_another_bodys_hidden_objects_reveal_nothing(client, world, recorder, namespace, pattern):
    client.force_login(world["user"])
    hostile = world["hostile"]
    url = url_of(world, namespace, pattern)
    name = f"{namespace}:{pattern.name}"
    # Every declared parameter that is no id, present (empty), so the views' modes that depend on them run too.
    switches = {param: "" for param, carries in RAW_PARAMS.items() if carries is None and param != "sok"}

    with recorded() as reads:
        plain_get, _ = send(client, "get", url, {}, world=world, follow=False)
        search_get, _ = send(client, "get", url, {"sok": ""}, world=world, follow=False)
        plain_post, control_stored = send(
            client, "post", url, post_data(world, namespace, pattern.name), world=world, follow=False
        )
    undeclared = sorted(set(reads) - set(RAW_PARAMS))
    assert not undeclared, f"{name} reads {undeclared}: declare what they carry in RAW_PARAMS"

    id_params = {**id_fields_of(plain_get), **id_fields_of(search_get), **id_fields_of(plain_post)}
    id_params |= {param: carries for param, carries in RAW_PARAMS.items() if carries and param in reads}
    for param, (model, _field) in id_params.items():
        assert model in hostile, f"{name}: {param} carries {model.__name__}: add its hidden objects to `hostile`"

    baselines = {
        method: text_of(send(client, method, url, data, world=world)[0])
        for method, data in (("get", {"sok": ""}), ("post", post_data(world, namespace, pattern.name)))
    }
    for param, (model, field) in sorted(id_params.items(), key=lambda pair: pair[0]):
        for obj in hostile[model]:
            value = str(getattr(obj, field))
            what = f"{name} with {param}={value} ({model.__name__} {obj.pk})"
            other_name = world["other"].name if model in (Body, Meeting) else None
            for query in ({param: value}, {param: value, "sok": "", **switches})[: 2 if "sok" in reads else 1]:
                response, _ = send(client, "get", url, query, world=world)
                assert_reveals_nothing(response, f"GET {what}", other_name, baselines["get"])
            if plain_post.status_code == 405:
                continue
            response, stored = send(
                client, "post", url, {**post_data(world, namespace, pattern.name), param: value}, world=world
            )
            assert_reveals_nothing(response, f"POST {what}", other_name, baselines["post"])
            if obj in world["linkable"]:
                continue  # a public item may be linked: storing the link is the form's job
            beyond = {label: n for label, n in stored.items() if control_stored.get(label) != n}
            assert not beyond, f"POST {what} stored {beyond}, which the same post without it does not"


def test_every_parameter_a_staff_view_reads_is_declared(client, world, recorder):
    """The walk above fails per URL; this one lists every parameter read, so the declaration stays complete."""
    client.force_login(world["user"])
    everything = {param: "" for param in RAW_PARAMS}
    read = set()
    for namespace, pattern in staff_patterns():
        url = url_of(world, namespace, pattern)
        with recorded() as reads:
            for method, data in (("get", {}), ("get", everything), ("post", post_data(world, namespace, pattern.name))):
                send(client, method, url, data, world=world, follow=False)
        read |= set(reads)
    assert read - set(RAW_PARAMS) == set()
    # The ids among them are the ones probed above; they are still read somewhere (or the declaration is stale).
    assert {"organ", "arende", "agenda_items"} <= read


def test_the_commitment_form_with_a_hidden_id_stores_no_update(client, world):
    """The probe's "nothing stored beyond the plain post" allows a stored update; here none may be."""
    client.force_login(world["user"])
    add = url_of(world, "goals_staff", next(p for ns, p in staff_patterns() if p.name == "commitment_update_add"))
    secret = world["hostile"][AgendaItem][0]
    before = CommitmentUpdate.objects.count()
    response = client.post(
        add, {**world["base_post"][("goals_staff", "commitment_update_add")], "agenda_items": [secret.pk]}
    )
    assert response.status_code == 200
    assert "Ett av de valda besluten kan inte kopplas" in response.content.decode()
    assert CommitmentUpdate.objects.count() == before
