"""Honors: an open class of names read by their head and their context.

An honor is a name that ends in a head of ``honor_heads.tsv`` (…奖章, …劳模, …工匠, …能手,
…先锋号, 优秀…工作者 …), runs left over the words of its name (全国|五一|劳动|奖章) up to a
verb, a function word, a person or a title, and stands where the text gives it as an honor:

* after a verb of awarding in its clause (荣获, 被授予, 被评为 … in ``verbs.tsv``),
* before a holder word (获得者, 获奖者, 称号, 代表),
* in an appositive chain before a name or another honor (全国劳模、首都劳动奖章获得者张某).

A head that goes on into a noun names something else (劳模|精神, 工匠|学院, 劳模|创新工作室).
A year or an edition before the name (2023年, 第二届) and quotes are part of what is printed,
not of the honor's canonical name; 劳模 is written out (北京市劳模 → 北京市劳动模范).

:class:`HonorMatcher` proposes the spans; :class:`AwardReader` links an awarding verb's
subject (荣获) or object (授予) to the honors after it. Chains are read in :mod:`kg.extract.chains`.
"""

from __future__ import annotations

import functools
import re

from kg.extract.component import Component, register
from kg.extract.doc import Doc, Sent
from kg.extract.lexicon import (
    SHORT_NAME,
    Verb,
    by_length,
    honor_heads,
    honor_heads_by_length,
    honor_qualifiers,
    person_classes,
    stop_words,
    verb_at,
    verbs,
)
from kg.extract.ranks import ranked_before, ranks_in
from kg.model import Award, Kind, Mention

MAX_HONOR = 20
_COPULA = "是"  # a verb of awarding only right before the honor
MAX_AWARD_GAP = 20  # characters between a verb of awarding and its honor (授予|某医院等10个集体|“…”)
_EDITION = re.compile(r"^(?:(?:19|20)\d{2}(?:—|-|－|～|至)?(?:(?:19|20)\d{2})?年度?|第[一二三四五六七八九十百\d]+[届批]|首[届批])")
HOLDER_WORDS = ("荣誉称号", "称号获得者", "获得者", "获奖者", "称号", "代表")
_ROLLS = ("名单", "榜单")  # 公布“某市工匠”名单: the roll of an honor's holders
_NOT_NAME = set("的和与及等为是被在由对向将把并也还都了曾其该这那各之所从以")
_EPONYMOUS = ("奖", "奖章", "勋章")  # 南丁格尔|奖章, 白求恩|奖章: an award named after a person
_ADVERBS = frozenset({"先后", "多次", "再次", "连续", "分别", "均", "已", "曾经", "同时"})
_SEPARATORS = "、，,和及与"
_TIME = re.compile(r"\d|[今明昨去前后当同本上下月日时天期间季春夏秋冬初底末]")
# Who receive an honor, never part of its name: a count (10个|先进集体), and before its opening
# quote a class of recipients (授予…等10个集体|“…奖状”, 30名职工|“…奖章”, 18名选手|“…”; not 文明职工标兵)
_NUMERAL, _CLASSIFIER = r"[\d一二三四五六七八九十百千]", r"[个名位家项人]"
_RECIPIENT_CLASS = "|".join(("集体", "单位", "个人", *by_length(person_classes())))  # (30名|选手, 职工, 同志)
_COUNT = re.compile(f"{_NUMERAL}*{_CLASSIFIER}")
_COLLECTIVE = re.compile(_RECIPIENT_CLASS)
_COUNTED = re.compile(f"(?:等(?:{_NUMERAL}+{_CLASSIFIER})?(?:先进)?(?:{_RECIPIENT_CLASS})?)?")
_COUNTED_HOLDERS = re.compile(f"{_NUMERAL}+[名位]$")  # a count of persons names the honor they hold
_TITLED = re.compile(r"[“「](?P<name>[^“”「」，,。]{3,20})[”」](?:荣誉)?称号")  # “某某”(荣誉)称号
_QUOTED_NAME = r"[“「][^“”「」，,。]{3,20}[”」]"
# “某某”和“某某”称号: each quoted name of a list a 称号 ends is called a title
_TITLED_LISTED = re.compile(rf"{_QUOTED_NAME}(?=(?:[、和及与]{_QUOTED_NAME})+(?:荣誉)?称号)")
AS_CLAUSE = re.compile(r"\s*(?:作为|身为)")  # 作为全国劳模，张某…: the clause is the name's chain
_OPEN_QUOTES, _CLOSE_QUOTES = "“「‘\"", "”」’\""


@functools.cache
def _head_pattern() -> re.Pattern:
    return re.compile("|".join(map(re.escape, honor_heads_by_length())))


def _unquoted(surface: str) -> str:
    """北京市“最美职工” → 北京市最美职工."""
    return re.sub(f"[{_OPEN_QUOTES}{_CLOSE_QUOTES}]", "", surface)


def _without_edition(name: str) -> str:
    """2023年大国工匠年度人物 → 大国工匠年度人物."""
    edition = _EDITION.match(name)
    return name[edition.end() :] if edition else name


def canonical(surface: str) -> str | None:
    """The honor a surface form names (``2023年“大国工匠年度人物”`` → 大国工匠年度人物), or None
    when the form is no honor by itself (一等奖, 教师)."""
    name = _without_edition(_unquoted(surface))
    for word in HOLDER_WORDS:
        if name.endswith(word) and len(name) > len(word):
            name = name[: -len(word)]
    # “最美奋斗者”称号: a quoted name that is called a title is one, whatever its head
    titled = re.sub(r"(?:荣誉)?称号$", "", name) if _TITLED.search(surface) else None
    head = next((h for h in honor_heads_by_length() if name.endswith(h)), None)
    if head is None:
        return titled
    spec = honor_heads()[head]
    before = name[: -len(head)]
    qualifiers, grades = honor_qualifiers()
    if spec.needs == "name" and (len(before) < 2 or before in grades or before.rstrip("等") in grades):
        return titled
    if spec.needs == "qualifier" and not any(q in before for q in qualifiers):
        return titled
    return before + spec.canonical


def name_of(surface: str) -> str:
    """An honor's name: its canonical name, or for one the context gives without a head of the
    list (为“十佳种粮大户”颁奖) its printed name, without quotes or edition."""
    name = canonical(surface)
    if name is None:
        printed = _unquoted(surface)
        name = _without_edition(printed) or printed
    return name


@register("honors")
class HonorMatcher(Component):
    """Proposes honor spans (source ``grammar``) where heads stand in honor context."""

    def match(self, doc: Doc) -> list[Mention]:
        found: list[Mention] = []
        for sent in doc.sents:
            candidates = self._candidates(doc, sent)
            spans = {(c.start - sent.start, c.end - sent.start) for c in candidates}
            found += [c for c in candidates if self._in_context(doc, sent, c, spans)]
            found += _presented_names(doc, sent, [c for c in found if sent.contains(c)])
            found += _list_heading(doc, sent, found)
        return found

    def set_annotations(self, doc: Doc, found: list[Mention]) -> None:
        doc.proposals += found

    def _candidates(self, doc: Doc, sent: Sent) -> list[Mention]:
        text = sent.text
        ends = {end for _, end, _ in sent.words}
        proposed = [(m.start - sent.start, m.end - sent.start, m.kind) for m in doc.proposed_in(sent)
                    if m.kind in (Kind.PERSON, Kind.TITLE)]
        found = []
        for head in _head_pattern().finditer(text):
            # a name or a post before the honor ends it, but for the one an award is named after;
            # a "title" over the head is the honor misread
            blocked = {(s, e) for s, e, kind in proposed if (kind == Kind.PERSON or e <= head.start())
                       and not (e == head.start() and head.group().endswith(_EPONYMOUS))}
            end = head.end()
            while text[end : end + 1] in _CLOSE_QUOTES and text[end : end + 1]:
                end += 1
            holder = next((w for w in HOLDER_WORDS if text.startswith(w, end)), None)
            if head.end() not in ends and holder is None and end == head.end():
                continue  # the head sits inside a longer word
            if holder is None and not text.startswith(_ROLLS, end) and self._continues_as_noun(sent, end, doc):
                continue
            start = self._start(sent, head.start(), blocked, closed=end > head.end())
            surface_end = end + (len(holder) if holder and holder != "代表" else 0)
            if canonical(text[start:surface_end]) is None:
                continue
            found.append(doc.mention(sent.start + start, sent.start + surface_end, Kind.HONOR, "grammar"))
        for titled in [*_TITLED.finditer(text), *_TITLED_LISTED.finditer(text)]:  # no head, but called a title
            start = self._start(sent, titled.start() + 1, set(), closed=True)
            if not any(m.start - sent.start < titled.end() and titled.start() < m.end - sent.start for m in found):
                found.append(doc.mention(sent.start + start, sent.start + titled.end(), Kind.HONOR, "grammar"))
        return found

    def _start(self, sent: Sent, head_start: int, blocked: set[tuple[int, int]], *, closed: bool) -> int:
        """Where the honor's name starts: its opening quote, when a quote closes right after the
        head (not a speech's: “我的老师、某奖章获得者…), or the word the head ends (全国五一
        劳动奖章 is one word); then the words of its scope before that (雄安新区“岗位能手”)."""
        text = sent.text
        quote = text.rfind("“", max(0, head_start - MAX_HONOR), head_start)
        quoted = closed and quote >= 0 and "”" not in text[quote:head_start]
        start = quote if quoted else next((s for s, e, _ in sent.words if s <= head_start < e), head_start)
        for word_start, word_end, pos in reversed(sent.words):
            if word_end > start:
                continue
            word = text[word_start:word_end]
            if (word_end < start or head_start - word_start > MAX_HONOR or not _is_name_word(word, pos)
                    or (_COUNT.fullmatch(word) or (quoted and _COLLECTIVE.fullmatch(word)))
                    or any(s < word_end and word_start < e for s, e in blocked)):
                break
            start = word_start
        edition = re.search(r"(?:(?:19|20)\d{2}年度?|第[一二三四五六七八九十百\d]+[届批]|首[届批])$", text[:start])
        return edition.start() if edition else start

    @staticmethod
    def _continues_as_noun(sent: Sent, end: int, doc: Doc) -> bool:
        """Does a noun follow (劳模|精神, 工匠|学院), making the head a modifier?"""
        if any(m.start == sent.start + end and m.kind == Kind.PERSON for m in doc.proposed_in(sent)):
            return False
        word = next(((s, e, pos) for s, e, pos in sent.words if s == end), None)
        if word is None:
            return False
        text = sent.text[word[0] : word[1]]
        return word[2].startswith(("n", "vn")) and text not in ("们",) and not word[2].startswith("nr")

    def _in_context(self, doc: Doc, sent: Sent, honor: Mention, spans: set[tuple[int, int]]) -> bool:
        text, start, end = sent.text, honor.start - sent.start, honor.end - sent.start
        if text[start:end].endswith(HOLDER_WORDS) or text.startswith(HOLDER_WORDS + _ROLLS, end):
            return True
        if _awarded_before(text, start, spans) or _COUNTED_HOLDERS.search(text, 0, start):
            return True  # 荣获|某奖章; 表彰了50名|某市三八红旗手
        if text[start - 1 : start] in ("（", "(") and any(
                m.kind == Kind.PERSON and m.end - sent.start == start - 1 for m in doc.proposed_in(sent)):
            return True  # 张某（|全国劳动模范）
        # in a chain: a name, a post or another honor follows, at once or after 、
        following = end + len(re.match(f"[{_SEPARATORS}]?", text[end:]).group())
        kinds = {m.kind for m in doc.proposed_in(sent) if m.start - sent.start in (end, following)}
        chain_follows = bool(kinds & {Kind.PERSON, Kind.TITLE, Kind.ORGANIZATION, Kind.PLACE}) and \
            text[end:following] in ("", "、")  # 全国三八红旗手、北京市某小学教师某某
        return chain_follows or any(s == following for s, _ in spans) or _as_honor(doc, sent, start, end)


def _presented_names(doc: Doc, sent: Sent, honors: list[Mention]) -> list[Mention]:
    """为“十佳种粮大户”“乡村振兴带头人”颁奖: the quoted names a presenting is for, whatever they end with."""
    found = []
    for match in _PRESENTED.finditer(sent.text):
        for quoted in _QUOTED.finditer(sent.text, match.start("objects"), match.end("objects")):
            start, end = sent.start + quoted.start(), sent.start + quoted.end()
            if not any(h.start < end and start < h.end for h in honors):
                found.append(doc.mention(start, end, Kind.HONOR, "grammar"))
    return found


def _list_heading(doc: Doc, sent: Sent, honors: list[Mention]) -> list[Mention]:
    """十佳种粮大户（部分）：马某 李某, “某市优秀教师”：张某、李某: a line of names headed by an
    honor (one the article named before, or a name with an honor's head)."""
    heading = _HEADING.match(sent.text)
    if heading is None or any(sent.contains(h) for h in honors):
        return []
    name = heading.group("honor")
    named_before = any(h.text.strip(_OPEN_QUOTES + _CLOSE_QUOTES) == name for h in honors if h.end <= sent.start)
    if not named_before and canonical(name) is None:
        return []
    return [doc.mention(sent.start + heading.start("honor"), sent.start + heading.end("honor"), Kind.HONOR, "grammar")]


_QUOTED = re.compile(r"“[^“”，,。]{2,20}”")
_HEADING = re.compile(r"(?P<quote>“)?(?P<honor>[^：:，,。；;、“”（）()\s]{3,20}?)(?(quote)”)(?:[（(][^）)]{1,6}[）)])?[：:]")


def _as_honor(doc: Doc, sent: Sent, start: int, end: int) -> bool:
    """作为全国劳模，张某…: a clause opening with 作为/身为 that ends with the honor, and the name
    right after its comma."""
    clause = max(sent.text.rfind(mark, 0, start) for mark in "，,。；;：:") + 1
    if not AS_CLAUSE.match(sent.text, clause) or not re.match(r"[，,]", sent.text[end : end + 1]):
        return False
    return any(m.kind == Kind.PERSON and m.start - sent.start == end + 1 for m in doc.proposed_in(sent))


def _is_name_word(word: str, pos: str) -> bool:
    """Can this word be part of an honor's name (全国, 五一, 劳动, 优秀, 河北省 …)?"""
    if not re.fullmatch(r"[\u4e00-\u9fff\d]+", word) or word in _NOT_NAME or word in verbs():
        return False
    if pos == "x" and any(word[i:] in verbs() for i in range(1, len(word))):
        return False  # 12|人获: a word jieba does not know, ending in a verb
    if word.endswith("是"):
        return False  # 正是|全国劳动模范, 就是: the copula and its adverb
    if pos == "t" and _TIME.search(word):  # 今年, 5月; not 青年, which jieba tags as a time too
        return False
    return pos not in ("v", "p", "c", "u", "r", "uj", "ul", "f") and word not in _ADVERBS and word not in stop_words()


def _awarded_before(text: str, start: int, spans: set[tuple[int, int]]) -> bool:
    """Is the honor at ``start`` the object of a verb of awarding in its clause, possibly
    after other honors of a list (荣获全国劳模、|五一劳动奖章)?"""
    position = start
    while True:
        previous = next((s for s, e in spans if e <= position and not text[e:position].strip(_SEPARATORS + "了")), None)
        if previous is None:
            break
        position = previous
    clause_start = max(text.rfind(p, 0, position) for p in "，,。；;：:") + 1
    for i in range(position - 1, clause_start - 1, -1):
        verb = verb_at(text, i)
        if verb and not verb.has_use and i + len(verb.word) <= position:
            return False  # 获得一等奖的选手将申报|首都劳动奖章: applied for, not awarded
        if verb and verb.awards and i + len(verb.word) <= position:
            between = text[i + len(verb.word) : position]
            if verb.word == _COPULA:  # 是全国劳模, not 是车间里出了名的修理能手
                return not between
            return len(between) <= MAX_AWARD_GAP and not re.search(r"[，,。；;]", between)
    return False


@register("awards")
class AwardReader(Component):
    """Honors given by a verb of awarding: ``张某荣获全国五一劳动奖章``, ``某班组被授予工人先锋号``
    (the subject holds it), ``授予张某“最美职工”称号`` (the object does), ``荣获…奖章的张某``."""

    def match(self, doc: Doc) -> tuple[list[Award], list[tuple[Mention, int]]]:
        """The awards, and the persons a contest ranks with their places (for the award role)."""
        awards = []
        unawarded: list[Mention] = []  # the previous sentence's honors no one was given there
        ranks: list[tuple[Mention, int]] = []  # the persons ranked in a contest so far, with their places
        for sent in doc.sents:
            honors = doc.in_sentence(sent, (Kind.HONOR,))
            if sent.paragraph_start:
                unawarded = []
            for_persons = [h for h in unawarded if not (canonical(h.text) or "").endswith(_FOR_COLLECTIVES)]
            if len(for_persons) == 1 and not _awarding_verbs(sent):  # (honors in its chains are the holders' own)
                awards += _collected(doc, sent, for_persons[0])
            given_before = len(awards)
            holders = doc.in_sentence(sent, (Kind.PERSON, Kind.ORGANIZATION))
            parts = doc.in_sentence(sent, _CHAIN_PARTS)
            persons = [m for m in holders if m.kind == Kind.PERSON]
            ranks += ranks_in(sent, functools.partial(_subjects, sent, persons),
                              functools.partial(_person_after, sent, parts))
            for verb_start, verb in _awarding_verbs(sent):
                verb_end = verb_start + len(verb.word)
                objects = verb_end + (sent.text[verb_end : verb_end + 1] in _OBJECT_PRONOUNS)  # 授予|其|“…”
                given = _list_after(sent, honors, _after_objects(sent, parts, objects) if verb.word == "授予" else verb_end)
                if not given:
                    continue
                # 前三名均被授予: by their places; 被授予…称号的制茶师李某: the holder the clause is of
                recipients = ranked_before(sent.text, verb_start, ranks) or _after_of(sent, parts, given[-1])
                if not recipients and verb.word in ("授予", "评为"):
                    recipients = _listed(sent, parts, verb_end, given[0].start - sent.start)
                passive = sent.text.rfind("被", 0, verb_start)  # 甲被乙评为…: 甲 holds it, not the agent 乙
                if not recipients and verb.word in ("授予", "评为", "命名为") and passive >= 0:
                    recipients = _subjects(sent, holders, passive)
                if not recipients and not (verb.word == "授予" and passive < 0):  # 某工会授予…: the giver
                    recipients = _subjects(sent, holders, verb_start)
                recipients = recipients or _pronoun_subject(doc, sent, verb_start) \
                    or _pronoun_object(doc, sent, verb, verb_end, given) or _topic(doc, sent, verb, verb_start, holders, given)
                evidence = doc.evidence(sent)
                if len(recipients) == len(given) > 1 and (
                        verb.word == "分获" or "分别" in sent.text[recipients[-1].end - sent.start : verb_start]):
                    awards += [Award(r, h, evidence) for r, h in zip(recipients, given, strict=True)]  # respectively
                else:
                    awards += [Award(r, h, evidence) for r in recipients for h in given]
            awards += _presented(doc, sent, honors) + _headed_list(doc, sent, honors) + _on_roll(doc, sent, honors) \
                + _representatives(doc, sent, awards)
            awarded = {a.honor for a in awards[given_before:]}
            unawarded = [h for h in honors if h not in awarded]
        return awards, ranks

    def set_annotations(self, doc: Doc, found: tuple[list[Award], list[tuple[Mention, int]]]) -> None:
        awards, ranks = found
        doc.awards += named_awards(awards)
        doc.ranked += [person for person, _ in ranks]


_FOR_COLLECTIVES = ("奖状", "集体", "先锋号", "文明号", "文明岗", "示范岗", "班组", "单位", "职工之家", "家庭")


_PRESENTED = re.compile(r"为(?P<objects>[^，,。；;：:]{2,60}?)(?:颁奖|颁发)")


def _person_after(sent: Sent, parts: list[Mention], position: int) -> list[Mention]:
    """The person whose chain starts at ``position`` (为|某事业部焊工某某), if one."""
    for part in (p for p in parts if p.start - sent.start >= position):
        if re.search(r"[，,。；;、]", sent.text[position : part.start - sent.start]):
            return []
        if part.kind == Kind.PERSON:
            return [part]
    return []


def _presented(doc: Doc, sent: Sent, honors: list[Mention]) -> list[Award]:
    """为张某、李某等20名“优秀护士”颁奖: the persons the presenting is for hold the honor named
    after them, before 颁奖."""
    found = []
    for match in _PRESENTED.finditer(sent.text):
        start, end = sent.start + match.start("objects"), sent.start + match.end("objects")
        given = [h for h in honors if start <= h.start and h.end <= end]
        if not given:
            continue
        persons = [m for m in doc.in_sentence(sent, (Kind.PERSON,)) if start <= m.start and m.end <= given[0].start]
        found += [Award(person, honor, doc.evidence(sent)) for person in persons for honor in given]
    return found


def _on_roll(doc: Doc, sent: Sent, honors: list[Mention]) -> list[Award]:
    """公布第三批“某市工匠”名单，某公司高级技师张某等8人名列其中: the persons a verb of collecting
    after an honor's roll names (名列其中, 获此殊荣) hold it, and those the roll lists after a colon
    (“某市工匠”名单如下：张某、李某)."""
    found = []
    for honor in honors:
        listed = _ROLL_LISTED.match(sent.text, honor.end - sent.start)
        if listed:  # “某市工匠”名单如下：张某、李某
            found += [Award(p, honor, doc.evidence(sent)) for p in doc.in_sentence(sent, (Kind.PERSON,))
                      if p.start - sent.start >= listed.end()]
        elif sent.text.startswith(_ROLLS, honor.end - sent.start):
            found += [a for a in _collected(doc, sent, honor) if a.recipient.start >= honor.end]
    return found


_ROLL_LISTED = re.compile(f"(?:{'|'.join(_ROLLS)})(?:如下)?[:：]")


def _headed_list(doc: Doc, sent: Sent, honors: list[Mention]) -> list[Award]:
    """十佳种粮大户（部分）：马某 李某, “某市优秀教师”：张某、李某: each person of a line headed by
    an honor holds it."""
    heading = _HEADING.match(sent.text)
    if heading is None:
        return []
    honor = next((h for h in honors if (h.start - sent.start, h.end - sent.start) == heading.span("honor")), None)
    if honor is None:
        return []
    return [Award(person, honor, doc.evidence(sent)) for person in doc.in_sentence(sent, (Kind.PERSON,))
            if person.start >= sent.start + heading.end()]


# 受表彰的先进个人代表、…, 获奖职工代表…: persons standing for those honored; not 集体代表, for a body
_REPRESENTING = re.compile(r"(?:受表彰|获表彰|获奖)的?(?P<who>[\u4e00-\u9fff]{0,8}?)代表[、，,：:]?")


def _representatives(doc: Doc, sent: Sent, awards: list[Award]) -> list[Award]:
    """受表彰的劳动模范代表、某公司高级技师李某，某公司质检员赵某先后发言: the persons listed
    after it hold the one honor the article gave persons before (with two, which is not told)."""
    match = _REPRESENTING.search(sent.text)
    if match is None or re.search(r"集体|单位", match["who"]):
        return []
    honors = {name_of(a.honor.text): a.honor for a in awards if a.recipient.kind == Kind.PERSON}
    if len(honors) != 1:
        return []
    honor = next(iter(honors.values()))
    listed = []
    for person in doc.in_sentence(sent, (Kind.PERSON,)):
        if person.start < sent.start + match.end():
            continue
        listed.append(Award(person, honor, doc.evidence(sent)))
        if not sent.text.startswith(tuple(_SEPARATORS), person.end - sent.start):
            break  # the list ends at its last name (…苗某先后发言)
    return listed


def _collected(doc: Doc, sent: Sent, honor: Mention) -> list[Award]:
    """``大会对荣获某奖章的个人代表进行了表彰。张某、李某等10人上台领奖``: those who collect an
    award (领奖, 获奖, 受表彰: the award role) in the sentence after the one that names the honor
    and gives it to no one hold it, when it is the one honor for persons there (not 先进集体, 奖状:
    who collects those holds them for a body)."""
    holders = doc.in_sentence(sent, (Kind.PERSON, Kind.ORGANIZATION))
    for verb_start, verb in sent.verbs:
        if verb.role == "award" and not verb.awards:
            recipients = [m for m in _subjects(sent, holders, verb_start) if m.kind == Kind.PERSON]
            if recipients:
                return [Award(person, honor, doc.evidence(sent)) for person in recipients]
    return []


def named_awards(awards: list[Award]) -> list[Award]:
    """Each award with the honor's name (:func:`name_of`)."""
    named = []
    for award in awards:
        honor = Mention(award.honor.start, award.honor.end, Kind.HONOR, name_of(award.honor.text), award.honor.source)
        named.append(Award(award.recipient, honor, award.evidence))
    return named


def _awarding_verbs(sent: Sent) -> list[tuple[int, Verb]]:
    return [(position, verb) for position, verb in sent.verbs if verb.awards]


def _list_after(sent: Sent, honors: list[Mention], position: int) -> list[Mention]:
    """The honors listed from ``position`` on (了, quotes, 、 和 between them)."""
    found = []
    for honor in honors:
        start = honor.start - sent.start
        if start < position:
            continue
        if re.fullmatch(r"[了过\s“”、，,和及与以及]*", sent.text[position:start]) is None:
            break
        found.append(honor)
        position = honor.end - sent.start
    return found


def _after_objects(sent: Sent, parts: list[Mention], position: int) -> int:
    """Where the persons and organizations listed right after ``position``, with their chains, end,
    with what counts them (授予|某公司焊工张某、李某|“…”称号, 授予|某医院等10个集体|“…”)."""
    return _COUNTED.match(sent.text, _chain_end(sent, parts, position, _LIST_GAP)).end()


_LIST_GAP = re.compile(r"[、，,和及与\s]*")


def _chain_end(sent: Sent, parts: list[Mention], position: int, gap: re.Pattern) -> int:
    """Where the chain parts that follow ``position``, with only ``gap`` between them, end; a part
    that starts inside the last one goes with it (郑州|宇通客车公司)."""
    for part in parts:
        start, stop = part.start - sent.start, part.end - sent.start
        if stop <= position:
            continue
        if start < position or gap.fullmatch(sent.text, position, start):
            position = stop
        else:
            break
    return position


def _listed(sent: Sent, parts: list[Mention], start: int, end: int) -> list[Mention]:
    """The holders listed in ``sent.text[start:end]``: of each chain (某公司焊工张某) its person,
    of a chain with none its organization (某医院等10个集体)."""
    chains: list[list[Mention]] = [[]]
    position = start
    for part in parts:
        if part.start - sent.start < start or part.end - sent.start > end:
            continue
        if re.search(r"[、，,和及与]", sent.text[position : part.start - sent.start]):
            chains.append([])
        chains[-1].append(part)
        position = part.end - sent.start
    listed = []
    for chain in chains:
        persons = [m for m in chain if m.kind == Kind.PERSON]
        listed += persons or [m for m in chain if m.kind == Kind.ORGANIZATION][-1:]
    return listed


_SUBJECT_GAP = re.compile(r"^(?:[、和及与]|等|同志|[\d一二三四五六七八九十百多余]+[人名位个家](?:[\u4e00-\u9fff]{1,3}?)?)*\s*"
                          r"(?:先后|曾经|曾|多次|还|也|均|都|分别|共同|一同|同时|被|此前|日前|近日|近年来|前不久|今年|去年|"
                          r"再次|又|已经|已|连续|(?:19|20)\d{2}年|在[^，,。；;、]{1,12}?[中上里时])*$")  # 在救援中


_COUNTED_SUBJECT = re.compile(r"等[\d一二三四五六七八九十两百]+(?:个|家|名|人|支|所|位)[^，,]*$")
_CHAIN_TEXT = r"[^，,。；;：:、“”\s]{1,30}"  # a listed name's chain: no clause, no list mark
_LISTED_CHAIN = re.compile(r"[、和及与]" + _CHAIN_TEXT)
_COMMA_LISTED_CHAIN = re.compile(r"[、和及与，,][^，,。；;：:“”\s]{1,40}")  # (its own posts listed: 某劳模、某公司电工|李某)
_INSERT = re.compile(r"[（(][^（）()“”。；;]{1,30}[)）]")  # 张某（某科护士长）: a name's post in brackets


def _subjects(sent: Sent, holders: list[Mention], verb_start: int) -> list[Mention]:
    """The person or organization list right before the verb (张某、李某等5人先后荣获), each
    person with its chain (班长张某、某公司测量员李某…被授予), its post in brackets (张某（某科
    护士长）、李某（…）等35名同志被评为), and, in a list counted with 等, chains set apart by
    commas (某医院主任医师张某，某医院儿科医师李某等10人获评)."""
    inserts = [(sent.start + m.start(), sent.start + m.end()) for m in _INSERT.finditer(sent.text, 0, verb_start)]
    before = [m for m in holders if m.end - sent.start <= verb_start
              and not any(start < m.start and m.end < end for start, end in inserts)]
    subjects: list[Mention] = []
    position = verb_start
    for mention in reversed(before):
        if subjects and subjects[-1].kind == Kind.PERSON and mention.kind != Kind.PERSON:
            continue  # the organization of a listed person's chain
        if not subjects and sent.text[: mention.start - sent.start].endswith(("在", "于")):
            break  # 在某医院连续工作56天，被授予…: where its subject was, not the subject
        gap = _INSERT.sub("", sent.text[mention.end - sent.start : position])
        if not subjects and mention.kind == Kind.ORGANIZATION and re.search(r"[，,]", gap) and _inside_clause(sent, mention):
            continue  # 张某是某公司的桥吊司机，先后获得…: an organization inside a clause's predicate
        if not _SUBJECT_GAP.match(gap):
            if not subjects and (re.fullmatch(r"[^，,。；;]*，[^。；;]*", gap) is None or _COUNTED_SUBJECT.search(gap)):
                break  # (not across 某车间等2个班组|获: a clause with a subject of its own)
            counted = sent.text.startswith("等", subjects[0].end - sent.start) if subjects else False
            if subjects and not _listed_chain(sent, mention.end - sent.start, position, commas=counted):
                break
        if subjects and subjects[-1].kind != mention.kind:
            break
        subjects.append(mention)
        position = mention.start - sent.start
    return subjects[::-1]


def _inside_clause(sent: Sent, mention: Mention) -> bool:
    """Does something stand before the mention in its clause?"""
    start = mention.start - sent.start
    clause = max(sent.text.rfind(mark, 0, start) for mark in "，,；;：:") + 1
    return bool(sent.text[clause:start].strip())


# 他先后|荣获, 从医二十八年的她|去年|获评: 他/她 (after a phrase with 的 that describes them) opening the clause
_PRONOUN = re.compile(r"(?:^|[，,；;])\s*(?:[^，,；;。“”]{1,15}的)?(?:他|她)(?:本人)?"
                      r"(?:先后|曾经|曾|多次|还|也|均|都|此前|又|已经|已|连续|被|去年|今年|前年|\d{4}年)*$")
_EARLIER_PRONOUN = re.compile(r"(?:^|[，,；;])\s*(?:他|她)")  # 他先后荣获…，2023年被评为…


def _pronoun_subject(doc: Doc, sent: Sent, verb_start: int) -> list[Mention]:
    """The person 他/她 opening the verb's clause, or an earlier clause of the sentence with no
    name after it, stands for (张某从教19年，她本人曾获评…; 他先后荣获…，2023年被评为…)."""
    found = _PRONOUN.search(sent.text[:verb_start]) or _EARLIER_PRONOUN.search(sent.text[:verb_start])
    if found is None or any(found.end() <= m.start - sent.start < verb_start for m in doc.in_sentence(sent, (Kind.PERSON,))):
        return []
    return _antecedent(doc, sent, sent.start + found.start())


def _topic(doc: Doc, sent: Sent, verb: Verb, verb_start: int, holders: list[Mention],
           given: list[Mention]) -> list[Mention]:
    """The person a sentence with no subject goes on about (张某是某公司的桥吊司机。今年4月，又
    荣获…): the one the first clause of the sentence before it in its paragraph names first,
    when nothing is named before the verb and the honor is for persons (not 授予 an object)."""
    if verb.word == "授予" or any(m.start - sent.start < verb_start for m in holders) or any(
            (canonical(h.text) or "").endswith(_FOR_COLLECTIVES) for h in given):
        return []
    paragraph = next(p for p in doc.paragraphs() if sent in p)
    before = [s for s in paragraph if s.start < sent.start]
    if not before:
        return []
    previous = before[-1]
    opening = [m for m in doc.in_sentence(previous, (Kind.PERSON, Kind.ORGANIZATION)) if m.source != "byline"][:1]
    first_clause = re.search(r"[，,；;]|$", previous.text).start()
    return [m for m in opening if m.kind == Kind.PERSON and m.start - previous.start < first_clause]


_OBJECT_PRONOUNS = ("其", "他", "她")


def _pronoun_object(doc: Doc, sent: Sent, verb: Verb, verb_end: int, given: list[Mention]) -> list[Mention]:
    """The person 其/他/她 right after 授予 stands for (某总工会授予其“某市工匠”称号), for an
    honor of persons."""
    if verb.word != "授予" or sent.text[verb_end : verb_end + 1] not in _OBJECT_PRONOUNS or any(
            (canonical(h.text) or "").endswith(_FOR_COLLECTIVES) for h in given):
        return []
    return _antecedent(doc, sent, sent.start + verb_end)


def _antecedent(doc: Doc, sent: Sent, pronoun: int) -> list[Mention]:
    """The person a pronoun at ``pronoun`` stands for: the last person named before it in the
    sentence, else in the paragraph's sentences before, but not one named as a verb's object."""
    paragraph = next(p for p in doc.paragraphs() if sent in p)
    earlier = [m for s in paragraph if s.start <= sent.start for m in doc.in_sentence(s, (Kind.PERSON,))
               if m.end <= pronoun and m.source != "byline" and not _after_verb(s, m)]
    return earlier[-1:]


def _after_verb(sent: Sent, mention: Mention) -> bool:
    """Is the mention a verb's object (攻克|某某): no one a later 他 stands for?"""
    start = mention.start - sent.start
    return any(e == start and pos.startswith("v") for _, e, pos in sent.words)


def _listed_chain(sent: Sent, start: int, end: int, *, commas: bool = False) -> bool:
    """Is ``sent.text[start:end]`` a list mark and the chain of the next name, no clause and no
    verb in it (张某|、某公司测量员|李某; 张某|、某公司（以下简称“某某”）测量员|李某); with
    ``commas``, a comma may be the mark (张某|，某医院儿科医师|李某)?"""
    chain = _INSERT.sub("", SHORT_NAME.sub("", sent.text[start:end]))
    pattern = _COMMA_LISTED_CHAIN if commas else _LISTED_CHAIN
    return pattern.fullmatch(chain) is not None and not any(start < position < end for position, _ in sent.verbs)


def _after_of(sent: Sent, parts: list[Mention], last_honor: Mention) -> list[Mention]:
    """``荣获…奖章的张某``, ``获得…称号的北京地铁司机赵某``, ``荣获…称号的是：张某、李某``: the holders
    listed after the honor and 的, each with its chain."""
    after = _OF.match(sent.text, last_honor.end - sent.start)
    if after is None:
        return []
    start = after.end()
    following = [part for part in parts if part.start - sent.start >= start]
    if following and following[0].kind == Kind.PERSON and _UNREAD_TITLE.fullmatch(
            sent.text, start, following[0].start - sent.start):
        start = following[0].start - sent.start  # …的电解工|王某: a title the tagger left unread
    return _listed(sent, parts, start, _chain_end(sent, following, start, _ONE_LIST_MARK))


_OF = re.compile(r"的(?:是|有)?[:：]?")
_UNREAD_TITLE = re.compile(r"[\u4e00-\u9fff]{1,5}")
_ONE_LIST_MARK = re.compile(r"[、和及与]?")
_CHAIN_PARTS = (Kind.PERSON, Kind.ORGANIZATION, Kind.TITLE, Kind.PLACE)
