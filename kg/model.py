"""Plain data passed between the pipeline stages.

text → :class:`Page` → :class:`Article` → :class:`Mention` → facts → entities → graph.
Every offset is a character offset into ``Page.text`` (the page with its paragraphs
rebuilt, in Simplified characters); ``Page.raw_offset`` maps it back to the file as printed
and ``Page.as_written`` gives a span as the page writes it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import dataclass_transform


@dataclass_transform(frozen_default=True)
def record(cls):
    """``@dataclass(frozen=True, slots=True)``, unpickled without dataclasses' scan of the
    class's fields for every object, which made loading the extraction cache five times slower."""
    cls = dataclass(frozen=True, slots=True)(cls)
    names = tuple(item.name for item in fields(cls))

    def getstate(self) -> list:
        return [getattr(self, name) for name in names]

    def setstate(self, state: list, _set=object.__setattr__) -> None:
        for name, value in zip(names, state, strict=True):
            _set(self, name, value)

    cls.__getstate__, cls.__setstate__ = getstate, setstate
    return cls


class Kind(StrEnum):
    """Entity kinds: the names double as node types in the graph."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"
    TITLE = "Title"
    HONOR = "Honor"
    EVENT = "Event"


class Offsets(Sequence[int]):
    """Where in the file each character of a page's text is, given one offset a character and
    kept as runs of consecutive offsets: a page rebuilt from its lines has a few dozen runs,
    so it takes a few numbers, not one Python int a character (a third of a build's facts)."""

    __slots__ = ("_starts", "_firsts", "_length")

    def __init__(self, offsets: Iterable[int] = ()) -> None:
        starts, firsts, previous, length = [], [], None, 0
        for length, offset in enumerate(offsets, 1):
            if offset != previous:
                starts.append(length - 1)
                firsts.append(offset)
            previous = offset + 1
        self._starts, self._firsts, self._length = tuple(starts), tuple(firsts), length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return tuple(self)[index]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset index out of range")
        run = bisect_right(self._starts, index) - 1
        return self._firsts[run] + index - self._starts[run]

    def __iter__(self) -> Iterator[int]:
        ends = (*self._starts[1:], self._length) if self._starts else ()
        for start, end, first in zip(self._starts, ends, self._firsts, strict=True):
            yield from range(first, first + end - start)

    def _runs(self) -> tuple:
        return self._starts, self._firsts, self._length

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Offsets) and self._runs() == other._runs()

    def __hash__(self) -> int:
        return hash(self._runs())

    def __reduce__(self) -> tuple:
        return _offsets_from_runs, self._runs()

    def __repr__(self) -> str:
        return f"Offsets({list(self)!r})"


def _offsets_from_runs(starts: tuple[int, ...], firsts: tuple[int, ...], length: int) -> Offsets:
    offsets = Offsets()
    offsets._starts, offsets._firsts, offsets._length = starts, firsts, length
    return offsets


@record
class Page:
    """One news page: its rebuilt text and where each character came from (``raw_offsets``,
    given as any sequence of ints and kept as :class:`Offsets`). A Traditional page's ``text``
    is in Simplified characters and ``original`` (the same length) is the text as written;
    ``original`` is empty when that is ``text``."""

    page_id: str
    path: str
    text: str
    raw_offsets: Sequence[int] = ()
    original: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.raw_offsets, Offsets):
            object.__setattr__(self, "raw_offsets", Offsets(self.raw_offsets))

    def as_written(self, start: int, end: int) -> str:
        """The text ``[start, end)`` as the page writes it (Traditional characters on a Traditional page)."""
        return (self.original or self.text)[start:end]

    def written_form(self, mention: Mention) -> str | None:
        """A mention as the page writes it, where that differs from its text (張良 for 张良)."""
        if not self.original or self.text[mention.start : mention.end] != mention.text:
            return None
        written = self.original[mention.start : mention.end]
        return written if written != mention.text else None

    def raw_offset(self, offset: int) -> int:
        """Offset in the file's decoded text of ``text[offset]`` (or of the end)."""
        if not self.raw_offsets:
            return offset
        if offset >= len(self.raw_offsets):
            return self.raw_offsets[-1] + 1 if self.raw_offsets else 0
        return self.raw_offsets[offset]


@record
class Article:
    """A headline and its body, as a span of its page."""

    article_id: str
    page: Page
    index: int
    headline: str
    start: int
    end: int
    headlines: tuple[str, ...] = ()
    body_start: int = 0  # where the first line after the headline lines starts

    @property
    def text(self) -> str:
        return self.page.text[self.start : self.end]


@record
class Sentence:
    start: int
    end: int
    text: str


@record
class Mention:
    """A typed span of page text; ``source`` names the component that proposed it and
    ``score`` how sure it is (the tagger's mean label probability; 1.0 for rules)."""

    start: int
    end: int
    kind: Kind
    text: str
    source: str = ""
    score: float = 1.0


@record
class Evidence:
    """The sentence a fact was read from, with offsets in the page as printed."""

    article_id: str
    sentence: str
    start: int
    end: int


@record
class Position:
    """Person holds title (at organization, when the text names one)."""

    person: Mention
    title: Mention
    org: Mention | None
    evidence: Evidence


@record
class Award:
    """A person or organization holds an honor (``honor.text`` is the canonical name)."""

    recipient: Mention
    honor: Mention
    evidence: Evidence


@record
class Byline:
    person: Mention
    role: str  # reporter | correspondent | photographer
    evidence: Evidence


@record
class Participant:
    who: Mention
    role: str  # chair | speaker | attendee | host | co-host | award
    evidence: Evidence | None = None  # the sentence giving the role, when not the event's own


@dataclass(slots=True)
class Event:
    name: Mention
    kind: str
    aliases: list[Mention] = field(default_factory=list)
    date: str | None = None
    places: list[Mention] = field(default_factory=list)
    organizers: list[Mention] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    evidence: Evidence | None = None


@record
class Alias:
    """A short name the text defines for a longer one (``以下简称“工匠大会”``), or a company's
    trade name the page writes (渝铝精工 of 重庆渝铝精工科技股份有限公司: ``declared`` False).
    A name that opens with a declared short name opens with the full one (三建公司|钢筋班)."""

    short: str
    full: Mention
    declared: bool = True


@dataclass(slots=True)
class ArticleFacts:
    """Everything the extractors read off one article."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    bylines: list[Byline] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)

    def all_mentions(self) -> Iterator[Mention]:
        """Every entity mention the facts hold: the chosen mentions and those inside facts."""
        yield from self.mentions
        for position in self.positions:
            yield from filter(None, (position.person, position.title, position.org))
        for award in self.awards:
            yield from (award.recipient, award.honor)
        for byline in self.bylines:
            yield byline.person
        for event in self.events:
            yield from event.places
            yield from event.organizers
            yield from (participant.who for participant in event.participants)
