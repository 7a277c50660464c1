"""Gold annotations (``FORMAT.md``): files read into data classes, then merged into an answer key.

A :class:`GoldDoc` mirrors one gold JSON file. :class:`Gold` merges any number of them into
what the scorer compares against: entities indexed by every surface form, and the relations
rewritten with canonical entity names. All names pass through :func:`normalize`.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UserError


def normalize(name: str) -> str:
    """A name as compared: NFKC, without whitespace and punctuation (“”《》（）· …)."""
    return "".join(
        ch
        for ch in unicodedata.normalize("NFKC", name)
        if not (ch.isspace() or unicodedata.category(ch)[0] == "P")
    )


# ---------------------------------------------------------------- one gold file


@dataclass(frozen=True)
class GoldEntity:
    """A named thing with its other surface forms."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldParticipant:
    name: str
    role: str


@dataclass(frozen=True)
class GoldEvent(GoldEntity):
    date: str | None = None
    places: tuple[str, ...] = ()
    organizers: tuple[str, ...] = ()
    participants: tuple[GoldParticipant, ...] = ()


@dataclass(frozen=True)
class GoldPosition:
    """A person's title at an organization (``org`` None: the text names none)."""

    person: str
    title: str
    org: str | None
    alts: tuple[tuple[str, str | None], ...] = ()

    @property
    def readings(self) -> tuple[tuple[str, str | None], ...]:
        """Every accepted (title, org) reading, the main one first."""
        return ((self.title, self.org), *self.alts)


@dataclass(frozen=True)
class GoldDoc:
    """One gold file."""

    doc: str
    persons: tuple[GoldEntity, ...] = ()
    organizations: tuple[GoldEntity, ...] = ()
    places: tuple[GoldEntity, ...] = ()
    titles: tuple[str, ...] = ()
    honors: tuple[GoldEntity, ...] = ()
    events: tuple[GoldEvent, ...] = ()
    positions: tuple[GoldPosition, ...] = ()
    person_honors: tuple[tuple[str, str], ...] = ()
    located_in: tuple[tuple[str, str], ...] = ()
    part_of: tuple[tuple[str, str], ...] = ()
    bylines: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_json(cls, data: dict) -> GoldDoc:
        """Build from a parsed gold file; raises KeyError/TypeError/ValueError on a bad shape."""

        def entities(key: str) -> tuple[GoldEntity, ...]:
            return tuple(GoldEntity(e["name"], tuple(e.get("aliases", ()))) for e in data.get(key, ()))

        def pairs(key: str, first: str, second: str) -> tuple[tuple[str, str], ...]:
            return tuple((row[first], row[second]) for row in data.get(key, ()))

        return cls(
            doc=data["doc"],
            persons=entities("persons"),
            organizations=entities("organizations"),
            places=entities("places"),
            titles=tuple(data.get("titles", ())),
            honors=entities("honors"),
            events=tuple(
                GoldEvent(
                    name=e["name"],
                    aliases=tuple(e.get("aliases", ())),
                    date=e.get("date"),
                    places=tuple(e.get("places", ())),
                    organizers=tuple(e.get("organizers", ())),
                    participants=tuple(
                        GoldParticipant(p["name"], p["role"]) for p in e.get("participants", ())
                    ),
                )
                for e in data.get("events", ())
            ),
            positions=tuple(
                GoldPosition(p["person"], p["title"], p["org"], tuple((t, o) for t, o in p.get("alts", ())))
                for p in data.get("positions", ())
            ),
            person_honors=pairs("person_honors", "person", "honor"),
            located_in=pairs("located_in", "entity", "place"),
            part_of=pairs("part_of", "org", "parent"),
            bylines=pairs("bylines", "person", "role"),
        )


def gold_files(paths: Iterable[Path]) -> list[Path]:
    """The gold files named: a folder stands for every ``*.json`` inside it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.json"))
            if not found:
                raise UserError(f"no *.json gold files in {path}: give a folder of gold files or the files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise UserError(f"no gold file or folder {path}: check the --gold path")
    return files


def read_gold_doc(path: Path) -> GoldDoc:
    """Parse one gold file, turning any problem into a :class:`UserError`."""
    try:
        return GoldDoc.from_json(json.loads(path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as exc:
        raise UserError(f"{path} is not valid JSON (line {exc.lineno}): fix it or leave it out") from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UserError(f"{path} does not follow the gold format ({exc!r}): see FORMAT.md") from exc


# ---------------------------------------------------------------- answer key


class EntityIndex:
    """The gold entities of one kind, keyed by normalized canonical name, with all their forms.

    Entities sharing a canonical name across files are one entity.
    """

    def __init__(self, entities: Iterable[GoldEntity]) -> None:
        self.forms: dict[str, set[str]] = {}
        for entity in entities:
            canonical = normalize(entity.name)
            forms = self.forms.setdefault(canonical, {canonical})
            forms.update(normalize(alias) for alias in entity.aliases)
        self._canonicals_by_form: dict[str, list[str]] = {}
        for canonical, forms in self.forms.items():
            for form in forms:
                self._canonicals_by_form.setdefault(form, []).append(canonical)
        self._rank = {canonical: i for i, canonical in enumerate(self.forms)}

    def __len__(self) -> int:
        return len(self.forms)

    def match(self, names: Iterable[str]) -> str | None:
        """The gold entity a thing with these normalized names is.

        A name that is a canonical name wins (the smallest, if several); otherwise the entity
        sharing the most forms with ``names``, the earliest in the gold on a tie.
        """
        names = set(names)
        canonical_names = sorted(names & self.forms.keys())
        if canonical_names:
            return canonical_names[0]
        shared: dict[str, int] = {}
        for name in names:
            for canonical in self._canonicals_by_form.get(name, ()):
                shared[canonical] = shared.get(canonical, 0) + 1
        if not shared:
            return None
        return min(shared, key=lambda canonical: (-shared[canonical], self._rank[canonical]))

    def canonical(self, name: str) -> str:
        """The canonical name a gold row's name refers to (the name itself if no entity has it)."""
        normalized = normalize(name)
        return self.match({normalized}) or normalized

    def has(self, name: str) -> bool:
        return self.match({normalize(name)}) is not None

    def all_forms(self) -> set[str]:
        return set().union(*self.forms.values())


EVENT_LINKS = ("places", "dates", "organizers", "participants")
PositionRow = tuple[str, tuple[tuple[str, str | None], ...]]  # person, its (title, org) readings


@dataclass(frozen=True)
class Gold:
    """The answer key: gold files merged, every name normalized and made canonical."""

    persons: EntityIndex
    organizations: EntityIndex
    places: EntityIndex
    honors: EntityIndex
    events: EntityIndex
    position_titles: frozenset[str]
    accepted_titles: frozenset[str]
    positions: frozenset[PositionRow]
    person_honors: frozenset[tuple[str, str]]
    bylines: frozenset[str]
    located_in: frozenset[tuple[str, str]]
    event_links: dict[str, frozenset[tuple[str, str]]]

    def entities(self, kind: str) -> EntityIndex:
        return getattr(self, kind)

    @classmethod
    def from_docs(cls, docs: Iterable[GoldDoc]) -> Gold:
        """Merge gold files into one answer key."""
        docs = list(docs)
        persons = EntityIndex(e for d in docs for e in d.persons)
        organizations = EntityIndex(e for d in docs for e in d.organizations)
        places = EntityIndex(e for d in docs for e in d.places)
        honors = EntityIndex(e for d in docs for e in d.honors)
        events = EntityIndex(e for d in docs for e in d.events)
        positions = [p for d in docs for p in d.positions]

        def org_or_none(name: str | None) -> str | None:
            return None if name is None else organizations.canonical(name)

        def located_pair(entity: str, place: str) -> tuple[str, str]:
            index = organizations if organizations.has(entity) else places
            return index.canonical(entity), places.canonical(place)

        def participant(name: str) -> str:
            """A participant is a person, unless only an organization has that name."""
            if organizations.has(name) and not persons.has(name):
                return organizations.canonical(name)
            return persons.canonical(name)

        gold_events = [e for d in docs for e in d.events]
        links = {
            "places": {
                (events.canonical(e.name), places.canonical(p)) for e in gold_events for p in e.places
            },
            "dates": {(events.canonical(e.name), e.date) for e in gold_events if e.date},
            "organizers": {
                (events.canonical(e.name), organizations.canonical(o))
                for e in gold_events
                for o in e.organizers
            },
            "participants": {
                (events.canonical(e.name), participant(p.name)) for e in gold_events for p in e.participants
            },
        }
        return cls(
            persons=persons,
            organizations=organizations,
            places=places,
            honors=honors,
            events=events,
            position_titles=frozenset(normalize(p.title) for p in positions),
            accepted_titles=frozenset(
                {normalize(t) for d in docs for t in d.titles}
                | {normalize(title) for p in positions for title, _ in p.readings}
            ),
            positions=frozenset(
                (
                    persons.canonical(p.person),
                    tuple((normalize(title), org_or_none(org)) for title, org in p.readings),
                )
                for p in positions
            ),
            person_honors=frozenset(
                (persons.canonical(person), honors.canonical(honor))
                for d in docs
                for person, honor in d.person_honors
            ),
            bylines=frozenset(persons.canonical(person) for d in docs for person, _ in d.bylines),
            located_in=frozenset(
                located_pair(entity, place)
                for d in docs
                for entity, place in d.located_in
                if not events.has(entity)
            ),
            event_links={name: frozenset(pairs) for name, pairs in links.items()},
        )
