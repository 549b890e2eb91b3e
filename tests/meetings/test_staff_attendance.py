"""The attendance page of the protocol editor (/redigera/protokoll/<id>/narvaro/): who may use it, the table as one
form, refusals at the field, nothing stored on error, read-only once sent, the roster refresh and the older free
text; the header form and the workspace's summary."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Membership, Protocol
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, secretary_of
from tests.meetings.test_attendance import DAY, draft_with_roster, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")


@pytest.fixture
def setup(body):
    return draft_with_roster(body)


@pytest.fixture
def protocol(setup):
    return setup[0]


@pytest.fixture
def people(setup):
    return setup[1]


@pytest.fixture
def signed_in(client, setup):
    client.force_login(setup[2])
    return client


def url(name: str, protocol) -> str:
    return reverse(f"staff:{name}", args=[protocol.pk])


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def form_data(protocol: Protocol, **changes) -> dict:
    """The form as the page sends it for the stored table, with `changes` ({"m12-status": "absent"}) applied."""
    data = {}
    for row in protocol.attendance.select_related("membership"):
        prefix = f"m{row.membership_id}"
        data[f"{prefix}-status"] = row.status
        if not row.membership.is_ledamot:
            data[f"{prefix}-serving_for"] = row.serving_for_id or ""
        data[f"{prefix}-from_paragraph"] = row.from_paragraph or ""
        data[f"{prefix}-to_paragraph"] = row.to_paragraph or ""
        if row.is_adjuster:
            data[f"{prefix}-is_adjuster"] = "on"
        if row.is_chair:
            data["chair"] = row.membership_id
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


ATTENDANCE_URLS = ["protocol_attendance", "protocol_attendance_refresh", "protocol_attendance_from_text"]


# --- access ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ATTENDANCE_URLS)
def test_a_secretary_of_another_body_gets_403_and_changes_nothing(client, protocol, name):
    before = table(protocol)
    client.force_login(secretary_of(BodyFactory(name="Tekniska nämnden")))
    assert client.get(url(name, protocol)).status_code in (403, 405)
    assert client.post(url(name, protocol), form_data(protocol, chair="")).status_code == 403
    assert table(protocol) == before


@pytest.mark.parametrize("name", ATTENDANCE_URLS)
def test_anonymous_is_sent_to_log_in(client, protocol, name):
    response = client.post(url(name, protocol))
    assert response.status_code == 302 and response["Location"].startswith("/logga-in/")


def test_the_refresh_and_the_free_text_only_answer_post(signed_in, protocol):
    assert signed_in.get(url("protocol_attendance_refresh", protocol)).status_code == 405
    assert signed_in.get(url("protocol_attendance_from_text", protocol)).status_code == 405


# --- the table ------------------------------------------------------------------------------------------------------


def test_the_page_lists_the_roster_with_a_field_for_everything(signed_in, protocol, people):
    response = signed_in.get(url("protocol_attendance", protocol))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<caption id="narvaro-rubrik">Närvaro vid Kommunstyrelsens sammanträde måndag 3 juni 2024</caption>' in html
    for name in ("Anna Berg (S)", "Jan Ek (M)", "Lena Holm (S)", "Per Lind (S)", "Eva Sten (M)"):
        assert f'<th scope="row">{name}</th>' in html
    assert "Olle Ny" not in html  # not a member on the day
    # Every input has a label naming the person; only an ersättare has "tjänstgör för", listing the ledamöter.
    assert (
        f'<label class="visually-hidden" for="id_m{people.per.pk}-serving_for">Per Lind (S), tjänstgör för</label>'
        in html
    )
    assert f'name="m{people.jan.pk}-serving_for"' not in html
    select = html.split(f'name="m{people.per.pk}-serving_for"', 1)[1].split("</select>", 1)[0]
    assert '<optgroup label="Närvarande ledamöter">' in select
    assert f'<option value="{people.lena.pk}">Lena Holm (S)</option>' in select
    assert "Eva Sten" not in select
    assert re.search(
        rf'<input type="radio" name="chair" value="{people.anna.pk}" id="id_chair_{people.anna.pk}" checked', html
    )
    assert f'<label class="visually-hidden" for="id_chair_{people.jan.pk}">Jan Ek (M), ordförande</label>' in html
    assert '<option value="6">§ 6</option>' in html
    assert 'role="region" aria-labelledby="narvaro-rubrik" tabindex="0"' in html


def test_the_secretary_saves_the_whole_table_at_once(signed_in, protocol, people, setup):
    data = form_data(
        protocol,
        **{
            f"m{people.lena.pk}-status": "absent",
            f"m{people.per.pk}-status": "present",
            f"m{people.per.pk}-serving_for": people.lena.pk,
            f"m{people.eva.pk}-status": "present",
            f"m{people.eva.pk}-from_paragraph": "4",
            f"m{people.jan.pk}-is_adjuster": "on",
        },
    )
    response = signed_in.post(url("protocol_attendance", protocol), data, follow=True)

    assert response.redirect_chain == [(url("protocol_detail", protocol) + "#rubrik-narvaro", 302)]
    text = page_text(response)
    assert "Närvaron är sparad." in text
    per = protocol.attendance.get(membership=people.per)
    assert per.is_present and per.serving_for == people.lena
    assert protocol.attendance.get(membership=people.eva).from_paragraph == 4
    assert protocol.attendance.get(membership=people.jan).is_adjuster
    assert per.history.latest().history_user == setup[2]
    # The workspace shows the table.
    assert "Per Lind (S) Ersättare Närvarande, tjänstgör för Lena Holm" in text
    assert "Eva Sten (M) Ersättare Närvarande från § 4, ej tjänstgörande" in text
    assert "Jan Ek (M) Ledamot Närvarande Justerare" in text
    assert "Lena Holm (S) Ledamot Frånvarande" in text
    assert "Justerare saknas" not in text


def test_a_refusal_is_shown_at_the_field_and_nothing_is_stored(signed_in, protocol, people):
    before = table(protocol)
    data = form_data(
        protocol,
        **{
            f"m{people.per.pk}-status": "present",
            f"m{people.per.pk}-serving_for": people.lena.pk,  # Lena is present
            f"m{people.anna.pk}-is_adjuster": "on",
        },
    )
    response = signed_in.post(url("protocol_attendance", protocol), data)

    assert response.status_code == 200
    assert table(protocol) == before
    html = response.content.decode()
    summary = html.split('id="felsammanfattning"', 1)[1].split("</div>", 1)[0]
    assert "Ingenting sparades: 2 fel" in summary
    assert (
        f'<a href="#id_m{people.per.pk}-serving_for">Per Lind (S), tjänstgör för: Lena Holm är närvarande vid § 1'
        in summary
    )
    assert f'<a href="#id_m{people.anna.pk}-is_adjuster">Anna Berg (S), justerare: Anna Berg är ordförande' in summary
    # At the field: the message without the field's name, tied to the input.
    assert re.search(
        rf'<select name="m{people.per.pk}-serving_for"[^>]*aria-invalid="true"[^>]*'
        rf'aria-describedby="id_m{people.per.pk}-serving_for_error"',
        html,
    )
    assert f'<p class="field-error" id="id_m{people.per.pk}-serving_for_error">Lena Holm är närvarande' in html
    # What was typed is kept.
    assert f'<option value="{people.lena.pk}" selected>Lena Holm (S)</option>' in html


def test_a_member_not_serving_that_day_cannot_be_chosen_even_by_a_crafted_form(signed_in, protocol, people):
    before = table(protocol)
    data = form_data(
        protocol,
        **{f"m{people.per.pk}-status": "present", f"m{people.per.pk}-serving_for": people.olle.pk},
    )
    response = signed_in.post(url("protocol_attendance", protocol), data)
    assert response.status_code == 200
    assert table(protocol) == before
    assert "Per Lind (S), tjänstgör för: Välj en av organets ledamöter i listan." in page_text(response)

    # A row for him, added by hand to the form, is not taken either.
    data = form_data(protocol, **{f"m{people.olle.pk}-status": "present", "chair": people.olle.pk})
    response = signed_in.post(url("protocol_attendance", protocol), data)
    assert "Ordförande: Välj ordförande bland personerna i tabellen." in page_text(response)
    assert not protocol.attendance.filter(membership=people.olle).exists()


def test_a_chair_must_be_chosen(signed_in, protocol, people):
    data = form_data(protocol)
    del data["chair"]
    response = signed_in.post(url("protocol_attendance", protocol), data)
    html = response.content.decode()
    assert f'<a href="#id_chair_{people.anna.pk}">Ordförande: Välj vem som var ordförande vid sammanträdet.</a>' in html
    assert '<p class="field-error" id="id_chair_error">Ordförande: Välj vem som var ordförande' in html
    assert protocol.attendance.get(membership=people.anna).is_chair


def test_once_sent_for_justering_the_table_is_only_shown(signed_in, protocol, people):
    Protocol.objects.filter(pk=protocol.pk).update(sent_for_adjustment_at=timezone.now())
    response = signed_in.get(url("protocol_attendance", protocol))
    html = response.content.decode()
    assert "<form" not in html.split("<main", 1)[1].split("</main>")[0].replace('action="/logga-ut/"', "")
    assert "Protokollet är skickat för justering och närvaron kan inte ändras." in page_text(response)
    assert "Anna Berg (S) Ordförande Närvarande Ordförande" in page_text(response)

    before = table(protocol)
    response = signed_in.post(url("protocol_attendance", protocol), form_data(protocol), follow=True)
    assert "Närvaron kan bara ändras medan protokollet är ett utkast." in page_text(response)
    response = signed_in.post(url("protocol_attendance_refresh", protocol), follow=True)
    assert "skickat för justering" in page_text(response)
    assert table(protocol) == before


# --- the roster changed; the older free text ------------------------------------------------------------------------


def test_who_joined_the_roster_later_is_added_with_a_button(signed_in, protocol, body):
    newcomer = MembershipFactory(
        body=body, role=Membership.Role.SUBSTITUTE, person=PersonFactory(name="Nils Nykomling", party=None), party=None
    )
    text = page_text(signed_in.get(url("protocol_attendance", protocol)))
    assert "En person på organets ledamotslista den dagen finns inte i tabellen: Nils Nykomling." in text

    response = signed_in.post(url("protocol_attendance_refresh", protocol), follow=True)

    assert response.redirect_chain == [(url("protocol_attendance", protocol), 302)]
    assert "1 person från ledamotslistan är tillagd: Nils Nykomling." in page_text(response)
    assert protocol.attendance.filter(membership=newcomer, status=Attendance.Status.ABSENT).exists()
    assert "finns inte i tabellen" not in page_text(response)


def test_the_older_free_text_is_moved_to_the_table_and_what_is_not_matched_stays(signed_in, protocol, people):
    Protocol.objects.filter(pk=protocol.pk).update(
        chair="Anna Berg (S)", members="Anna Berg (S)\nJan Ek (M)\nPer Lind (S), tjänstgör för Lena Holm\nX Y (Q)"
    )
    page = signed_in.get(url("protocol_attendance", protocol))
    assert "Äldre fritext om närvaro" in page_text(page)
    assert "Hämta från fritexten" in page_text(page)

    response = signed_in.post(url("protocol_attendance_from_text", protocol), follow=True)

    text = page_text(response)
    assert "4 rader i fritexten är förda till närvarolistan och borttagna ur fritexten." in text
    assert (
        f"Beslutande (fritext): ”X Y (Q)” står kvar i fritexten: X Y finns inte bland Kommunstyrelsens ledamöter "
        f"och ersättare den {DAY}." in text
    )
    assert "Markerade som frånvarande eftersom de inte står bland de beslutande i fritexten: Lena Holm (S)." in text
    protocol.refresh_from_db()
    assert (protocol.chair, protocol.members) == ("", "X Y (Q)")
    assert protocol.attendance.get(membership=people.per).serving_for == people.lena


# --- the header form and the workspace -----------------------------------------------------------------------------


def test_the_header_form_offers_the_older_free_text_only_where_it_is_needed(signed_in, protocol, body):
    html = signed_in.get(url("protocol_edit", protocol)).content.decode()
    assert 'name="secretary"' in html and 'name="officials"' in html
    for name in ("chair", "members", "substitutes", "adjusters"):
        assert f'name="{name}"' not in html, name
    assert f'href="{url("protocol_attendance", protocol)}"' in html

    Protocol.objects.filter(pk=protocol.pk).update(members="Anna Berg (S)")
    html = signed_in.get(url("protocol_edit", protocol)).content.decode()
    assert re.search(r'<label for="id_members">Beslutande \(fritext\)', html)
    assert 'name="chair"' not in html

    response = signed_in.post(url("protocol_edit", protocol), {"secretary": "Karin Lund", "members": "Jan [[Ek"})
    text = page_text(response)
    assert "Beslutande (fritext): En markering för maskering börjar med [[ men avslutas inte med ]]." in text
    assert "Beslutande (fritext): Beslutande" not in text  # the service's name for the field is said once

    response = signed_in.post(url("protocol_edit", protocol), {"secretary": "Karin Lund", "members": "Anna Berg (S)"})
    assert response.status_code == 302
    protocol.refresh_from_db()
    assert (protocol.secretary, protocol.members, protocol.chair) == ("Karin Lund", "Anna Berg (S)", "")


def test_a_body_without_a_roster_writes_attendance_as_text(client):
    from tests.factories import AgendaItemFactory, MeetingFactory, local

    body = BodyFactory(name="Valnämnden", slug="valnamnden")
    meeting = MeetingFactory(body=body, start=local(2024, 6, 3), agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, position=1, number="1")
    secretary = secretary_of(body)
    from meetings.services import protocol_create

    protocol = protocol_create(meeting=meeting, user=secretary)
    client.force_login(secretary)
    html = client.get(url("protocol_edit", protocol)).content.decode()
    for name in ("chair", "members", "substitutes", "adjusters"):
        assert f'name="{name}"' in html, name
    text = page_text(client.get(url("protocol_attendance", protocol)))
    assert f"Organet har inga ledamöter eller ersättare registrerade den {DAY}." in text


def test_the_workspace_summarises_the_attendance(signed_in, protocol):
    response = signed_in.get(url("protocol_detail", protocol))
    html = response.content.decode()
    section = html.split('id="rubrik-narvaro"', 1)[1].split("</section>", 1)[0]
    assert "Anna Berg (S)" in section and "Ordförande" in section
    assert f'<a href="{url("protocol_attendance", protocol)}">Ändra närvaron</a>' in section
    assert "Äldre fritext" not in section
    Protocol.objects.filter(pk=protocol.pk).update(adjusters="Jan Ek (M)", adjusted_on=dt.date(2024, 6, 4))
    section = signed_in.get(url("protocol_detail", protocol)).content.decode().split('id="rubrik-narvaro"', 1)[1]
    assert "Justerare (fritext)" in section and "Se närvaron" in section
