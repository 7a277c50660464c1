"""The statistical tagger's proposals: Person, Organization, Place and Title spans.

The tagger (:mod:`kg.extract.tagger`) reads every sentence of a page in one batch; each span
it finds is proposed with its score, the mean probability of its labels. Its matrices are
small, so BLAS runs on one thread while it tags: a second BLAS thread busy-waiting for a core
another process holds made tagging up to thirty times slower on a loaded machine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from threadpoolctl import threadpool_limits

from kg.extract import gazetteer
from kg.extract.component import Component, register
from kg.extract.doc import Doc, Sent
from kg.extract.fields import with_fields
from kg.extract.lexicon import (
    PLACE_LEVELS,
    SCHOOL_GRADE,
    UNIVERSITY_UNITS,
    compound_surnames,
    department_suffixes,
    ends_with,
    event_head_of,
    is_occupation,
    org_suffixes,
    person_classes,
    professional_ranks_by_length,
    squad_ending,
    surnames,
    tibetan_name_parts,
    title_heads,
    unit_suffixes,
    verb_at,
    without_rank,
)
from kg.extract.overlap import names_event
from kg.extract.span_cuts import without_verbs
from kg.extract.tagger import MentionTagger, TaggedSpan, default_tagger
from kg.extract.words import FUNCTION_POS, SUBJECT_ADVERBS, word_tags
from kg.model import Kind, Mention


@register("tagger")
class TaggerProposer(Component):
    def __init__(self, tagger: MentionTagger | None = None) -> None:
        self.tagger = tagger or default_tagger()

    def match(self, doc: Doc) -> list:
        with threadpool_limits(limits=1, user_api="blas"):
            return self.tagger.tag([s.text for s in doc.sents], [s.words for s in doc.sents])

    def set_annotations(self, doc: Doc, found: list) -> None:
        persons: list[tuple[Sent, Mention]] = []
        for sent, spans in zip(doc.sents, found, strict=True):
            spans = with_fields(sent.text, _bracketed_posts(sent.text, spans))
            for span in _joined_titles(sent.text, _graded_titles(sent.text, spans)):
                begin, end = span.start, span.end
                if span.kind == Kind.PLACE and _is_surname_only(sent.text[begin:end]):
                    continue  # 欧阳|立新走进: a surname, no place (the name is read where written whole)
                if span.kind == Kind.PLACE and sent.text.startswith("族", end) and \
                        gazetteer.load().is_people(sent.text[begin:end]):
                    continue  # 哈尼|族先民: a people, no place
                if span.kind == Kind.PERSON and _is_bare_body(sent.text[begin:end]):
                    span = TaggedSpan(begin, end, Kind.ORGANIZATION, span.score)  # 县政协|主席: no one's name
                if span.kind == Kind.PERSON and is_occupation(sent.text[begin:end]) and \
                        any(s.kind == Kind.PERSON and s.start == end for s in spans):
                    span = TaggedSpan(begin, end, Kind.TITLE, span.score)  # 维保工|赵某: the post before a name
                if span.kind == Kind.PERSON:
                    begin = _with_compound_surname(sent, _after_occupation(sent.text, begin, end))
                    begin, end = _whole_tibetan_name(sent.text, begin, _whole_name(sent, begin, end))
                    end = _before_crossing_verb(sent.text, begin, _before_trailing_adverb(sent.text, begin, end))
                    end = _with_last_character(sent, begin, end)
                    if _opens_a_word(sent, begin, end):
                        continue
                elif span.kind in (Kind.ORGANIZATION, Kind.TITLE):
                    begin = _with_joined_field(sent, _with_bare_division(sent.text, begin), end, spans)
                    if span.kind == Kind.ORGANIZATION:
                        begin = _from_bracket(sent.text, begin, spans)
                for start, stop in without_verbs(sent, begin, end, span.kind):
                    kind, cut = span.kind, stop
                    if kind == Kind.ORGANIZATION and (_is_titled_name(sent, start, stop)
                                                      or _is_bracketed_name(sent, start, stop, end)):
                        kind = Kind.PERSON  # 某公司焊工|米兰: a name after an occupation, read as an organization
                    if kind == Kind.ORGANIZATION:
                        name_start = _before_trailing_name(sent, start, stop)
                        if name_start < stop:
                            persons.append((sent, doc.mention(sent.start + name_start, sent.start + stop, Kind.PERSON,
                                                              "tagger", span.score)))
                        org_end = _before_its_event(sent, start, _before_squad(sent.text, start, name_start))
                        if org_end == start:
                            continue
                        cut = _before_trailing_post(sent, start, org_end)
                        if cut < org_end:
                            doc.proposals.append(doc.mention(sent.start + cut, sent.start + org_end, Kind.TITLE,
                                                             "tagger", span.score))
                    mention = doc.mention(sent.start + start, sent.start + cut, kind, "tagger", span.score)
                    if kind == Kind.PERSON:
                        persons.append((sent, mention))
                    else:
                        doc.proposals.append(mention)
        doc.proposals += _completed_names(doc, _joined_dotted_names(doc, persons))
        _titles_before_names(doc, [person for _, person in persons])
        _consistent_persons(doc)
        _places_named_with_level(doc)
        _consistent_titles(doc)
        _repeated_names(doc)
        _whole_surnamed_names(doc)

    def pipe(self, docs: Sequence[Doc]) -> None:
        """Tag the sentences of all ``docs`` (one page) in one batch."""
        sents = [s for doc in docs for s in doc.sents]
        with threadpool_limits(limits=1, user_api="blas"):
            found = iter(self.tagger.tag([s.text for s in sents], [s.words for s in sents]))
        for doc in docs:
            self.set_annotations(doc, [next(found) for _ in doc.sents])


def _bracketed_posts(text: str, spans: list[TaggedSpan]) -> list[TaggedSpan]:
    """An organization the tagger ran from a name into the post bracketed after it, up to the
    title it read there (诸葛某（高三数学|教师）): the name, and the post whole."""
    read: list[TaggedSpan] = []
    for span in spans:
        last = read[-1] if read else None
        bracket = text.find("（", last.start, last.end) if last is not None and last.kind == Kind.ORGANIZATION else -1
        if last is not None and bracket > last.start and span.kind == Kind.TITLE and span.start == last.end and \
                not re.search(r"[)）]", text[bracket : last.end]) and not ends_with(text[bracket + 1 : last.end], org_suffixes()):
            kind = Kind.PERSON if _shaped_like_name(text[last.start : bracket]) else Kind.ORGANIZATION
            read[-1] = TaggedSpan(last.start, bracket, kind, last.score)
            span = TaggedSpan(bracket + 1, span.end, Kind.TITLE, min(last.score, span.score))
        read.append(span)
    return read


def _graded_titles(text: str, spans: list[TaggedSpan]) -> list[TaggedSpan]:
    """A school grade is no name and no part of a post (高二|语文教师 teaches 语文 in that grade;
    高三|年级组长 heads that grade): a title the tagger read from a grade opens after it, and a
    grade it read as a name is dropped."""
    graded: list[TaggedSpan] = []
    for span in spans:
        grade = SCHOOL_GRADE.match(text, span.start)
        if grade is not None and span.kind == Kind.PERSON and grade.end() == span.end:
            continue
        if grade is not None and span.kind == Kind.TITLE and span.end - grade.end() >= 2:
            span = TaggedSpan(grade.end(), span.end, Kind.TITLE, span.score)
        graded.append(span)
    return graded


def _joined_titles(text: str, spans: list[TaggedSpan]) -> list[TaggedSpan]:
    """Two titles the tagger read side by side that together are one (主任|医师 → 主任医师), or
    whose boundary cuts a professional rank after a department (儿科副主任|医师 → 儿科 |
    副主任医师: the department is its organization)."""
    joined: list[TaggedSpan] = []
    for span in spans:
        last = joined[-1] if joined else None
        if last is None or not (last.kind == span.kind == Kind.TITLE and last.end == span.start):
            joined.append(span)
            continue
        score = min(last.score, span.score)
        rank = next((r for r in professional_ranks_by_length() if text.endswith(r, last.start, span.end)), None)
        cut = span.end - len(rank) if rank else span.start
        if without_rank(text[last.start : span.end]) in title_heads():
            joined[-1] = TaggedSpan(last.start, span.end, Kind.TITLE, score)
        elif last.start < cut < span.start and ends_with(text[last.start : cut], unit_suffixes()):
            joined[-1:] = [TaggedSpan(last.start, cut, Kind.ORGANIZATION, last.score),
                           TaggedSpan(cut, span.end, Kind.TITLE, score)]
        else:
            joined.append(span)
    return joined


def _before_trailing_post(sent: Sent, start: int, end: int) -> int:
    """Where an organization the tagger ran on into the post after it ends: after a department
    or an organization's suffix, when a whole word or two of title or occupation follow
    (某集团某项目部|钢筋工, 某公司|总经理); else at ``end``."""
    text = sent.text
    word_starts = {s for s, _, _ in sent.words}
    for cut in range(end - 2, start + 2, -1):
        rest = text[cut:end]
        if cut in word_starts and rest not in person_classes() and not rest.startswith("第") and (
                without_rank(rest) in title_heads() or is_occupation(rest)) and (
                ends_with(text[start:cut], department_suffixes()) or ends_with(text[start:cut], org_suffixes())):
            return cut
    return end


def _from_bracket(text: str, start: int, spans: list[TaggedSpan]) -> int:
    """Where an organization in a bracket right after a name starts: at the bracket, with the
    characters the tagger left before it there (某某（化学|化工学院副教授）)."""
    opening = text.rfind("（", 0, start)
    if opening < 0 or not _LEFT_OVER.fullmatch(text, opening + 1, start) or not any(
            s.kind == Kind.PERSON and s.end == opening for s in spans):
        return start
    return opening + 1


_LEFT_OVER = re.compile(r"[\u4e00-\u9fff]{1,4}")


def _before_its_event(sent: Sent, start: int, end: int) -> int:
    """An organization the tagger ran into the name of an event of its own (某公司|第五届职工代表大会,
    某总工会|2024年“送清凉”活动) ends where its name does: at the last word that ends like an
    organization before the event's head (not 产业工人队|伍). Without one the span is left whole
    (the overlap policy drops it)."""
    text = sent.text
    if not names_event(text[start:end]):
        return end
    head = event_head_of(text[start:end])
    word_ends = {stop for _, stop, _ in sent.words}
    for stop in range(end - len(head), start + 3, -1):
        if stop in word_ends and ends_with(text[start:stop], org_suffixes()) and event_head_of(text[start:stop]) is None:
            return stop
    return end


def _before_squad(text: str, start: int, end: int) -> int:
    """Where an organization the tagger ran on into a team of its own ends (某学院|代表队): where
    the organization's name before the team ends; at ``start`` when none does (党员服务队), the
    team being no organization."""
    squad = squad_ending(text[start:end])
    if squad is None:
        return end
    return next((cut for cut in range(end - len(squad), start + 1, -1) if ends_with(text[start:cut], org_suffixes())),
                start)


def _before_trailing_name(sent: Sent, start: int, end: int) -> int:
    """Where the name starts that an organization the tagger ran on into its post and the name
    ends with (某公司焊工|皇甫振东, read as one organization in a list); else ``end``."""
    for size in (2, 3, 4):
        cut = end - size
        if cut > start + 3 and _is_titled_name(sent, cut, end) and _before_trailing_post(sent, start, cut) < cut:
            return cut
    return end


def _is_titled_name(sent: Sent, start: int, end: int) -> bool:
    """Is ``sent.text[start:end]`` a name after an occupation or a post: two to four characters
    opening with a surname, with no organization's ending, right after such a word?"""
    text = sent.text[start:end]
    if not _shaped_like_name(text) or ends_with(text, org_suffixes()):
        return False
    word = next((sent.text[s:e] for s, e, _ in sent.words if e == start), "")
    return is_occupation(word) or without_rank(word) in title_heads()


def _shaped_like_name(text: str) -> bool:
    """Two to four characters opening with a surname (one or two characters)."""
    return 2 <= len(text) <= 4 and (text[0] in surnames() or text[:2] in surnames())


def _is_bracketed_name(sent: Sent, start: int, stop: int, end: int) -> bool:
    """Is ``sent.text[start:stop]`` a name the tagger ran on into the bracket after it, which
    the span opens and does not close (张某|（某公司: :func:`_before_open_bracket`)?"""
    text = sent.text[start:stop]
    return stop < end and sent.text[stop] in "（(" and _shaped_like_name(text) and not ends_with(text, org_suffixes())


def _is_surname_only(text: str) -> bool:
    """Is ``text`` a two-character surname that is no division's name (欧阳, 上官; not 濮阳)?"""
    return text in compound_surnames() and not gazetteer.load().lookup(text)


def _joined_dotted_names(doc: Doc, persons: list[tuple[Sent, Mention]]) -> list[tuple[Sent, Mention]]:
    """Two names the tagger read side by side, the second holding a name's middle dot: one name
    cut inside its first part (木塔力|甫·艾则孜)."""
    joined: list[tuple[Sent, Mention]] = []
    for sent, mention in persons:
        if joined and joined[-1][1].end == mention.start and "·" in mention.text and "·" not in joined[-1][1].text:
            first = joined[-1][1]
            score = min(first.score, mention.score)
            joined[-1] = (sent, doc.mention(first.start, mention.end, Kind.PERSON, "tagger", score))
        else:
            joined.append((sent, mention))
    return joined


def _completed_names(doc: Doc, persons: list[tuple[Sent, Mention]]) -> list[Mention]:
    """The tagger's names, each cut short where jieba joined its last character to the next
    word (贺兰|清代|行 read as 贺兰) made whole when the article names the same person in full
    elsewhere, at jieba's word boundaries (贺兰清|不再): one more character, the same name."""
    whole = {m.text for sent, m in persons if _word_ends_at(sent, m.end - sent.start)}
    completed = []
    for sent, mention in persons:
        end = mention.end - sent.start
        longer = sent.text[mention.start - sent.start : end + 1]
        if len(longer) == len(mention.text) + 1 and longer in whole and not _word_ends_at(sent, end + 1):
            mention = doc.mention(mention.start, mention.end + 1, Kind.PERSON, "tagger", mention.score)
        completed.append(mention)
    return completed


def _titles_before_names(doc: Doc, persons: list[Mention]) -> None:
    """A title the tagger ran into a name's surname (骑手上官|俊杰, the name widened to 上官俊杰) ends
    where the name starts."""
    starts = {p.start for p in persons}
    for index, title in enumerate(doc.proposals):
        if title.kind != Kind.TITLE or title.source != "tagger":
            continue
        start = next((s for s in starts if title.start + 2 <= s < title.end), None)
        if start is not None:
            doc.proposals[index] = doc.mention(title.start, start, Kind.TITLE, "tagger", title.score)


def _consistent_persons(doc: Doc) -> None:
    """A name the tagger read surer as a person elsewhere in the article is a person where it
    read it as a place (卡洛斯·门多萨 … 门多萨表示 … 门多萨|一行 read as the city), and so is one it
    read as an organization with no organization's ending (焊工米兰 … 米兰被授予): one article, one
    reading. A foreign name's last part (门多萨 of 卡洛斯·门多萨) counts as the name."""
    surest: dict[str, float] = {}
    for m in doc.proposals:
        if m.kind == Kind.PERSON and m.source == "tagger":
            for name in {m.text, m.text.rsplit("·", 1)[-1]}:
                surest[name] = max(surest.get(name, 0.0), m.score)
    doc.proposals = [
        doc.mention(m.start, m.end, Kind.PERSON, "tagger", max(m.score, surest[m.text])) if m.source == "tagger" and (
            (m.kind == Kind.PLACE and surest.get(m.text, 0.0) > m.score)
            or (m.kind == Kind.ORGANIZATION and m.text in surest and not ends_with(m.text, org_suffixes()))) else m
        for m in doc.proposals
    ]


def _places_named_with_level(doc: Doc) -> None:
    """A name the tagger read as a person that the article also writes as a place with its
    level (帕尔马 … 帕尔马市, a foreign city the gazetteer lacks) is that place."""
    places = {m.text for m in doc.proposals if m.kind == Kind.PLACE}
    doc.proposals = [
        doc.mention(m.start, m.end, Kind.PLACE, "tagger", m.score)
        if m.kind == Kind.PERSON and m.source == "tagger" and any(m.text + level in places for level in PLACE_LEVELS) else m
        for m in doc.proposals
    ]


def _repeated_names(doc: Doc) -> None:
    """A name the tagger read as a person's is a person's where the article writes it again and
    nothing was proposed over it (领衔人|马骏, jieba's 人马 hiding the name): one article, one
    reading. Names of two characters count when they open with a surname."""
    names: dict[tuple[str, Kind], float] = {}
    for m in doc.proposals:
        if m.source == "tagger" and (
                (m.kind == Kind.PERSON and (len(m.text) >= 3 or m.text[0] in surnames()))
                or (m.kind == Kind.ORGANIZATION and len(m.text) >= 4 and ends_with(m.text, org_suffixes()))):
            names[(m.text, m.kind)] = max(names.get((m.text, m.kind), 0.0), m.score)
    taken = [(m.start, m.end) for m in doc.proposals]
    for (name, kind), score in sorted(names.items()):
        doc.proposals += [doc.mention(start, end, kind, "tagger", score) for start, end in _unproposed(doc, name, taken)]


def _whole_surnamed_names(doc: Doc) -> None:
    """A name read as a two-character surname alone (欧阳|立新走进) is the longer name the article
    reads with that surname where it is written on (欧阳立新), else none."""
    names = {m.text for m in doc.proposals if m.kind == Kind.PERSON and len(m.text) > 2}
    kept = []
    for m in doc.proposals:
        if m.kind == Kind.PERSON and _is_surname_only(m.text):
            whole = next((n for n in sorted(names, key=len, reverse=True) if n.startswith(m.text)
                          and doc.text.startswith(n, m.start)), None)
            if whole is None:
                continue
            m = doc.mention(m.start, m.start + len(whole), Kind.PERSON, m.source, m.score)
        kept.append(m)
    doc.proposals = kept


def _consistent_titles(doc: Doc) -> None:
    """A title the tagger read in the article is a title where the article writes it again
    right before a name or right after an organization and the tagger left it out (…总装车间
    装调工赵某、…|总装车间装调工|孙某): one article, one reading."""
    titles = {m.text: m.score for m in doc.proposals if m.kind == Kind.TITLE and m.source == "tagger"}
    if not titles:
        return
    starts = {m.start for m in doc.proposals if m.kind == Kind.PERSON}
    org_ends = {m.end for m in doc.proposals if m.kind == Kind.ORGANIZATION}
    taken = [(m.start, m.end) for m in doc.proposals]
    for text, score in titles.items():
        doc.proposals += [doc.mention(start, end, Kind.TITLE, "tagger", score) for start, end in
                          _unproposed(doc, text, taken) if end in starts or start in org_ends]


def _unproposed(doc: Doc, text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where the article writes ``text`` with no span of ``taken`` over it."""
    found = []
    start = doc.text.find(text, doc.article.start, doc.article.end)
    while start >= 0:
        end = start + len(text)
        if not any(a < end and start < b for a, b in taken):
            found.append((start, end))
        start = doc.text.find(text, end, doc.article.end)
    return found


def _word_ends_at(sent: Sent, offset: int) -> bool:
    """Does no jieba word of ``sent`` run across ``offset``?"""
    return not any(s < offset < e for s, e, _ in sent.words)


_CLAUSE_START = "，,、。；;：:（(“\"　 "


def _opens_a_word(sent: Sent, start: int, end: int) -> bool:
    """Is the name the start of a longer dictionary word that is no name (马克思|主义)?"""
    return any(s == start and e > end and pos not in ("x", "nr") for s, e, pos in sent.words)


def _with_compound_surname(sent: Sent, start: int) -> int:
    """The start of a name whose two-character surname the tagger cut in half (公|孙立伟), when
    the surname's first character starts a word (not 董事长|孙某: 长 ends 董事长), or left out
    whole, when it is a word of its own."""
    if start >= 1 and sent.text[start - 1 : start + 1] in compound_surnames() and \
            any(s == start - 1 for s, _, _ in sent.words):
        return start - 1
    if start >= 2 and sent.text[start - 2 : start] in compound_surnames() and \
            any(s == start - 2 and e == start for s, e, _ in sent.words):
        return start - 2  # 骑手上官|俊杰: the whole surname left out
    return start


def _after_occupation(text: str, start: int, end: int) -> int:
    """The start of a name the tagger read with the occupation before it (维保工|杜鹏): after an
    occupation of two to four characters (no compound surname) when a name of two or three
    characters, opening with a surname, follows; a span of five characters or more is no Han
    name of its own, one of four only with a compound surname."""
    for cut in range(start + 2, min(start + 4, end - 2) + 1):
        occupation, name = text[start:cut], text[cut:end]
        if is_occupation(occupation) and occupation[:2] not in compound_surnames() and len(name) in (2, 3) \
                and name[0] in surnames() and (end - start >= 5 or (end - start == 4 and cut == start + 2)):
            return cut
    return start


def _with_bare_division(text: str, start: int) -> int:
    """The start of an organization or a post whose bare division the tagger left out:
    区|总工会党组书记 at the start of a clause is 区总工会党组书记 (the article says which 区;
    resolution reads it)."""
    if start >= 1 and text[start - 1] in "省市区县州镇乡" and (start == 1 or text[start - 2] in _CLAUSE_START):
        return start - 1
    return start




def _with_joined_field(sent: Sent, start: int, end: int, spans: list[TaggedSpan]) -> int:
    """The start of a school or an institute named by two fields joined with 与 that the tagger
    cut at the 与 (汽车与|交通工程学院): the nouns before it, up to six characters."""
    text = sent.text
    if start < 3 or text[start - 1] != "与" or not text[start:end].endswith(UNIVERSITY_UNITS):
        return start
    left = start - 1
    for word_start, word_end, pos in reversed(sent.words):
        if word_end > left:
            continue
        if word_end < left or pos not in ("n", "vn") or start - 1 - word_start > 6 or \
                any(s.start < word_end and word_start < s.end for s in spans):
            break
        left = word_start
    return left if left < start - 1 else start


def _whole_name(sent: Sent, start: int, end: int) -> int:
    """The end of a name with a two-character surname (欧阳, 司马, 尉迟) the tagger cut short:
    rare surnames are where it errs, as 司马晓|光 or 尉迟|光明; the given name runs on to two
    characters over what follows, up to a word that cannot begin one (a verb, a time, 的, 、)."""
    text = sent.text
    if text[start : start + 2] not in compound_surnames():
        return end
    starts = {s: pos for s, _, pos in sent.words}
    while end - start < 4 and end < len(text) and "\u4e00" <= text[end] <= "\u9fff":
        pos = starts.get(end, "")
        if pos.startswith(FUNCTION_POS) or verb_at(text, end) is not None or text[end] in "的和与及等为被在" or \
                any(s == end and e > start + 4 for s, e, _ in sent.words):
            break  # (not 申屠泽|教授: a word that runs past the longest name)
        end += 1
    return end


def _whole_tibetan_name(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a Tibetan name of two elements (扎西平措: no surname, two characters each) the
    tagger cut inside one of them (扎西平|措, 次|旺罗布)."""
    if end - start == 3:
        for whole in (start, start - 1):
            if whole >= 0 and text[whole : whole + 2] in tibetan_name_parts() and \
                    text[whole + 2 : whole + 4] in tibetan_name_parts():
                return whole, whole + 4
    return start, end


def _is_bare_body(text: str) -> bool:
    """Is this a division's body named by its level alone (县政协, 市总工会)?"""
    return len(text) >= 3 and text[0] in "省市区县" and text[1:] in org_suffixes()


def _before_trailing_adverb(text: str, start: int, end: int) -> int:
    """The end of a four-character name with a one-character surname whose last character is an
    adverb that follows a subject (苏玉珍|常对我说, 王建军|也是): Han given names are of one or two
    characters."""
    if end - start != 4 or text[start : start + 2] in compound_surnames() or text[start] not in surnames():
        return end
    return end - 1 if text[end - 1] in SUBJECT_ADVERBS else end


def _with_last_character(sent: Sent, start: int, end: int) -> int:
    """The end of a two-character name the tagger cut one short before a verb (孟庆|强|作工作报告):
    the character between is no verb, no function word and no punctuation, and a verb starts
    right after it."""
    text = sent.text
    if end - start != 2 or text[start] not in surnames() or end + 1 >= len(text) or \
            not "\u4e00" <= text[end] <= "\u9fff" or verb_at(text, end) is not None or \
            verb_at(text, end + 1) is None or word_tags().get(text[end], "").startswith(FUNCTION_POS):
        return end
    return end + 1


def _before_crossing_verb(text: str, start: int, end: int) -> int:
    """The end of a name the tagger ran into a verb that goes on past it (陈刚|作典型发言): a name
    never ends inside a verb, so it ends where the verb starts."""
    for position in range(start + 2, end):
        verb = verb_at(text, position)
        if verb is not None and position + len(verb.word) > end:
            return position
    return end
