"""The public projection itself: that it classifies every text field of every model the public sees, exposes only
what it declares, masks every text and keeps secrets secret."""

import importlib

import pytest
from django.apps import apps
from django.core.validators import RegexValidator
from django.db import models
from django.template import Context, Template, TemplateSyntaxError

from meetings.masking import MaskKind
from meetings.models import AgendaItem, Body, Document, Meeting, ProtocolParagraph
from meetings.public import (
    NotPublic,
    Projection,
    PublicAgendaItem,
    PublicDocument,
    PublicMeeting,
    PublicParagraph,
    PublicProtocol,
    PublicText,
    project,
)

PUBLIC_APPS = ("meetings", "goals", "reports", "budget")

# Models of those apps that no public surface shows, and why. A new model must be added here or get a projection.
NEVER_PUBLIC = {
    "meetings.Assignment": "who has which staff role",
    "meetings.Subscription": "a citizen's e-mail address",
    "meetings.AlertLimitEvent": "keyed digests of addresses, counting the alert form's use",
    "reports.ReportPdf": "a rendered file and its state, no staff text",
    "reports.Block": "generated data from the books and the goals, shown through the report's projection",
    "budget.FiscalYear": "a year, its status (a choice) and when it was closed: no staff text",
    "budget.UnitController": "who may enter a unit's figures (a staff role)",
    "budget.LedgerImport": "an uploaded file, its preview and messages: staff only",
    "budget.FigureChange": "the audit trail of the figures, who changed what: staff only",
    "budget.LedgerLine": "the controllers' draft of the figures: the public sees PublishedLedgerLine, the copy a "
    "publication made",
    "budget.StagedLedgerLine": "lines an import's preview read from a file, until applied or discarded: staff only",
}


def _projection_modules():
    for app in PUBLIC_APPS:
        try:
            yield importlib.import_module(f"{app}.public")
        except ModuleNotFoundError:
            continue


def _projections() -> list[type[Projection]]:
    found: dict[type, None] = {}
    for module in _projection_modules():
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Projection) and value is not Projection:
                found[value] = None
    return list(found)


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


def _safe_as_stored(field: models.Field) -> bool:
    """Fields no one can fill with free text: set by the portal itself (a checksum, a content type), or validated
    to a shape (slugs, e-mail addresses, codes with a pattern)."""
    return (
        not field.editable
        or isinstance(field, models.SlugField | models.EmailField)
        or any(isinstance(validator, RegexValidator) for validator in field.validators)
    )


@pytest.mark.parametrize("projection", _projections(), ids=lambda cls: cls.__name__)
def test_every_text_field_of_a_projected_model_is_classified(projection):
    """A new field on a model the public sees must be masked (`texts`), or named as validated (`verbatim`) or as
    never shown (`hidden`); nothing is published as stored by default."""
    classified = {*projection.texts, *projection.lists, *projection.verbatim, *projection.hidden}
    for field in _text_fields(projection.model):
        if field.name in projection.fields:
            assert _safe_as_stored(field), f"{projection.__name__}: {field.name} is free text shown as stored"
        else:
            assert field.name in classified, f"{projection.__name__}: {field.name} is not classified"


def test_every_model_of_the_public_apps_has_a_projection_or_a_reason():
    projected = {f"{cls.model._meta.app_label}.{cls.model.__name__}" for cls in _projections()}
    for app in PUBLIC_APPS:
        for model in apps.get_app_config(app).get_models():
            label = f"{app}.{model.__name__}"
            if label in projected or model._meta.auto_created or hasattr(model, "instance_type"):  # history tables
                continue
            assert NEVER_PUBLIC.get(label), f"{label} has no public projection and no reason for not having one"


def test_no_declared_field_is_shadowed_by_an_attribute_of_the_projection():
    """A model field listed in `fields` whose name the projection class also defines (as `Projection.is_secret` is
    for a secret paragraph) would silently read the class's attribute instead of the stored value: a closed vote
    once read as open that way. The projection must expose such a field under another name."""
    for projection in _projections():
        model_fields = {field.name for field in projection.model._meta.get_fields()}
        for name in projection.fields:
            assert not (name in model_fields and hasattr(projection, name)), (
                f"{projection.__name__}.{name} is a field of {projection.model.__name__} shadowed by the projection"
            )


def test_verbatim_fields_are_validated():
    for projection in _projections():
        for name in projection.verbatim:
            field = projection.model._meta.get_field(name)
            assert field.validators or field.choices, f"{projection.__name__}.{name} is shown as stored unvalidated"


# --- behaviour -------------------------------------------------------------------------------------------------------


NUMBER = "811218-9876"


def _item(**fields) -> AgendaItem:
    defaults = dict(pk=7, meeting_id=3, position=1, number="1", title="Titel", proposal="", is_public=True)
    return AgendaItem(**{**defaults, **fields})


def test_a_projection_masks_its_texts_and_refuses_everything_else():
    item = PublicAgendaItem(_item(title=f"Ansökan från {NUMBER}", proposal="Till [[Anna Berg]]."))
    assert item.title == "Ansökan från [personnummer maskerat]"
    assert isinstance(item.title, PublicText)
    assert item.proposal == "Till [personuppgift maskerad]."
    with pytest.raises(NotPublic):
        item.history  # noqa: B018 — the access is the test


def test_a_template_reaching_past_the_projection_fails_instead_of_rendering_nothing():
    template = Template("{{ item.title }} {{ item.history }}")
    with pytest.raises(NotPublic):
        template.render(Context({"item": PublicAgendaItem(_item())}))
    with pytest.raises((NotPublic, TemplateSyntaxError)):
        Template("{% if item.meeting_raw %}x{% endif %}").render(Context({"item": PublicAgendaItem(_item())}))


def test_public_text_html_escapes_and_hides_the_content():
    text = PublicText(f"<b>{NUMBER}</b>\n\n[[Anna <i>Berg</i>]]")
    assert NUMBER not in text.html and "Anna" not in text.html
    assert "&lt;b&gt;" in text.html
    assert '<span class="masked masked--manual">[personuppgift maskerad]</span>' in text.html
    assert [(span.text, span.kind) for span in text.masked_spans] == [
        (NUMBER, MaskKind.IDENTITY),
        ("Anna <i>Berg</i>", MaskKind.MANUAL),
    ]


def test_a_secret_item_is_its_number_and_sekretessarende():
    item = PublicAgendaItem(
        _item(title=f"Hemligt {NUMBER}", proposal="Förslag", case_number="Ks 1/2024", is_public=False)
    )
    assert item.title == "Sekretessärende"
    assert item.proposal == ""
    assert item.case_number == ""
    assert item.documents == []
    assert item.number == "1"
    assert item.masked_spans() == []


def test_a_secret_paragraph_shows_nothing_but_its_number():
    paragraph = PublicParagraph(
        ProtocolParagraph(pk=1, number=12, title="Personalärende", decision=NUMBER, agenda_item_id=4, is_public=False)
    )
    assert (paragraph.number, paragraph.title, paragraph.decision, paragraph.agenda_item_id) == (
        12,
        "Sekretessärende",
        "",
        None,
    )


@pytest.mark.django_db
def test_unpublished_documents_and_unposted_protocols_have_no_projection():
    assert PublicDocument.of(Document(pk=1, title="x", is_published=False)) is None
    assert PublicDocument.of(Document(pk=1, title="x", is_published=True)) is not None
    assert project(PublicDocument, [Document(pk=1, is_published=False), Document(pk=2, is_published=True)]) == [
        PublicDocument(Document(pk=2, is_published=True))
    ]
    from tests.factories import ProtocolFactory

    assert PublicProtocol.of(ProtocolFactory()) is None


@pytest.mark.django_db
def test_a_meeting_without_a_published_agenda_shows_no_items_or_documents():
    meeting = PublicMeeting(Meeting(pk=1, place=f"Rum {NUMBER}", agenda_published_at=None))
    assert meeting.items == []
    assert meeting.documents == []
    assert meeting.place == "Rum [personnummer maskerat]"


@pytest.mark.django_db
def test_a_name_marked_once_in_a_protocol_is_masked_in_all_its_texts():
    from tests.factories import ProtocolFactory

    protocol = ProtocolFactory(members="Anna Berg (S)\nOla Ek (M)", chair="Ola Ek (M)")
    ProtocolParagraph.objects.create(protocol=protocol, number=1, title="Bygglov", matter="Från [[Anna Berg]].")
    ProtocolParagraph.objects.create(protocol=protocol, number=2, title="Anna Berg yttrar sig", decision="Bifall.")
    public = PublicProtocol(protocol)
    assert public.marked_names == ("Anna Berg",)
    assert public.members_list == ["[personuppgift maskerad] (S)", "Ola Ek (M)"]
    assert [p.title for p in public.paragraphs] == ["Bygglov", "[personuppgift maskerad] yttrar sig"]
    assert public.chair == "Ola Ek (M)"


def test_body_texts_are_masked_too():
    from meetings.public import PublicBody

    body = PublicBody(Body(pk=1, name="Nämnd", slug="namnd", description=f"Kontakt {NUMBER}"))
    assert body.description == "Kontakt [personnummer maskerat]"
    assert body.slug == "namnd"
