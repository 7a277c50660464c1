"""Where an event is: the places a sentence that reports it names.

An event's places are what 在/于 names in that sentence (the last of a chain of divisions,
在某省某市某区; a venue without the divisions written before it, 在某市|某饭店) and what a verb
of going reaches (赴, 走进, 参观…), there or in a later sentence of its paragraph that names no
other event; failing those, the division its name opens with
(2024年|成都市|职工技能大赛). A venue need not be a mention: 在 + a name ending in a venue word
(``venue_heads.txt``: …厅, …中心, …基地) + the reporting verb is one.
"""

from __future__ import annotations

import functools
import itertools
import re

from kg.extract import gazetteer
from kg.extract.doc import Doc, Sent
from kg.extract.event_names import VISIT
from kg.extract.lexicon import (
    OWN,
    SHORT_NAME,
    VILLAGES,
    class_nouns_by_length,
    event_heads,
    event_heads_by_length,
    org_class_nouns,
    sited_org_suffixes,
    venue_heads,
    verbs,
)
from kg.extract.places import countries
from kg.model import Event, Kind, Mention

MAX_LOCATIVE_GAP = 16  # characters from a place after 在 to the verb that happens there
# 在某馆, 在学校某馆: where something happens, up to two characters before its name
_LOCATIVE_BEFORE = re.compile(r"[在于](?P<between>[\u4e00-\u9fff]{0,2})$")
# 在 + a venue's name + a verb (在人民大会堂北大厅举行); 在 is not part of 正在, 现在, 存在 …
_VENUE = re.compile(r"(?<![正现存实所自内好旨])在(?=[\u4e00-\u9fff0-9A-Za-z])")
# 代表团还将赴上海: a going yet to come, in a sentence that names no event, is no place the event went
_FUTURE = frozenset({"将", "即将", "拟", "计划", "准备"})
# 在某村，|他…, 在某镇，|慰问团一行…: someone is there (a group: 慰问组, 调研团, 服务队)
_VISITOR = re.compile(r"(?:他|她|他们|[\u4e00-\u9fff]{1,4}[组团队](?:一行|成员)?|一行)")
_MANNER = re.compile(r"(?:隆重|正式|顺利|成功|盛大|同时|共同|联合)$")  # 在某馆|隆重|举行


def _to_come(sent: Sent, start: int, end: int) -> bool:
    """Does a word of the future stand in ``sent.text[start:end]``, before a verb, a preposition
    or an adverb (还将|赴, 将|于7月; not the 将 of 将|慰问品送到…)?"""
    words = [w for w in sent.words if start <= w[0] <= end]
    return any(sent.text[s:e] in _FUTURE and following[2].startswith(("v", "p", "d"))
               for (s, e, _), following in itertools.pairwise(words))


def located(doc: Doc, sent: Sent, motion_only: bool = False) -> list[Mention]:
    """Places a sentence says something happens at (在/于 X …举行) or goes to (赴, 来到, 走进 X、Y)."""
    text = sent.text
    mentions = doc.in_sentence(sent, (Kind.PLACE, Kind.ORGANIZATION))
    outer = _outermost(mentions)
    said = min((position for position, verb in sent.verbs if verb.speech), default=len(text))
    motion_ends = {position + len(verb.word) for position, verb in sent.verbs if verb.motion
                   and not (motion_only and (_to_come(sent, clause_around(text, position)[0], position)
                                             or position > said))}  # 某某表示，欢迎…到某地: words, no going
    found: list[Mention] = []
    for i, mention in enumerate(outer):
        start = mention.start - sent.start
        before = text[max(0, start - 4) : start]
        if any(start - n in motion_ends and re.fullmatch(r"(?:了)?", text[start - n : start]) for n in (0, 1)):
            found += [site for m in _stops(_run(outer[i:], sent, text, listed=True)) if (site := _site(m, mentions))]
        elif not motion_only and (locative := _LOCATIVE_BEFORE.search(before)) and \
                locative["between"] not in verbs() and _locative_ends(text, outer[i:], sent):
            found += _innermost(_run(outer[i:], sent, text, listed=True))
    venues = _venues_visited(doc, sent, motion_ends) + ([] if motion_only else _venues_at(doc, sent))
    for venue in venues:  # the venue, not the divisions written in or before its name (在某市|某饭店)
        inside = [m for m in mentions if venue.start <= m.start < m.end <= venue.end]
        found = _before_venue(found, venue, inside) + [_named(venue, inside)]
    return found


def opening_stop(doc: Doc, sent: Sent) -> list[Mention]:
    """The places a sentence opens with, 在 + places + a comma, before a clause of someone (在某县某村，
    某某走进…; 在某镇，他…): in a report of a visit, a stop it made (not an organization: 在某公司，…)."""
    if not sent.text.startswith("在"):
        return []
    outer = _outermost(doc.in_sentence(sent, (Kind.PLACE, Kind.ORGANIZATION)))
    if not outer or outer[0].start != sent.start + 1:
        return []
    run = _run(outer, sent, sent.text, listed=True)
    comma = run[-1].end - sent.start
    spot = _SPOT.match(sent.text, comma)  # 在某区某街道|的环卫作息点|，: a spot there
    comma = spot.end() if spot else comma
    if not sent.text.startswith(("，", ","), comma):
        return []
    clause_end = sent.start + clause_around(sent.text, comma + 1)[1]
    visitor = _VISITOR.match(sent.text, comma + 1) or any(
        m.kind == Kind.PERSON and m.start < clause_end for m in doc.in_sentence(sent, (Kind.PERSON,)))
    return [m for m in _stops(run) if _is_division(m) or m.text.endswith(VILLAGES)] if visitor else []


_SPOT = re.compile(r"的[\u4e00-\u9fff]{2,8}(?=[，,])")


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """The mentions inside no other (北京市总工会, not its 北京市)."""
    return [m for m in mentions if not any(o is not m and o.start <= m.start and m.end <= o.end for o in mentions)]


def _before_venue(found: list[Mention], venue: Mention, inside: list[Mention]) -> list[Mention]:
    """The places found less those inside the venue and the chain of divisions written right
    before it (在某省|某市|某饭店)."""
    kept = [m for m in found if m not in inside]
    start = venue.start
    while (division := next((m for m in kept if m.end == start and _is_division(m)), None)) is not None:
        kept.remove(division)
        start = division.start
    return kept


def _stops(run: list[Mention]) -> list[Mention]:
    """The places a visit goes to (赴某市某区某镇, 来到某县、某镇): each division of a chain, every
    stop of a visit being where it went, but for a province written to open a chain (河南省|周口市),
    which says where the stops lie."""
    provinces = {m.text for m, following in itertools.pairwise(run) if following.start == m.end
                 and any(d.level == "province" for d in gazetteer.load().lookup(m.text))}
    return [m for m in run if m.text not in provinces]


def _innermost(run: list[Mention]) -> list[Mention]:
    """A chain of divisions each written inside the one before (在黑龙江省|大兴安岭地区|加格达奇区
    开赛, 赴房山区|张坊镇, 在某镇|某村) says where by its last: those that hold the next are no
    places of their own."""
    gaz = gazetteer.load()
    kept = []
    for mention, following in zip(run, [*run[1:], None], strict=True):
        if following is not None and following.start == mention.end and _is_division(mention) \
                and _is_division(following):
            outer, inner = gaz.resolve(mention.text), gaz.resolve(following.text, context=[mention.text])
            if outer is not None and inner is not None and outer in gaz.parents(inner):
                continue
        if following is not None and following.start == mention.end and following.kind == Kind.PLACE \
                and following.text.endswith(VILLAGES) and _is_division(mention) \
                and any(d.level == "town" for d in gaz.lookup(mention.text)):
            continue  # 在东坝头镇|张庄村: a village lies in the town written before it
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


def _named(venue: Mention, inside: list[Mention]) -> Mention:
    """The mention that names the venue after the divisions it lies in (北京|人民大会堂), else the venue."""
    start = venue.start
    while True:
        named = next((m for m in inside if m.start == start and m.end == venue.end), None)
        if named is not None:
            return named
        division = next((m for m in inside if m.start == start and _names_division(m)), None)
        if division is None:
            return venue
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
    noun (学校|至善体育馆, 我院|科教楼报告厅) is part of it."""
    described = name.rfind("的") + 1
    start, name = start + described, name[described:]
    if not (2 <= len(name) <= 24 and name.endswith(venue_heads()) and re.fullmatch(r"[^，,。；;、：:“”]+", name)):
        return []
    start += sent.start
    places = doc.in_sentence(sent, (Kind.PLACE,))
    while leading := next((p for p in places if p.start == start and p.end < start + len(name) and _is_division(p)
                           and any(q.start == p.end and _is_division(q) for q in places)), None):
        name, start = name[leading.end - start :], leading.end  # 鹿泉区|石家庄市职业技能公共实训基地
    own = next((n for n in class_nouns_by_length() if name.startswith(OWN + n) and len(name) - len(n) > 3), None)
    if own:  # 我院|科教楼报告厅: the page's own institution, named by its class noun
        return [doc.mention(start + 1 + len(own), start + len(name), Kind.PLACE, "grammar")]
    noun = next((n for n in class_nouns_by_length() if name.startswith(n) and len(name) - len(n) >= 3), None)
    if noun:
        owner = _owner_before(doc, start, noun) if _generic(sent, start + len(noun), start + len(name)) else None
        if owner is not None:  # 公司|培训中心: the company's, named by it
            return [Mention(start, start + len(name), Kind.PLACE, owner.text + name[len(noun) :], "grammar")]
        name, start = name[len(noun) :], start + len(noun)
    if len(name) <= _BARE_VENUE and _generic(sent, start, start + len(name)):
        return []  # 在工作室, 在中控室: a room of no name
    return [doc.mention(start, start + len(name), Kind.PLACE, "grammar")]


_BARE_VENUE = 5  # characters of common words up to which a venue names no place (职工休息室)


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


def clause_around(text: str, position: int) -> tuple[int, int]:
    """The clause of ``text`` (between ，。；) that holds ``position``."""
    start = max(text.rfind(mark, 0, position) for mark in "，,。；;") + 1
    ends = [i for i in (text.find(mark, position) for mark in "，,。；;") if i >= 0]
    return start, min(ends, default=len(text))


def named_division(doc: Doc, event: Event) -> list[Mention]:
    """The division an event's name opens with (2024年|成都市|职工技能大赛, 通州区总工会…活动),
    when nothing else says where it happened."""
    name = event.name
    opening = name.start + len(re.match(r"[“‘「]?(?:(?:19|20)\d{2}年度?)?", name.text).group())
    return [m for m in doc.mentions if m.kind == Kind.PLACE and m.start == opening and m.end <= name.end
            and m.text not in countries()][:1]  # 中国|石化…竞赛 says nothing of where


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
    (…研究院, …医院), else the division an organization's name opens with (延庆|南菜园项目部),
    unless a province (江西|某科技有限公司: where the company is registered, no stop)."""
    if mention.kind == Kind.PLACE or mention.text.endswith(sited_org_suffixes()):
        return mention
    opening = next((m for m in mentions if m.kind == Kind.PLACE and m.start == mention.start and m.end < mention.end),
                   None)
    levels = {d.level for d in gazetteer.load().lookup(opening.text)} if opening is not None else set()
    return None if "province" in levels else opening


def _locative_ends(text: str, mentions: list[Mention], sent: Sent) -> bool:
    """Is ``在 X`` a place where something happens: X ends its clause, or a verb that reports
    or organizes an event follows in it (…在某馆隆重举行, …在某厅为某人举行欢迎仪式)?"""
    end = _run(mentions, sent, text, listed=True)[-1].end - sent.start
    rest = text[end:]
    if not rest or rest[0] in "，,。；;" or rest.startswith(_visit_heads()):  # 在某县和某开发区|调研
        return True
    clause = rest[: re.search(r"[，,。；;]|$", rest).start()][:MAX_LOCATIVE_GAP]
    return any(verb.reports_before or verb.reports_after or verb.organizes or verb.role
               for position, verb in sent.verbs if end <= position < end + len(clause))


@functools.cache
def _visit_heads() -> tuple[str, ...]:
    """The heads of visits (调研, 考察, 走访 …), longest first."""
    return tuple(head for head in event_heads_by_length() if event_heads()[head] == VISIT)


def as_places(mentions: list[Mention]) -> list[Mention]:
    """Venues and divisions as places (an organization named as where something happens is
    its site); each name once."""
    places: list[Mention] = []
    for m in mentions:
        if m.text not in texts(places):
            places.append(Mention(m.start, m.end, Kind.PLACE, m.text, m.source, m.score))
    return places


def without_venues_divisions(doc: Doc, places: list[Mention]) -> list[Mention]:
    """The places less a division that one of them, a venue, lies in by its name or by the
    divisions written right before it, as a headline and its body often say where
    (…在南宁举行 | 在南宁市|某国际会议中心举行; 在昆明举行 | 在昆明某会堂): the venue says it closer.
    An organization where it is held (在海淀区|某学院) is no venue: the division stays."""
    sites = {(m.start, m.end) for m in doc.mentions if m.kind == Kind.ORGANIZATION}
    venues = [p for p in places if not _is_division(p) and (p.start, p.end) not in sites]
    if not venues:
        return places
    gaz = gazetteer.load()

    def written_with_venue(division: Mention) -> bool:
        names = {division.text} | {d.name for d in gaz.lookup(division.text)}
        names |= {short for name in names if (short := gaz.short_name(name))}
        return any(venue.text.startswith(tuple(names)) or doc.text[:venue.start].endswith(tuple(names))
                   for venue in venues)

    return [p for p in places if not (_is_division(p) and written_with_venue(p))]


def within(stops: list[Mention], places: list[Mention]) -> bool:
    """Does one of ``stops`` name or lie in one of ``places``, by the gazetteer (正蓝旗 in
    锡林郭勒盟)?"""
    gaz = gazetteer.load()
    names = texts(places)
    for stop in stops:
        if stop.text in names:
            return True
        for division in gaz.lookup(stop.text):
            while (division := gaz.get(division.parent_code)) is not None:
                if division.name in names or gaz.short_name(division.name) in names:
                    return True
    return False


def texts(mentions: list[Mention]) -> set[str]:
    """The texts of ``mentions``, as a set."""
    return {m.text for m in mentions}
