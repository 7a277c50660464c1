"""Events: the happenings an article reports, with their dates and places.

An event name is a noun phrase that ends in an event head (``event_heads.tsv``: 座谈会, 仪式,
竞赛, 活动, 培训班, 调研 …; the last of several in a row: 活动|启动仪式), read leftwards over
words, quoted titles and short inserts (（扩大）) up to a verb that frames it, a function word, a
time, a person or punctuation (``event_stopwords.txt`` and the framing verbs of ``verbs.tsv``);
a head that ends a quote names the quoted event (“工匠大会”). It is an event when the
sentence reports it happening — a verb of ``verbs.tsv`` that reports events stands before it
(召开, 举办, 出席, 主持 …) or after it in its clause (…在杭州举行) — or when its name is quoted.
A bare head (会议, 大赛) or a name after 本次/此次/该 refers to an event named before; a bare
ceremony that is reported (出席开幕式) is the ceremony of the article's main event; a ceremony of a
named event (…主题活动|启动仪式) reports that event too.

An event's date is the date its reporting sentence gives (今天/昨天 count from the dateline's; a
sentence placed at another event, 开工仪式后 or 论坛期间, is of the last date given);
its places are what 在/于 names in that sentence (the last of a chain of divisions, 在某省某市某区)
and what a verb of going reaches (赴, 走进, 参观…), there or in a later sentence of its paragraph
that names no other event; failing those, the
division its name opens with (2024年|成都市|职工技能大赛). A venue need not be a mention: 在 + a name
ending in a venue word (``venue_heads.txt``: …厅, …中心, …基地) + the reporting verb is one.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, replace

from kg.extract import gazetteer
from kg.extract.component import Component, register
from kg.extract.dates import dateline, find_dates
from kg.extract.doc import Doc, Sent
from kg.extract.lexicon import (
    SHORT_NAME,
    UNVEILINGS,
    by_length,
    event_head_of,
    event_heads,
    event_heads_by_length,
    org_class_nouns,
    org_suffixes,
    sited_org_suffixes,
    stop_words,
    venue_heads,
    verbs,
)
from kg.extract.places import countries
from kg.model import Event, Kind, Mention, Participant

MAX_EVENT = 60
MAX_HEAD = 6  # characters of the longest event head
MAX_LOCATIVE_GAP = 16  # characters from a place after 在 to the verb that happens there
_REFERENCE = re.compile(r"^(?:本届|本次|此次|这次|该项|该|本场|这场|这项|此项|上述|本)")
_KINDS_OF = re.compile(r"^(?:各类|各种|各项|各式|多种|多类|各级)")
_FILLER = re.compile(r"^(?:一系列|系列|了|的|[一两二三四五六七八九十几多\d]+[场次个项期])+")
_QUOTE_PAIRS = {"”": "“", "》": "《", "」": "「", "’": "‘"}
_BRACKET_PAIRS = {"）": "（", ")": "("}  # a short insert: 十五届八次全委（扩大）会议
MAX_INSERT = 8
_WORDISH = re.compile(r"[\u4e00-\u9fff0-9A-Za-z·'—\-]")
_DATE_WORD = re.compile(r"^(?:\d+|[一二三四五六七八九十]+)?[月日号]$|^\d+日$")
_INSIDE = re.compile(r"^(?:上|期间|中|现场|开幕式上|闭幕式上)[，,]")
# 在某馆, 在学校某馆: where something happens, up to two characters before its name
_LOCATIVE_BEFORE = re.compile(r"[在于](?P<between>[\u4e00-\u9fff]{0,2})$")
# 在 + a venue's name + a verb (在人民大会堂北大厅举行); 在 is not part of 正在, 现在, 存在 …
_VENUE = re.compile(r"(?<![正现存实所自内好旨])在(?=[\u4e00-\u9fff0-9A-Za-z])")
# 代表团还将赴上海: a going yet to come, in a sentence that names no event, is no place the event went
_FUTURE = frozenset({"将", "即将", "拟", "计划", "准备"})
# 当天, or a sentence opening on the article's gathering (会后，…; 会见前，…): the same day as it
_SAME_DAY = re.compile(r"当天|当日|同日|同一天|^随后|^(?:会|会议|会见|会谈|仪式|活动)(?:前|后|上|结束后|期间)")


@functools.cache
def _after_event() -> re.Pattern:
    """A sentence that opens by placing itself at an event (开工仪式后，…; 论坛期间，…; 会前，…
    but not 发布会前一天): the same day as the last date the article gave."""
    heads = "|".join(map(re.escape, event_heads_by_length()))
    return re.compile(rf"^[^，,。；;]{{0,24}}?(?:{heads})(?:后|上|结束后|之后|期间|前(?![一二两三几]天|夕))")
_MANNER = re.compile(r"(?:隆重|正式|顺利|成功|盛大|同时|共同|联合)$")  # 在某馆|隆重|举行
CEREMONY = "Ceremony"
MEETING = "Meeting"
_NUMERAL_WORD = re.compile(r"\d+|[一二三四五六七八九十]+")
_AGES = frozenset({"周年", "青年", "少年", "老年", "中年"})  # jieba's time words that are no time
_NOT_GATHERINGS = ("委会", "事会", "社会", "机会", "体会", "省会", "都会", "研究会", "学会")
VISIT = "Visit"
_VISITING = re.compile(r"调研|走访|慰问|看望|考察|督导|检查|开展")  # what a visit a headline reports does
FESTIVAL = "Exhibition"  # a festival is a show (kg:Exhibition, 展演)
_EDITION_BEFORE = re.compile(r"(?:第[一二三四五六七八九十百\d]+届|首届)[^，,。；;：:、]*$")


@dataclass(frozen=True, slots=True)
class EventName:
    start: int  # offsets in the sentence
    end: int
    head: str
    kind: str
    reference: bool
    quoted: bool
    reported: bool


@functools.cache
def _stops() -> frozenset[str]:
    """Words a name never runs across: the stop words, and the verbs that frame an event
    (召开, 出席), say or appoint (not 交流, 参观 or 授予, which name events too: 主题参观活动)."""
    framing = {v.word for v in verbs().values() if v.reports_before or v.speech or v.appoints}
    return stop_words() | framing


def find_names(doc: Doc, sent: Sent) -> list[EventName]:
    """Event-name candidates of one sentence."""
    text = sent.text
    ends = {end for _, end, _ in sent.words}
    blocked = [(m.start - sent.start, m.end - sent.start, m.kind)
               for m in doc.in_sentence(sent, (Kind.PERSON, Kind.TITLE, Kind.HONOR, Kind.ORGANIZATION))]
    names = []
    for index, (word_start, end, pos) in enumerate(sent.words):
        if text[word_start] == "节" and text[word_start + 1 : end] in ("在", "于"):
            end = word_start + 1  # 丰收|节在|某乡: jieba's HMM glued the preposition to a festival's 节
        head = event_head_of(text[:end]) or _meeting_word(text[word_start:end], pos) \
            or _festival_word(text, word_start, end)
        if head is None or any((s < end - len(head) < e or s < end < e) and not (kind == Kind.ORGANIZATION and e == end)
                               for s, e, kind in blocked):
            continue  # inside a name (the tagger may read a whole event name as an organization's)
        if index + 1 < len(sent.words) and _continues(text, sent.words[index + 1], ends):
            continue  # the name runs on (大会|开幕式, 活动|启动仪式): wait for its last head
        if text.startswith(venue_heads(), end) and not text.startswith(event_heads_by_length(), end):
            continue  # 学术会议|中心, 会议|室: a venue named by what is held there
        quoted = _quoted_around(text, end - len(head), end)
        if quoted is not None:  # “工匠大会”: the quoted name, quotes and all
            names.append(EventName(quoted[0], quoted[1], head, _kind_of(head), False, True, False))
            continue
        start = _extend_left(doc, sent, end - len(head), end)
        if _kind_of(head) == VISIT and not sent.headline and _gone_to(doc, sent, end - len(head)):
            start = end - len(head)  # 深入某乡|调研走访: where the visit goes, no part of its name
        filler = _FILLER.match(text[start:end])
        if filler and filler.end() < end - start:
            start += filler.end()
        reference = _REFERENCE.match(text[start:end])
        if reference and reference.end() < end - start:
            start += reference.end()
        surface = text[start:end]
        if _KINDS_OF.match(surface):
            continue  # 举办各类职工技能培训班46期: a count of events of a kind, none of them named
        unveiled = head in UNVEILINGS and surface != head and text[:start].endswith("为")  # the act itself
        names.append(EventName(start, end, head, _kind_of(head), bool(reference) or surface == head,
                               "“" in surface or "《" in surface, unveiled))
    names = _joined(text, names)
    names = [n for n in names if not any(o is not n and o.start <= n.start and n.end <= o.end for o in names)]
    starts = sorted(n.start for n in names)
    return [replace(n, reported=n.reported or _reported(sent, n.start, n.end, next((s for s in starts if s >= n.end), None)))
            for n in names]


def _gone_to(doc: Doc, sent: Sent, offset: int) -> bool:
    """Do places a verb of going names end at ``offset`` (深入|大鄣山乡、溪头乡|调研)?"""
    places = {m.end - sent.start: m.start - sent.start for m in doc.in_sentence(sent, (Kind.PLACE,))}
    motion_ends = {position + len(verb.word) for position, verb in sent.verbs if verb.motion}
    while offset in places:
        offset = places[offset]
        if offset in motion_ends:
            return True
        if sent.text[offset - 1 : offset] in ("、", "和"):
            offset -= 1
    return False


def _meeting_word(word: str, pos: str) -> str | None:
    """A noun of three or more characters ending in 会 names a gathering (招待会, 欢迎会, 通气会)
    unless it names a body (工会, 委员会, 董事会: ``org_suffixes.txt``) or no gathering (社会)."""
    if len(word) >= 3 and word.endswith("会") and pos.startswith(("n", "vn", "l")) and not pos.startswith("nr") \
            and not word.endswith((*org_suffixes(), *_NOT_GATHERINGS)):
        return word
    return None


def _festival_word(text: str, start: int, end: int) -> str | None:
    """A word of three or more characters ending in 节 after an edition in its clause names a
    festival (第十届婺源绿茶|开茶节, 首届职工文化|艺术节); without one it may be a holiday (春节)."""
    if text[end - 1] != "节" or end < 3:
        return None
    start = min(start, end - 3)  # 农民|丰收|节: the words before a bare 节 name it
    if all("\u4e00" <= c <= "\u9fff" for c in text[start:end]) and \
            _EDITION_BEFORE.search(text[max(0, start - 16) : start]):
        return text[start:end]
    return None


def _kind_of(head: str) -> str:
    return event_heads().get(head, FESTIVAL if head.endswith("节") else MEETING)


def _ends_a_part(name: str, head: str) -> bool:
    """Does the name, or one of its parts joined by 暨, end with ``head``?"""
    return any(part.endswith(head) for part in name.split("暨"))


def _joined(text: str, names: list[EventName]) -> list[EventName]:
    """``A暨B``: one event whose name runs from A's start (…竞赛启动仪式暨…工程开工仪式)."""
    by_end = {n.end: n for n in names}
    joined = []
    for name in sorted(names, key=lambda n: n.start):
        joint = text.rfind("暨", 0, name.end)
        first = by_end.get(joint) if joint >= name.start - 1 else None
        if first is not None and first.start < name.start and not text[joint + 1 : name.start].strip():
            name = replace(name, start=first.start, reference=False, quoted=name.quoted or first.quoted)
            by_end[name.end] = name
        joined.append(name)
    return joined


def _quoted_around(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the quotes the head ends, when it ends them: “工匠大会”, ‘工匠大会’."""
    closer = text[end : end + 1]
    opener = {"”": "“", "’": "‘", "」": "「"}.get(closer)
    if opener is None:
        return None
    opening = text.rfind(opener, max(0, start - 40), start)
    if opening < 0 or re.search(r"[，,。；;]", text[opening:start]):
        return None
    return opening, end + 1


def _continues(text: str, following: tuple[int, int, str], ends: set[int]) -> bool:
    """Does a further head follow at once, ending where a word ends (大会|开幕式)?"""
    word = text[following[0] : following[1]]
    if word in _stops() or not _WORDISH.match(word[0]):
        return False
    heads = event_heads()
    return any(text[following[0] : end] in heads for end in ends if 0 < end - following[0] <= MAX_HEAD)


def _extend_left(doc: Doc, sent: Sent, left: int, end: int) -> int:
    text = sent.text
    inside = next(((s, e) for s, e, _ in sent.words if s < left < e), None)
    if inside is not None:  # 专题学习|会: the head starts inside a word; take the word unless it opens with a verb
        prefix = text[inside[0] : left]
        if prefix in _stops() or any(prefix.startswith(v) for v in _stops() if len(v) > 1):
            return left
        left = inside[0]
    persons = {(m.start - sent.start, m.end - sent.start) for m in doc.in_sentence(sent, (Kind.PERSON,))}
    words = [w for w in sent.words if w[1] <= left]
    j = len(words) - 1
    while j >= 0:
        start, word_end, pos = words[j]
        word = text[start:word_end]
        pairs = {**_QUOTE_PAIRS, **_BRACKET_PAIRS}
        if word in pairs:
            reach = MAX_INSERT + 2 if word in _BRACKET_PAIRS else 42
            opening = text.rfind(pairs[word], max(0, word_end - reach), word_end - 1)
            if opening < 0 or (word in _BRACKET_PAIRS and SHORT_NAME.match(text, opening)):
                break
            left = opening
            while j >= 0 and words[j][0] >= opening:
                j -= 1
            continue
        joined = text.startswith("暨", word_end)
        if (word in _stops() and not joined) or (not _WORDISH.match(word[0]) and word != "暨"):
            break
        if (pos == "t" and word not in _AGES) or _is_date_word(text, words, j) or any(s <= start < e for s, e in persons):
            break
        if end - start > MAX_EVENT:
            break
        left = start
        j -= 1
    return left


def _is_date_word(text: str, words: list[tuple[int, int, str]], j: int) -> bool:
    """Is the ``j``-th word part of a date (5月, 12日; a bare 号 only after a number: 青年文明|号 is
    no date)?"""
    start, end, _ = words[j]
    word = text[start:end]
    if not _DATE_WORD.match(word):
        return False
    return len(word) > 1 or (j > 0 and bool(_NUMERAL_WORD.fullmatch(text[words[j - 1][0] : words[j - 1][1]])))


def _reported(sent: Sent, start: int, end: int, next_start: int | None = None) -> bool:
    """Does the sentence report the event happening (召开…座谈会, …在杭州举行, 出席开幕式)? A
    verb after the name counts up to the end of its clause or the next name (``next_start``)."""
    text = sent.text
    before = re.sub(r"(?:了|的|一场|一次|一个|一项|一期|首场)+$", "", text[:start])
    for size in range(min(6, len(before)), 0, -1):
        verb = verbs().get(before[-size:])
        if verb and (verb.reports_before or verb.role):
            return True
    # 召开…学习…暨…座谈会: a framing verb earlier in the clause, when the name's start is unsure
    clause_start = max(max(before.rfind(mark) for mark in "，,。；;：:") + 1, len(before) - MAX_EVENT)
    if any(clause_start <= p < len(before) and v.reports_before and v.organizes for p, v in sent.verbs):
        return True
    clause_end = end + re.search(r"[，,。；;！？!?]|$", text[end:]).start()
    after_end = min(clause_end, next_start if next_start is not None else len(text))
    if any(end <= p < after_end and v.reports_after for p, v in sent.verbs):
        return True
    return bool(_INSIDE.match(text[end:]))


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
                    event.places += [p for p in _as_places(_located(doc, sent)) if p.text not in _texts(event.places)]
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
            if not event.places:
                event.places = _as_places(_named_division(doc, event))
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
                target.places += [p for p in _as_places(_located(doc, sent, motion_only=True))
                                  if p.text not in _texts(target.places)]

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
                clause = _clause_around(sent.text, found.start())
                at = sent.text.rfind("在", clause[0], found.start())
                event.places += [m for m in _as_places(doc.in_sentence(sent, (Kind.PLACE,)))
                                 if at >= 0 and sent.start + at < m.start and m.end <= sent.start + found.start()
                                 and m.text not in _texts(event.places)]
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
            event = Event(name=person_visit, kind=VISIT, evidence=doc.evidence(sent))  # 某某在某地调研
            events.append(event)
            return event
        known = next((e for e in reversed(events) if surface in _texts([e.name, *e.aliases])), None)
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
        if known is None and name.kind == VISIT and surface == name.head and not _REFERENCE.match(
                sent.text[max(0, name.start - 2) : name.start]):
            event = Event(name=mention, kind=name.kind, evidence=doc.evidence(sent))
            events.append(event)
            return event
        if known is None:
            ending = name.head + "仪式" if name.head in UNVEILINGS else name.head  # (…揭牌 of …揭牌仪式)
            known = next((e for e in reversed(events) if e.name.text.endswith((name.head, ending))
                          and (e.name.text in surface or surface in e.name.text)), None)
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
        if not (name.reported or name.quoted):
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
            e.name.text in rest or rest in e.name.text or rest in _texts(e.aliases))), None)
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
        event.places += [p for p in _as_places(_located(doc, sent)) if p.text not in _texts(event.places)]


def _to_come(sent: Sent, start: int, end: int) -> bool:
    """Does a word of the future stand in ``sent.text[start:end]``, before a verb, a preposition
    or an adverb (还将|赴, 将|于7月; not the 将 of 将|慰问品送到…)?"""
    words = [w for w in sent.words if start <= w[0] <= end]
    return any(sent.text[s:e] in _FUTURE and following[2].startswith(("v", "p", "d"))
               for (s, e, _), following in itertools.pairwise(words))


def _located(doc: Doc, sent: Sent, motion_only: bool = False) -> list[Mention]:
    """Places a sentence says something happens at (在/于 X …举行) or goes to (赴, 来到, 走进 X、Y)."""
    text = sent.text
    mentions = doc.in_sentence(sent, (Kind.PLACE, Kind.ORGANIZATION))
    outer = [m for m in mentions if not any(o is not m and o.start <= m.start and m.end <= o.end for o in mentions)]
    motion_ends = {position + len(verb.word) for position, verb in sent.verbs if verb.motion
                   and not (motion_only and _to_come(sent, _clause_around(text, position)[0], position))}
    found: list[Mention] = []
    for i, mention in enumerate(outer):
        start = mention.start - sent.start
        before = text[max(0, start - 4) : start]
        if any(start - n in motion_ends and re.fullmatch(r"(?:了)?", text[start - n : start]) for n in (0, 1)):
            found += [site for m in _innermost(_run(outer[i:], sent, text, listed=True)) if (site := _site(m, mentions))]
        elif not motion_only and (locative := _LOCATIVE_BEFORE.search(before)) and \
                locative["between"] not in verbs() and _locative_ends(text, outer[i:], sent):
            found += _innermost(_run(outer[i:], sent, text))
    venues = _venues_visited(doc, sent, motion_ends) + ([] if motion_only else _venues_at(doc, sent))
    for venue in venues:
        inside = [m for m in mentions if venue.start <= m.start < m.end <= venue.end]
        named = _named(venue, inside)
        divisions = [m for m in inside if _is_division(m) and m is not named]
        if named is None and divisions and max(m.end for m in divisions) < venue.end:
            divisions.remove(max(divisions, key=lambda m: m.end))  # 北京市|职工服务中心: the name's own
        found = [m for m in found if m not in inside] + divisions + [named or venue]
    return found


def _innermost(run: list[Mention]) -> list[Mention]:
    """A chain of divisions each written inside the one before (在黑龙江省|大兴安岭地区|加格达奇区
    开赛, 赴房山区|张坊镇) says where by its last: those that hold the next are no places of their
    own."""
    gaz = gazetteer.load()
    kept = []
    for mention, following in zip(run, [*run[1:], None], strict=True):
        if following is not None and following.start == mention.end and _is_division(mention) \
                and _is_division(following):
            outer, inner = gaz.resolve(mention.text), gaz.resolve(following.text, context=[mention.text])
            if outer is not None and inner is not None and outer in gaz.parents(inner):
                continue
        kept.append(mention)
    return kept


def _is_division(mention: Mention) -> bool:
    """Is this a division, country or city (not a venue of its own)?"""
    return mention.kind == Kind.PLACE and (mention.source == "gazetteer" or bool(gazetteer.load().lookup(mention.text)))


def _names_division(mention: Mention) -> bool:
    """Does this mention, opening a venue's name, name the division it lies in (北京|人民大会堂,
    长辛店街道|某站) rather than begin the venue's own name (长辛店二七纪念馆: a town's short name)?"""
    if not _is_division(mention):
        return False
    divisions = gazetteer.load().lookup(mention.text)
    return any(d.name == mention.text or d.level != "town" for d in divisions) or not divisions


def _named(venue: Mention, inside: list[Mention]) -> Mention | None:
    """The mention that names the venue after the divisions it lies in (北京|人民大会堂), if any."""
    start = venue.start
    while True:
        named = next((m for m in inside if m.start == start and m.end == venue.end), None)
        if named is not None:
            return named
        division = next((m for m in inside if m.start == start and _names_division(m)), None)
        if division is None:
            return None
        start = division.end


def _venues_at(doc: Doc, sent: Sent) -> list[Mention]:
    """Venues named between 在 and the verb that reports or organizes what happens there
    (在人民大会堂北大厅举行, 在至善体育馆隆重举行); they stand for the mentions inside them
    unless those name the venue to its end."""
    found = []
    for match in _VENUE.finditer(sent.text):
        verb = next(((p, v) for p, v in sent.verbs if p > match.start()), None)
        if verb is None or not (verb[1].reports_before or verb[1].reports_after or verb[1].organizes):
            continue
        name = _MANNER.sub("", sent.text[match.end() : verb[0]])
        fronted = re.match(r"[^，,。；;：:]+(?=[，,])", name)  # 在某纪念馆，某工会召开…
        if fronted and fronted.group().endswith(venue_heads()):
            name = fronted.group()
        for preposition in re.finditer(r"[为向与同对给]", name):  # 在某厅|为某人|举行
            if name[: preposition.start()].endswith(venue_heads()):
                name = name[: preposition.start()]
                break
        found += _venue(doc, sent, match.end(), name)
    return found


def _venues_visited(doc: Doc, sent: Sent, motion_ends: set[int]) -> list[Mention]:
    """Venues a verb of going reaches, alone or in a list (来到某镇总工会职工之家和某快递服务站，)."""
    found = []
    for end in sorted(motion_ends):
        end += sent.text.startswith("了", end)
        clause = re.match(r"[^，,。；;：:！!？?]*", sent.text[end:]).group()
        if any(end < p < end + len(clause) for p, _ in sent.verbs):
            continue  # 来到车间看望职工: the clause goes on past the place
        for part in re.finditer(r"[^、和及与]+", clause):
            found += _venue(doc, sent, end + part.start(), part.group())
    return found


def _venue(doc: Doc, sent: Sent, start: int, name: str) -> list[Mention]:
    """``name`` (at ``start`` in the sentence) as a venue if it is one; neither a description
    before 的 (长江岸边的|磁湖湿地), nor a division before another (瑞士|日内瓦万国宫), nor a class
    noun (学校|至善体育馆) is part of it."""
    described = name.rfind("的") + 1
    start, name = start + described, name[described:]
    if not (2 <= len(name) <= 24 and name.endswith(venue_heads()) and re.fullmatch(r"[^，,。；;、：:“”]+", name)):
        return []
    start += sent.start
    places = doc.in_sentence(sent, (Kind.PLACE,))
    while leading := next((p for p in places if p.start == start and p.end < start + len(name) and _is_division(p)
                           and any(q.start == p.end and _is_division(q) for q in places)), None):
        name, start = name[leading.end - start :], leading.end  # 鹿泉区|石家庄市职业技能公共实训基地
    noun = next((n for n in by_length(org_class_nouns()) if name.startswith(n) and len(name) - len(n) >= 3), None)
    if noun:
        owner = _owner_before(doc, start, noun) if _generic(sent, start + len(noun), start + len(name)) else None
        if owner is not None:  # 公司|培训中心: the company's, named by it
            return [Mention(start, start + len(name), Kind.PLACE, owner.text + name[len(noun) :], "grammar")]
        name, start = name[len(noun) :], start + len(noun)
    return [doc.mention(start, start + len(name), Kind.PLACE, "grammar")]


_COMMON_POS = ("n", "vn", "v", "a", "an", "b", "j")  # a venue of these words alone has no name of its own


def _generic(sent: Sent, start: int, end: int) -> bool:
    """Is the page text ``[start, end)`` only common words (培训中心, 职工服务中心; not 至善体育馆)?"""
    inside = [pos for s, e, pos in sent.words if start <= sent.start + s and sent.start + e <= end]
    return bool(inside) and all(pos in _COMMON_POS for pos in inside)


def _owner_before(doc: Doc, start: int, noun: str) -> Mention | None:
    """The organization of the class ``noun`` names (公司, 学校) the article named last before ``start``."""
    endings = org_class_nouns()[noun]
    return next((m for m in reversed(doc.mentions) if m.kind == Kind.ORGANIZATION and m.end <= start
                 and doc.article.start <= m.start and m.text.endswith(endings)), None)


def _headline_visit(doc: Doc, sent: Sent) -> Event | None:
    """A headline that reports a visit by its verbs and names no event (某区总工会赴结对帮扶乡镇开展
    对口支援, 省总工会领导赴莞调研…): the visit, named by the headline, at the places it goes to."""
    motion = next((p for p, v in sent.verbs if v.motion and p > 0), None)
    if motion is None or not _VISITING.search(sent.text, motion):
        return None
    start = _headline_start(sent)
    text = sent.text[start:].rstrip()
    mention = Mention(sent.start + start, sent.start + start + len(text), Kind.EVENT, text, "headline")
    return Event(name=mention, kind=VISIT, places=_as_places(_located(doc, sent, motion_only=True)),
                 evidence=doc.evidence(sent))


_MEETING = re.compile(r"会见|会晤|接见|会谈")  # what a headline reporting a meeting of persons says
_SAID_THEN = re.compile(r"时(?:强调|指出|表示|要求)$")  # 某某在某地调研|时强调: what follows the event


def _headline_start(sent: Sent) -> int:
    """Where a headline's words start, past its Markdown marks."""
    return len(sent.text) - len(sent.text.lstrip("#＃ \t"))


def _named_by_headline(doc: Doc, sent: Sent, end: int) -> Mention | None:
    """The headline up to ``end`` as an event's name, when it opens with the person who does it
    (某某在某地调研|时强调, 某某会见某国议长某某): the text names that visit or meeting no other way."""
    start = _headline_start(sent)
    persons = doc.in_sentence(sent, (Kind.PERSON,))
    if not persons or persons[0].start != sent.start + start:
        return None
    text = _SAID_THEN.sub("", sent.text[start:end].rstrip())
    return Mention(sent.start + start, sent.start + start + len(text), Kind.EVENT, text, "headline")


def _headline_meeting(doc: Doc, sent: Sent) -> Event | None:
    """A headline that reports persons meeting (甲会见乙): the meeting, named by the headline,
    with the persons it names as attendees."""
    verb = _MEETING.search(sent.text)
    mention = verb and _named_by_headline(doc, sent, len(sent.text))
    if not mention:
        return None
    persons = doc.in_sentence(sent, (Kind.PERSON,))
    return Event(name=mention, kind=MEETING, participants=[Participant(p, "attendee") for p in persons],
                 evidence=doc.evidence(sent))


def _clause_around(text: str, position: int) -> tuple[int, int]:
    """The clause of ``text`` (between ，。；) that holds ``position``."""
    start = max(text.rfind(mark, 0, position) for mark in "，,。；;") + 1
    ends = [i for i in (text.find(mark, position) for mark in "，,。；;") if i >= 0]
    return start, min(ends, default=len(text))


def _event_mention(doc: Doc, sent: Sent, name: EventName) -> Mention:
    """The event name as a mention; a name quoted whole is named without its quotes
    (“工匠大会” → 工匠大会), as a name quoted in part keeps them (“送清凉”活动)."""
    mention = doc.mention(sent.start + name.start, sent.start + name.end, Kind.EVENT, "grammar")
    inner = mention.text[1:-1]
    if mention.text[:1] in "“‘「" and mention.text[-1:] in "”’」" and not re.search("[“”‘’「」]", inner):
        return Mention(mention.start, mention.end, Kind.EVENT, inner, "grammar")
    return mention


def _named_division(doc: Doc, event: Event) -> list[Mention]:
    """The division an event's name opens with (2024年|成都市|职工技能大赛, 通州区总工会…活动),
    when nothing else says where it happened."""
    name = event.name
    opening = name.start + len(re.match(r"[“‘「]?(?:(?:19|20)\d{2}年度?)?", name.text).group())
    return [m for m in doc.mentions if m.kind == Kind.PLACE and m.start == opening and m.end <= name.end
            and m.text not in countries()][:1]  # 中国|石化…竞赛 says nothing of where


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


def _run(mentions: list[Mention], sent: Sent, text: str, listed: bool = False) -> list[Mention]:
    """The first mention and those that follow it at once (or, in a list, after 、 和, and after
    the short name a bracket gives: 某经济技术开发区（以下简称“某经开区”）、某镇)."""
    run = [mentions[0]]
    for mention in mentions[1:]:
        gap = text[run[-1].end - sent.start : mention.start - sent.start]
        if listed and re.fullmatch(r"[(（](?:以下)?简称[“\"「]?", gap):
            continue  # the short name itself
        short = SHORT_NAME.match(gap)
        if short is not None:
            gap = gap[short.end() :]
        if gap == "" or (listed and re.fullmatch(r"[、和及与]", gap)):
            run.append(mention)
        else:
            break
    return run


def _site(mention: Mention, mentions: list[Mention]) -> Mention | None:
    """The place a visited mention stands for: a place itself, an organization that is a site
    (…研究院, …医院), else the division an organization's name opens with (延庆|南菜园项目部)."""
    if mention.kind == Kind.PLACE or mention.text.endswith(sited_org_suffixes()):
        return mention
    return next((m for m in mentions if m.kind == Kind.PLACE and m.start == mention.start and m.end < mention.end), None)


def _locative_ends(text: str, mentions: list[Mention], sent: Sent) -> bool:
    """Is ``在 X`` a place where something happens: X ends its clause, or a verb that reports
    or organizes an event follows in it (…在某馆隆重举行, …在某厅为某人举行欢迎仪式)?"""
    end = _run(mentions, sent, text)[-1].end - sent.start
    rest = text[end:]
    if not rest or rest[0] in "，,。；;":
        return True
    clause = rest[: re.search(r"[，,。；;]|$", rest).start()][:MAX_LOCATIVE_GAP]
    return any(verb.reports_before or verb.reports_after or verb.organizes or verb.role
               for position, verb in sent.verbs if end <= position < end + len(clause))


def _as_places(mentions: list[Mention]) -> list[Mention]:
    """Venues and divisions as places (an organization named as where something happens is
    its site); each name once."""
    places: list[Mention] = []
    for m in mentions:
        if m.text not in _texts(places):
            places.append(Mention(m.start, m.end, Kind.PLACE, m.text, m.source, m.score))
    return places


def _texts(mentions: list[Mention]) -> set[str]:
    return {m.text for m in mentions}
