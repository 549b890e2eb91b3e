"""meetings.history: who changed what, read from django-simple-history, and the partial that shows it."""

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string

from meetings.history import history_entries
from meetings.models import AgendaItem, Meeting, ProtocolParagraph
from meetings.services import paragraph_delete, paragraph_update
from tests.factories import (
    STOCKHOLM,
    AgendaItemFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    UserFactory,
    secretary_of,
)

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0):
    return time_machine.travel(dt.datetime(2024, 5, 29, hour, minute, tzinfo=STOCKHOLM), tick=False)


@pytest.fixture
def paragraph():
    with at(9):
        return ProtocolParagraphFactory(number=12, title="Budget", decision="Att anta budgeten.")


@pytest.fixture
def karin(paragraph):
    return secretary_of(paragraph.protocol.meeting.body, username="karin", first_name="Karin", last_name="Lund")


def paragraph_history(paragraph):
    return ProtocolParagraph.history.filter(protocol=paragraph.protocol)


def test_editing_a_paragraph_shows_who_and_old_and_new_value(paragraph, karin):
    with at(10, 15):
        paragraph_update(paragraph=paragraph, decision="Att anta budgeten med ändringar.", user=karin)

    latest = history_entries(paragraph_history(paragraph))[0]

    assert latest.when == dt.datetime(2024, 5, 29, 10, 15, tzinfo=STOCKHOLM)
    assert latest.who == "Karin Lund"
    assert latest.action == "Ändrad"
    assert latest.object_label == "Paragraf § 12"
    assert latest.changes == [("Beslut", "Att anta budgeten.", "Att anta budgeten med ändringar.")]


def test_a_created_object_lists_its_filled_in_fields_and_who_is_the_system_without_a_user(paragraph):
    [created] = history_entries(paragraph_history(paragraph))
    assert (created.who, created.action) == ("Systemet", "Skapad")
    changes = dict((label, new) for label, old, new in created.changes)
    assert changes["Rubrik"] == "Budget"
    assert changes["Offentlig"] == "Ja"
    assert "Ärendet" not in changes  # empty
    assert all(old == "" for _, old, _ in created.changes)


def test_deleting_and_username_when_no_full_name(paragraph):
    user = UserFactory(username="olle", first_name="", last_name="")
    with at(11):
        paragraph_delete(paragraph=paragraph, user=user)
    latest = history_entries(paragraph_history(paragraph))[0]
    assert (latest.who, latest.action, latest.object_label) == ("olle", "Borttagen", "Paragraf § 12")


def test_a_changed_foreign_key_is_shown_by_name(paragraph, karin):
    item = AgendaItemFactory(meeting=paragraph.protocol.meeting, number="4", title="Budget 2025")
    with at(10):
        paragraph_update(paragraph=paragraph, agenda_item=item, user=karin)
    latest = history_entries(paragraph_history(paragraph))[0]
    assert latest.changes == [("Ärende på ärendelistan", "", "4. Budget 2025")]


def test_entries_of_several_kinds_are_merged_newest_first_and_limited(paragraph, karin):
    meeting = paragraph.protocol.meeting
    with at(10):
        AgendaItemFactory(meeting=meeting, number="3", title="Val")
    with at(11):
        paragraph_update(paragraph=paragraph, title="Budget 2025", user=karin)
    with at(12):
        meeting.place = "Rådhuset, sal 2"
        meeting.save()

    entries = history_entries(
        Meeting.history.filter(id=meeting.pk),
        AgendaItem.history.filter(meeting=meeting),
        paragraph_history(paragraph),
    )

    labels = [(e.object_label, e.action) for e in entries]
    assert labels[:3] == [("Sammanträdet", "Ändrad"), ("Paragraf § 12", "Ändrad"), ("Ärende 3", "Skapad")]
    # the fixture made the meeting and the paragraph in the same instant
    assert sorted(labels[3:]) == [("Paragraf § 12", "Skapad"), ("Sammanträdet", "Skapad")]
    assert entries[0].changes == [("Plats", "Rådhuset, sessionssalen", "Rådhuset, sal 2")]
    assert len(history_entries(Meeting.history.filter(id=meeting.pk), paragraph_history(paragraph), limit=2)) == 2


def test_a_save_that_changed_nothing_is_left_out(paragraph):
    with at(10):
        paragraph.save()
    assert [e.action for e in history_entries(paragraph_history(paragraph))] == ["Skapad"]


def test_labels_can_be_chosen_per_page(paragraph):
    [entry] = history_entries(paragraph_history(paragraph), labels={ProtocolParagraph: lambda r: f"§ {r.number} (v1)"})
    assert entry.object_label == "§ 12 (v1)"


def test_queries_do_not_grow_with_the_number_of_records(django_assert_max_num_queries):
    protocol = ProtocolFactory()
    users = [UserFactory() for _ in range(3)]
    paragraphs = [ProtocolParagraphFactory(protocol=protocol, number=n) for n in range(1, 11)]
    for round_ in range(3):
        for paragraph in paragraphs:
            paragraph_update(paragraph=paragraph, decision=f"Beslut {round_}.", user=users[round_])
    queryset = ProtocolParagraph.history.filter(protocol=protocol)
    # records with their users, the records before them, the agenda items and protocols the created ones point to
    with django_assert_max_num_queries(4):
        entries = history_entries(queryset)
    assert len(entries) == 40


def test_partial_shows_time_who_what_and_old_and_new(paragraph, karin):
    with at(10, 15):
        paragraph_update(paragraph=paragraph, decision="Nytt beslut.", user=karin)

    html = render_to_string("staff/partials/history.html", {"entries": history_entries(paragraph_history(paragraph))})

    assert '<ol class="history">' in html
    assert '<time datetime="2024-05-29T10:15:00+02:00">onsdag 29 maj 2024 kl. 10.15</time>' in html
    assert "Karin Lund" in html and "<strong>Paragraf § 12</strong> ändrad" in html
    assert "<dt>Beslut</dt>" in html
    assert "Att anta budgeten.</del>" in html and "Nytt beslut.</ins>" in html


def test_partial_says_when_there_is_nothing():
    assert "Inga ändringar är registrerade." in render_to_string("staff/partials/history.html", {"entries": []})
