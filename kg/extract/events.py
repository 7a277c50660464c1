"""Events: the happenings an article reports, with their dates and places.

A name found in a sentence (:mod:`kg.extract.event_names`) is an event when the sentence
reports it happening — a verb of ``verbs.tsv`` that reports events stands before it (召开, 举办,
出席, 主持 …) or after it in its clause (…在杭州举行) — or when its name is quoted. A bare head
(会议, 大赛) or a name after 本次/此次/该 refers to an event named before; a bare ceremony that
is reported (出席开幕式) is the ceremony of the article's main event; a ceremony of a named event
(…主题活动|启动仪式) reports that event too.

An event's date is the date its reporting sentence gives (今天/昨天 count from the dateline's; a
sentence placed at another event, 开工仪式后 or 论坛期间, is of the last date given); its places
are read by :mod:`kg.extract.event_places`. A headline that names no event may report a visit
(某工会赴某地调研) or persons meeting (甲会见乙): that is the event, named by the headline.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from kg.extract import gazetteer
from kg.extract.component import Component, register
from kg.extract.dates import dateline, find_dates
from kg.extract.doc import Doc, Sent
from kg.extract.event_names import CEREMONY, EDITION, MEETING, REFERENCE, VISIT, EventName, find_names
from kg.extract.event_places import (
    as_places,
    clause_around,
    located,
    named_division,
    opening_stop,
    texts,
    within,
    without_venues_divisions,
)
from kg.extract.lexicon import SHORT_NAME, UNVEILINGS, event_head_of, event_heads, event_heads_by_length
from kg.model import Event, Kind, Mention, Participant

# 当天, or a sentence opening on the article's gathering or contest (会后，…; 会见前，…; 赛后，…): the same day as it
_SAME_DAY = re.compile(r"当天|当日|同日|同一天|^随后|^(?:会|会议|会见|会谈|仪式|活动|赛|比赛)(?:前|后|上|结束后|期间)")
_VISITING = re.compile(r"调研|走访|慰问|看望|考察|督导|检查|开展")  # what a visit a headline reports does


@functools.cache
def _after_event() -> re.Pattern:
    """A sentence that opens by placing itself at an event (开工仪式后，…; 论坛期间，…; 会前，…
    but not 发布会前一天): the same day as the last date the article gave."""
    heads = "|".join(map(re.escape, event_heads_by_length()))
    return re.compile(rf"^[^，,。；;]{{0,24}}?(?:{heads})(?:后|上|结束后|之后|期间|前(?![一二两三几]天|夕))")


_HELD_IN = re.compile(r"在(?:[^，,。；;在]{0,4})$")  # 在|第七届…大赛决赛|中获得第一名


def _held_in(text: str, name: EventName) -> bool:
    """An edition's contest or meeting someone did something in (在第七届全国职工职业技能大赛
    焊工决赛中获得第一名): it took place, whatever verb follows."""
    return bool(EDITION.search(text, name.start, name.end) and _HELD_IN.search(text, 0, name.start)
                and text.startswith(("中", "上", "期间"), name.end))


_FESTIVAL_VISIT = re.compile(r"[“”\"\u4e00-\u9fff]{1,8}节(?:慰问|走访|看望)")


def _bare_headline_visit(doc: Doc, event: Event, name: EventName) -> bool:
    """Is ``event`` a visit the headline names by its verb alone, or by its festival and verb
    (某工会赴某医院开展|慰问, …开展“三八”节慰问), which a named visit (开展“三八”国际妇女节慰问活动)
    names in full?"""
    bare = event.name.text == event_head_of(event.name.text) or _FESTIVAL_VISIT.fullmatch(event.name.text)
    if not (event.kind == VISIT == name.kind and bare):
        return False
    sent = doc.sentence_of(event.name.start)
    return sent is not None and sent.headline


def _ends_a_part(name: str, head: str) -> bool:
    """Does the name, or one of its parts joined by 暨, end with ``head`` or with a head that
    opens with it (参加|培训 of …培训班)?"""
    return any(part.endswith(head) or (event_head_of(part) or "").startswith(head) for part in name.split("暨"))


@register("events")
class EventReader(Component):
    def __init__(self) -> None:
        self._ceremonies: dict[int, Event] = {}  # the ceremonies of a main event (出席开幕式) → that event

    def match(self, doc: Doc) -> list[Event]:
        events: list[Event] = []
        short_names: dict[str, Event] = {}  # （以下简称“工匠大会”） → the event it names
        day = _Days.of(doc)
        for sent in doc.sents:
            named = False
            for name in find_names(doc, sent):
                defined = SHORT_NAME.match(sent.text, name.end)  # a definition makes the event, no more
                short = short_names.get(sent.text[name.start : name.end].strip("“”‘’\"「」"))
                if short is not None:
                    short.aliases.append(_event_mention(doc, sent, name))
                    event = short
                else:
                    event = self._event_of(doc, sent, replace(name, reported=True) if defined else name, events)
                if defined and event is not None:
                    short_names[defined["short"]] = event
                named = named or event is not None
                if event is not None and (name.reported or event.kind == VISIT) and not sent.headline:
                    self._describe(doc, sent, name, event, day)
                elif event is not None and name.reported:
                    event.places += [p for p in as_places(located(doc, sent)) if p.text not in texts(event.places)]
            if sent.headline and not named and (visit := _headline_visit(doc, sent) or _headline_meeting(doc, sent)):
                events.append(visit)
        for event in events:
            if event.kind == MEETING and event.name.source == "headline":
                self._meeting_in_body(doc, event, day)
        self._places_visited(doc, events)
        for event in events:  # 大赛在某学院开幕 … 出席开幕式: the ceremony is where its event opened
            main = self._ceremonies.get(id(event))
            if main is not None and not event.places:
                event.places = list(main.places)
        self._ceremonies.clear()
        for event in events:
            if event.kind != VISIT:  # a visit's stops: each division and site it went to
                event.places = without_venues_divisions(doc, event.places)
            event.places = event.places or as_places(named_division(doc, event))
        return events

    @staticmethod
    def _places_visited(doc: Doc, events: list[Event]) -> None:
        """Where a sentence that names no event goes (随后，某某一行来到A和B): to the event its
        paragraph spoke of last, else the article's first."""
        if not events:
            return
        for paragraph in doc.paragraphs():
            current = None
            for sent in paragraph:
                named = [e for e in events if any(sent.contains(m) for m in (e.name, *e.aliases))]
                if named:
                    current = named[-1]
                    continue
                target = current or events[0]
                stop = opening_stop(doc, sent) if target.kind == VISIT else []
                if target.places and not within(stop, target.places):
                    stop = []  # (在某县某村，: a stop of the visit where it went to 某县, or in it)
                found = located(doc, sent, motion_only=True) + stop
                target.places += [p for p in as_places(found) if p.text not in texts(target.places)]

    def _meeting_in_body(self, doc: Doc, event: Event, day: _Days) -> None:
        """The body's 会见 of a meeting its headline reports: an alias, and the sentence that
        says it gives its date and place and the persons it joins (甲3日在某地会见乙)."""
        verb = _MEETING.search(event.name.text)
        for sent in doc.sents:
            if sent.headline:
                continue
            for found in re.finditer(verb.group(), sent.text):
                mention = doc.mention(sent.start + found.start(), sent.start + found.end(), Kind.EVENT, "grammar")
                event.aliases.append(mention)
                name = EventName(found.start(), found.end(), verb.group(), MEETING, True, False, True)
                self._describe(doc, sent, name, event, day)
                clause = clause_around(sent.text, found.start())
                at = sent.text.rfind("在", clause[0], found.start())
                places = [m for m in as_places(doc.in_sentence(sent, (Kind.PLACE,)))
                          if at >= 0 and sent.start + at < m.start and m.end <= sent.start + found.start()]
                if not places and at >= 0 and gazetteer.load().lookup(sent.text[at + 1 : found.start()]):
                    places = [doc.mention(sent.start + at + 1, sent.start + found.start(), Kind.PLACE, "gazetteer")]
                event.places += [m for m in places if m.text not in texts(event.places)]
                known = {p.who.text for p in event.participants}
                event.participants += [Participant(m, "attendee", doc.evidence(sent))
                                       for m in doc.in_sentence(sent, (Kind.PERSON,)) if m.source != "byline"
                                       and clause[0] <= m.start - sent.start < clause[1] and m.text not in known]

    def set_annotations(self, doc: Doc, found: list[Event]) -> None:
        doc.events = found
        names = [(m.start, m.end) for e in found for m in (e.name, *e.aliases)]
        # the tagger may read a whole event name as an organization's (…博览会): it is the event
        doc.mentions = [m for m in doc.mentions if not (m.kind == Kind.ORGANIZATION and any(
            s <= m.start and m.end == e for s, e in names))]

    def _event_of(self, doc: Doc, sent: Sent, name: EventName, events: list[Event]) -> Event | None:
        """The event this name is (a new one, or one named before), or None."""
        mention = _event_mention(doc, sent, name)
        surface = mention.text
        if sent.headline and name.kind == VISIT and (person_visit := _named_by_headline(doc, sent, name.end)):
            leader = doc.in_sentence(sent, (Kind.PERSON,))[0]  # 某某在某地调研: who leads the visit chairs it
            event = Event(name=person_visit, kind=VISIT, participants=[Participant(leader, "chair", doc.evidence(sent))],
                          evidence=doc.evidence(sent))
            events.append(event)
            return event
        known = next((e for e in reversed(events) if surface in texts([e.name, *e.aliases])), None)
        if known is None and name.kind == VISIT and not sent.headline and (visit := next(
                (e for e in events if e.kind == VISIT and e.name.source == "headline"), None)) is not None:
            visit.aliases.append(mention)  # the visit the headline reports (某工会赴某地调研…): 调研
            return visit
        if known is None and name.reference:
            known = next((e for e in reversed(events) if _ends_a_part(e.name.text, name.head)), None) or next(
                (e for e in reversed(events) if e.kind == name.kind and name.head in ("活动", "会议")), None)
            if known is not None:
                known.aliases.append(mention)
                return known
            if name.kind == CEREMONY and name.reported and surface == name.head:
                return self._ceremony_of_main(doc, sent, mention, name, events)
            if not (name.kind == VISIT and surface == name.head):
                return None  # 调研, 走访慰问: a visit is named by its verb, and a bare one is an event
        if known is None and name.kind == VISIT and surface == name.head and not REFERENCE.match(
                sent.text[max(0, name.start - 2) : name.start]):
            event = Event(name=mention, kind=name.kind, evidence=doc.evidence(sent))
            events.append(event)
            return event
        if known is None:
            ending = name.head + "仪式" if name.head in UNVEILINGS else name.head  # (…揭牌 of …揭牌仪式)
            known = next((e for e in reversed(events) if (
                _bare_headline_visit(doc, e, name) and event_head_of(e.name.text) in surface) or (
                e.name.text.endswith((name.head, ending)) and (e.name.text in surface or surface in e.name.text))), None)
            if known is not None:
                if len(surface) > len(known.name.text) and not sent.headline:
                    known.aliases.append(known.name)
                    known.name = mention
                else:
                    known.aliases.append(mention)
                return known
        if known is not None:
            known.aliases.append(mention)
            return known
        if not (name.reported or name.quoted or _held_in(sent.text, name)):
            return None
        event = Event(name=mention, kind=name.kind, evidence=doc.evidence(sent))
        events.append(event)
        self._ceremony_parent(doc, event, name, events)
        return event

    def _ceremony_of_main(self, doc: Doc, sent: Sent, mention: Mention, name: EventName,
                          events: list[Event]) -> Event | None:
        """``出席开幕式``: the opening ceremony of the article's main event."""
        main = next((e for e in events if e.kind != CEREMONY), None)
        if main is None:
            return None
        full = Mention(mention.start, mention.end, Kind.EVENT, main.name.text + name.head, "grammar")
        existing = next((e for e in events if e.name.text == full.text), None)
        if existing is not None:
            existing.aliases.append(mention)
            return existing
        event = Event(name=full, kind=CEREMONY, aliases=[mention], evidence=doc.evidence(sent))
        events.append(event)
        self._ceremonies[id(event)] = main
        return event

    def _ceremony_parent(self, doc: Doc, ceremony: Event, name: EventName, events: list[Event]) -> None:
        """…主题参观活动|启动仪式 reports the campaign too (…劳动竞赛|启动仪式暨…开工仪式 as well)."""
        first = ceremony.name.text.split("暨")[0]
        head = event_head_of(first)
        if name.kind != CEREMONY or head is None or event_heads()[head] != CEREMONY:
            return
        rest = first[: -len(head)]
        head = event_head_of(rest)
        if head is None or event_heads()[head] == CEREMONY or rest == head:
            return
        mention = Mention(ceremony.name.start, ceremony.name.start + len(rest), Kind.EVENT, rest, "grammar")
        known = next((e for e in events if e is not ceremony and e.name.text.endswith(head) and (
            e.name.text in rest or rest in e.name.text or rest in texts(e.aliases))), None)
        if known is None:
            events.append(Event(name=mention, kind=event_heads()[head], evidence=ceremony.evidence))
        elif len(rest) > len(known.name.text):  # the headline's 主题参观活动 is 某区总工会“…”主题参观活动
            known.aliases.append(known.name)
            known.name = mention
        elif rest != known.name.text:
            known.aliases.append(mention)

    def _describe(self, doc: Doc, sent: Sent, name: EventName, event: Event, day: _Days) -> None:
        """Date and places from a sentence that reports the event."""
        if event.date is None:
            dates = find_dates(sent.text, today=day.today, filed=day.filed)
            stamp = dateline(sent.text)  # the day the copy was filed, not the event's, when it says that
            if stamp:
                dates = [d for d in dates if d.start >= stamp.end] or dates
            before = [d for d in dates if d.end <= name.start]
            if before or dates:
                event.date = (before[-1] if before else dates[0]).value
            elif _SAME_DAY.search(sent.text[: name.start]) or _after_event().match(sent.text, 0, name.start):
                event.date = _last_date_before(doc, sent)
        event.places += [p for p in as_places(located(doc, sent)) if p.text not in texts(event.places)]


def _headline_visit(doc: Doc, sent: Sent) -> Event | None:
    """A headline that reports a visit by its verbs and names no event (某区总工会赴结对帮扶乡镇开展
    对口支援, 省总工会领导赴莞调研…): the visit, named by the headline, at the places it goes to."""
    motion = next((p for p, v in sent.verbs if v.motion and p > 0), None)
    if motion is None or not _VISITING.search(sent.text, motion):
        return None
    start = _headline_start(sent)
    mention = _headline_name(sent, start, sent.text[start:].rstrip())
    return Event(name=mention, kind=VISIT, places=as_places(located(doc, sent, motion_only=True)),
                 evidence=doc.evidence(sent))


_MEETING = re.compile(r"会见|会晤|接见|会谈")  # what a headline reporting a meeting of persons says
_LEADERS_MEETING = re.compile(r"[\u4e00-\u9fff]{0,8}(?:领导|领导人)(?:会见|会晤|接见|会谈)")  # 某省领导会见…
_SAID_THEN = re.compile(r"时(?:强调|指出|表示|要求)$")  # 某某在某地调研|时强调: what follows the event


def _headline_start(sent: Sent) -> int:
    """Where a headline's words start, past its Markdown marks."""
    return len(sent.text) - len(sent.text.lstrip("#＃ \t"))


def _named_by_headline(doc: Doc, sent: Sent, end: int) -> Mention | None:
    """The headline up to ``end`` as an event's name, when it opens with the person who does it,
    after their posts or not (某某在某地调研|时强调, 区委副书记某某来校调研, 某某会见某国议长某某): the
    text names that visit or meeting no other way."""
    start = _headline_start(sent)
    persons = doc.in_sentence(sent, (Kind.PERSON,))
    if not persons or not _opens_with(doc, sent, sent.start + start, persons[0]):
        return None
    return _headline_name(sent, start, _SAID_THEN.sub("", sent.text[start:end].rstrip()))


def _opens_with(doc: Doc, sent: Sent, start: int, person: Mention) -> bool:
    """Does ``person`` open the text from ``start`` on, after nothing but their posts (区委副书记|某某)?"""
    position = start
    for post in sorted(doc.in_sentence(sent, (Kind.TITLE, Kind.ORGANIZATION)), key=lambda m: m.start):
        if post.end > person.start:
            break
        if post.start != position and doc.text[position : post.start] != "、":
            return False
        position = post.end
    return position == person.start


def _named_by_leaders(sent: Sent) -> Mention | None:
    """The headline as a meeting's name when it opens with leaders named as such (某省领导|会见…,
    国家领导人会见…): the body names who they were."""
    start = _headline_start(sent)
    if not _LEADERS_MEETING.match(sent.text, start):
        return None
    return _headline_name(sent, start, sent.text[start:].rstrip())


def _headline_name(sent: Sent, start: int, text: str) -> Mention:
    """``text``, written in the headline from ``start`` on, as an event's name."""
    return Mention(sent.start + start, sent.start + start + len(text), Kind.EVENT, text, "headline")


def _headline_meeting(doc: Doc, sent: Sent) -> Event | None:
    """A headline that reports persons meeting (甲会见乙): the meeting, named by the headline,
    with the persons it names as attendees."""
    verb = _MEETING.search(sent.text)
    mention = verb and (_named_by_headline(doc, sent, len(sent.text)) or _named_by_leaders(sent))
    if not mention:
        return None
    persons = doc.in_sentence(sent, (Kind.PERSON,))
    return Event(name=mention, kind=MEETING, participants=[Participant(p, "attendee") for p in persons],
                 evidence=doc.evidence(sent))


def _event_mention(doc: Doc, sent: Sent, name: EventName) -> Mention:
    """The event name as a mention; a name quoted whole is named without its quotes
    (“工匠大会” → 工匠大会), as a name quoted in part keeps them (“送清凉”活动)."""
    mention = doc.mention(sent.start + name.start, sent.start + name.end, Kind.EVENT, "grammar")
    inner = mention.text[1:-1]
    if mention.text[:1] in "“‘「" and mention.text[-1:] in "”’」" and not re.search("[“”‘’「」]", inner):
        return Mention(mention.start, mention.end, Kind.EVENT, inner, "grammar")
    return mention


def _last_date_before(doc: Doc, sent: Sent) -> str | None:
    """The date 当天 refers to: the last one the article gave before ``sent``."""
    earlier = [s for s in doc.sents if not s.headline and s.start < sent.start]
    for previous in reversed(earlier):
        dates = find_dates(previous.text)
        if dates:
            return dates[-1].value
    return None


@dataclass(frozen=True, slots=True)
class _Days:
    """What an article's dates count from: the date its dateline filed it on (新华社北京5月20日电),
    which bare days (27日) count back from, and the date its news is of, which 今天/昨天 count
    from: the dateline's, else the first date of its lead paragraph (本报讯…5月12日，…)."""

    filed: str | None
    today: str | None

    @classmethod
    def of(cls, doc: Doc) -> _Days:
        first = next((s for s in doc.sents if not s.headline), None)
        filed = dateline(first.text) if first else None
        if filed:
            return cls(filed.value, filed.value)
        lead = next((p for p in doc.paragraphs() if not p[0].headline), [])
        return cls(None, next((dates[0].value for sent in lead if (dates := find_dates(sent.text))), None))
