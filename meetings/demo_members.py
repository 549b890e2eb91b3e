"""Demo data for the elected: the parties of the 2022–2026 term and INVENTED rosters for Kommunstyrelsen and two of
its committees.

What comes from the sources:

- The parties. Seed 004 (the political platform 2022–2026) says that Socialdemokraterna, Moderaterna and
  Centerpartiet govern together; the budget seed (001, chapter 6) has a party office (kansli) in Kommunstyrelsen for
  each of eight parties: KLS, KLM, KLC, KLV, KLKD, KLL, KLMP and KLSD. Those eight are the parties here, with their
  proper names (the seed spells "Svergiedemokraterna"; the party is Sverigedemokraterna).
- The term: memberships run from 1 January 2023 to 31 December 2026, the term of the boards elected in 2022.

What is invented, and says so wherever it is shown:

- Every person. The sources name no members, so the names are a first name and "Exempelsson" or "Exempeldotter",
  which no real person in Örebro is taken for; each has `is_example=True`, and every page that shows one says the
  names are invented examples.
- The number of seats per party, who holds the chair and the vice chairs, and who sits on which committee. They are
  not Örebro's real distribution of seats; they only give the pages something to show (ordförande for the governing
  S, förste vice for M, andre vice for the opposition, as is common).
- The two public e-mail addresses, in the reserved domain example.org.

`load_member_demo` is idempotent: parties are keyed on their abbreviation, persons on their slug and memberships on
(person, body, role, start); an existing row is never changed (staff may have edited it).
"""

from datetime import date
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from .models import Body, Membership, Party, Person

TERM_START = date(2023, 1, 1)
TERM_END = date(2026, 12, 31)

# (abbreviation, name): the order is the order of lists, governing parties first (seed 004), then the others as the
# budget seed lists their offices.
PARTIES: list[tuple[str, str]] = [
    ("S", "Socialdemokraterna"),
    ("M", "Moderaterna"),
    ("C", "Centerpartiet"),
    ("V", "Vänsterpartiet"),
    ("KD", "Kristdemokraterna"),
    ("L", "Liberalerna"),
    ("MP", "Miljöpartiet"),
    ("SD", "Sverigedemokraterna"),
]

R = Membership.Role

# The invented persons: (name, party). Surnames "Exempelsson"/"Exempeldotter" mark them as examples.
PERSONS: list[tuple[str, str]] = [
    ("Anna Exempeldotter", "S"),
    ("Björn Exempelsson", "M"),
    ("Cecilia Exempeldotter", "V"),
    ("David Exempelsson", "S"),
    ("Eva Exempeldotter", "S"),
    ("Fredrik Exempelsson", "S"),
    ("Gunilla Exempeldotter", "M"),
    ("Hassan Exempelsson", "C"),
    ("Ingrid Exempeldotter", "KD"),
    ("Johan Exempelsson", "L"),
    ("Kerstin Exempeldotter", "MP"),
    ("Lars Exempelsson", "SD"),
    ("Maria Exempeldotter", "SD"),
    ("Nils Exempelsson", "S"),
    ("Olivia Exempeldotter", "S"),
    ("Oskar Exempelsson", "S"),
    ("Petra Exempeldotter", "S"),
    ("Rasmus Exempelsson", "M"),
    ("Sara Exempeldotter", "M"),
    ("Tove Exempeldotter", "C"),
    ("Ulf Exempelsson", "V"),
    ("Vera Exempeldotter", "KD"),
    ("Viktor Exempelsson", "L"),
    ("Yasmin Exempeldotter", "MP"),
    ("Åke Exempelsson", "SD"),
    ("Ylva Exempeldotter", "SD"),
]

PUBLIC_EMAILS = {
    "Anna Exempeldotter": "anna.exempeldotter@example.org",
    "Hassan Exempelsson": "hassan.exempelsson@example.org",
}

# Invented rosters: body slug → [(person, role)]. Kommunstyrelsen: 13 ledamöter and 13 ersättare; each committee
# 5 ledamöter and 3 ersättare, drawn from Kommunstyrelsen's members and ersättare.
ROSTERS: dict[str, list[tuple[str, str]]] = {
    "kommunstyrelsen": [
        ("Anna Exempeldotter", R.CHAIR),
        ("Björn Exempelsson", R.FIRST_VICE_CHAIR),
        ("Cecilia Exempeldotter", R.SECOND_VICE_CHAIR),
        ("David Exempelsson", R.MEMBER),
        ("Eva Exempeldotter", R.MEMBER),
        ("Fredrik Exempelsson", R.MEMBER),
        ("Gunilla Exempeldotter", R.MEMBER),
        ("Hassan Exempelsson", R.MEMBER),
        ("Ingrid Exempeldotter", R.MEMBER),
        ("Johan Exempelsson", R.MEMBER),
        ("Kerstin Exempeldotter", R.MEMBER),
        ("Lars Exempelsson", R.MEMBER),
        ("Maria Exempeldotter", R.MEMBER),
        ("Nils Exempelsson", R.SUBSTITUTE),
        ("Olivia Exempeldotter", R.SUBSTITUTE),
        ("Oskar Exempelsson", R.SUBSTITUTE),
        ("Petra Exempeldotter", R.SUBSTITUTE),
        ("Rasmus Exempelsson", R.SUBSTITUTE),
        ("Sara Exempeldotter", R.SUBSTITUTE),
        ("Tove Exempeldotter", R.SUBSTITUTE),
        ("Ulf Exempelsson", R.SUBSTITUTE),
        ("Vera Exempeldotter", R.SUBSTITUTE),
        ("Viktor Exempelsson", R.SUBSTITUTE),
        ("Yasmin Exempeldotter", R.SUBSTITUTE),
        ("Åke Exempelsson", R.SUBSTITUTE),
        ("Ylva Exempeldotter", R.SUBSTITUTE),
    ],
    "hallbarhetsutskottet": [
        ("Eva Exempeldotter", R.CHAIR),
        ("Hassan Exempelsson", R.FIRST_VICE_CHAIR),
        ("Kerstin Exempeldotter", R.SECOND_VICE_CHAIR),
        ("Fredrik Exempelsson", R.MEMBER),
        ("Maria Exempeldotter", R.MEMBER),
        ("Olivia Exempeldotter", R.SUBSTITUTE),
        ("Sara Exempeldotter", R.SUBSTITUTE),
        ("Ulf Exempelsson", R.SUBSTITUTE),
    ],
    "trygghetsutskottet": [
        ("David Exempelsson", R.CHAIR),
        ("Gunilla Exempeldotter", R.FIRST_VICE_CHAIR),
        ("Lars Exempelsson", R.SECOND_VICE_CHAIR),
        ("Petra Exempeldotter", R.MEMBER),
        ("Ingrid Exempeldotter", R.MEMBER),
        ("Oskar Exempelsson", R.SUBSTITUTE),
        ("Tove Exempeldotter", R.SUBSTITUTE),
        ("Cecilia Exempeldotter", R.SUBSTITUTE),
    ],
}

# Staff accounts for trying digital justering (`load_demo_data --staff`): user name → the example person it belongs
# to. Kommunstyrelsen's chair and two of its ledamöter, one of the governing parties and one of the opposition.
DEMO_ACCOUNTS: dict[str, str] = {
    "ordforande": "Anna Exempeldotter",
    "justerare1": "Gunilla Exempeldotter",
    "justerare2": "Johan Exempelsson",
}


def person_slug(name: str) -> str:
    return slugify(name)  # "Åke Exempelsson" → "ake-exempelsson"


def _say(stdout: TextIO | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


@transaction.atomic
def load_member_demo(stdout: TextIO | None = None) -> dict[str, int]:
    """Create what is missing of the demo parties, example persons and their memberships; change nothing that exists.

    Returns how many parties, persons and memberships were created. Bodies missing from the database (the rosters'
    slugs are those of `meetings.demo.BODIES`) are skipped."""
    counts = {"parties": 0, "persons": 0, "memberships": 0}
    parties: dict[str, Party] = {}
    for position, (abbreviation, name) in enumerate(PARTIES, start=1):
        party, created = Party.objects.get_or_create(
            abbreviation=abbreviation, defaults={"name": name, "position": position * 10}
        )
        parties[abbreviation] = party
        counts["parties"] += created
        if created:
            _say(stdout, f"Skapade parti: {party}")

    persons: dict[str, Person] = {}
    for name, abbreviation in PERSONS:
        person, created = Person.objects.get_or_create(
            slug=person_slug(name),
            defaults={
                "name": name,
                "party": parties[abbreviation],
                "is_example": True,
                "public_email": PUBLIC_EMAILS.get(name, ""),
            },
        )
        persons[name] = person
        counts["persons"] += created
        if created:
            _say(stdout, f"Skapade exempelperson: {person}")

    bodies = Body.objects.in_bulk(list(ROSTERS), field_name="slug")
    party_of = dict(PERSONS)
    for slug, roster in ROSTERS.items():
        body = bodies.get(slug)
        if body is None:
            continue
        for name, role in roster:
            membership, created = Membership.objects.get_or_create(
                person=persons[name],
                body=body,
                role=role,
                start=TERM_START,
                defaults={"end": TERM_END, "party": parties[party_of[name]]},
            )
            counts["memberships"] += created
            if created:
                _say(stdout, f"Skapade uppdrag: {membership}")
    return counts


@transaction.atomic
def link_demo_accounts(*, password: str) -> list[str]:
    """The staff accounts of `DEMO_ACCOUNTS`, each linked to its example person (created once, never reset; a person
    already linked to another account keeps it). Returns the user names."""
    users = get_user_model()
    for username, name in DEMO_ACCOUNTS.items():
        first_name, last_name = name.split(" ", 1)
        user, created = users.objects.get_or_create(
            username=username, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            user.set_password(password)
            user.save()
        person = Person.objects.filter(slug=person_slug(name), user__isnull=True).first()
        if person is not None and not Person.objects.filter(user=user).exists():
            person.user = user
            person.save(update_fields=["user"])
    return list(DEMO_ACCOUNTS)
