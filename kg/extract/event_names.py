"""Event names: the candidates one sentence offers, for :mod:`kg.extract.events` to decide on.

An event name is a noun phrase that ends in an event head (``event_heads.tsv``: 座谈会, 仪式,
竞赛, 活动, 培训班, 调研 …; the last of several in a row: 活动|启动仪式), read leftwards over
words, quoted titles and short inserts (（扩大）) up to a verb that frames it, a function word, a
time, a person or punctuation (``event_stopwords.txt`` and the framing verbs of ``verbs.tsv``);
a head that ends a quote names the quoted event (“工匠大会”). Each candidate says whether its
sentence reports it happening, whether it is quoted and whether it refers to an event named
before (a bare head, or a name after 本次/此次/该).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from kg.extract.doc import Doc, Sent
from kg.extract.lexicon import (
    SHORT_NAME,
    UNVEILINGS,
    event_head_of,
    event_heads,
    event_heads_by_length,
    org_suffixes,
    stop_words,
    venue_heads,
    verbs,
)
from kg.model import Kind

MAX_EVENT = 60
MAX_HEAD = 6  # characters of the longest event head
REFERENCE = re.compile(r"^(?:本届|本次|此次|这次|该项|该|本场|这场|这项|此项|上述|本)")  # a name for one named before
_KINDS_OF = re.compile(r"^(?:各类|各种|各项|各式|多种|多类|各级)")
_FILLER = re.compile(r"^(?:一系列|系列|了|的|[一两二三四五六七八九十几多\d]+[场次个项期])+")
_QUOTE_PAIRS = {"”": "“", "》": "《", "」": "「", "’": "‘"}
_BRACKET_PAIRS = {"）": "（", ")": "("}  # a short insert: 十五届八次全委（扩大）会议
MAX_INSERT = 8
_WORDISH = re.compile(r"[\u4e00-\u9fff0-9A-Za-z·'—\-]")
_DATE_WORD = re.compile(r"^(?:\d+|[一二三四五六七八九十]+)?[月日号]$|^\d+日$")
_INSIDE = re.compile(r"^(?:上|期间|中|现场|开幕式上|闭幕式上)[，,]")
CEREMONY = "Ceremony"
MEETING = "Meeting"
_NUMERAL_WORD = re.compile(r"\d+|[一二三四五六七八九十]+")
_AGES = frozenset({"周年", "青年", "少年", "老年", "中年"})  # jieba's time words that are no time
# jieba's time words for the part of a year an event's edition is of (2025年上半年|安全生产表彰大会, 秋季|运动会);
# a festival (中国农民丰收节, 医师|节), which jieba tags a time too, is part of the name of an event held for it
_PERIODS = frozenset({"春季", "夏季", "秋季", "冬季", "上半年", "下半年", "全年", "暑期", "寒假", "暑假"})
_NOT_GATHERINGS = ("委会", "事会", "社会", "机会", "体会", "省会", "都会", "研究会", "学会")
VISIT = "Visit"
FESTIVAL = "Exhibition"  # a festival is a show (kg:Exhibition, 展演)
EDITION = re.compile(r"(?:第[一二三四五六七八九十百\d]+届|首届)")  # 第七届, 首届: an edition of a named event
_EDITION_BEFORE = re.compile(EDITION.pattern + r"[^，,。；;：:、]*$")


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
                               and not (kind == Kind.TITLE and e < end and len(head) >= 3)
                               for s, e, kind in blocked):
            continue  # inside a name (the tagger may read a whole event name as an organization's; not a
            # title jieba's words made of the head's start: 春|运动员|会, a 动员会)
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
        reference = REFERENCE.match(text[start:end])
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
        if (pos == "t" and word not in _AGES and word not in _PERIODS and not word.endswith("节")) or _is_date_word(text, words, j) or any(s <= start < e for s, e in persons):
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


_HABITUAL = re.compile(r"每周|每月|每年|每季度|每逢|定期|不定期|经常|常态化|持续")


def _reported(sent: Sent, start: int, end: int, next_start: int | None = None) -> bool:
    """Does the sentence report the event happening (召开…座谈会, …在杭州举行, 出席开幕式)? A
    verb after the name counts up to the end of its clause or the next name (``next_start``)."""
    text = sent.text
    if _HABITUAL.search(text, max(text.rfind(mark, 0, start) for mark in "，,。；;：:") + 1, start):
        return False  # 每周都在工作室开设技能小课堂, 将持续开展…行动: what is done again and again
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
