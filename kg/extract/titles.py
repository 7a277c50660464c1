"""The two halves of ``TITLE PERSON`` when the tagger read only one of them, and the person a
verb of appointment names.

* ``titles``: occupations before a name the tagger did not read as a post (``焊工皇甫振东``,
  ``外卖骑手侯某``). The words right before a person (up to eight characters, back to a verb,
  a function word, punctuation or another proposal), when they end in an occupation's ending
  (``occupation_suffixes.txt``: 工, 员, 师, 手, 长), are proposed as a title.
* ``appointed_names``: a name right after a verb that appoints or releases its object, before
  为 or 的 (任命|某某|为, 免去|方明|的…职务), even one that is a dictionary word.
* ``titled_names``: a name right after a title that the tagger did not read (``操作工耿一鸣等12人``,
  ``主管技师单于明入选``): a surname, one or two more characters, then what ends a name in a
  chain (a list mark, 等, a verb). The name must be whole words of the segmentation that are
  no words of their own (not ``工程师|高度评价``, ``经理|向大家``).

All three propose with source ``lexicon``, below the tagger, which wins where they overlap.
"""

from __future__ import annotations

import re

from kg.extract.component import Component, register
from kg.extract.doc import Doc, Sent
from kg.extract.lexicon import (
    SCHOOL_GRADE,
    compound_surnames,
    is_occupation,
    occupation_suffixes,
    stop_words,
    surnames,
    verb_at,
    verbs,
)
from kg.extract.words import FUNCTION_POS, NAME_POS
from kg.model import Kind, Mention

MAX_TITLE = 8
LEXICON_SCORE = 0.5


_NO_TITLE = stop_words() | {"兼"}  # words no occupation runs over (国务委员|兼|外长)


@register("titles")
class OccupationTitles(Component):
    def match(self, doc: Doc) -> list[Mention]:
        suffixes = occupation_suffixes()
        found = []
        for sent in doc.sents:
            proposed = doc.proposed_in(sent)
            for person in (m for m in proposed if m.kind == Kind.PERSON and m.source == "tagger"):
                end = person.start - sent.start
                if any(m.kind == Kind.TITLE and m.end == person.start for m in proposed):
                    continue
                start = end
                for word_start, word_end, pos in reversed(sent.words):
                    if word_end > start:
                        continue
                    word = sent.text[word_start:word_end]
                    if word_end < start or end - word_start > MAX_TITLE or not word.isalpha() or word in _NO_TITLE \
                            or word in verbs() or pos.startswith(("p", "c", "u", "r", "t", "m")) \
                            or any(m.start - sent.start < word_end and word_start < m.end - sent.start for m in proposed):
                        break
                    start = word_start
                grade = SCHOOL_GRADE.match(sent.text, start, end)
                start = grade.end() if grade is not None else start  # 高一|年级组长: a grade is no part of a post
                if end - start >= 2 and sent.text[start:end].endswith(suffixes):
                    found.append(doc.mention(sent.start + start, sent.start + end, Kind.TITLE, "lexicon", LEXICON_SCORE))
            found += self._listed_after_org(doc, sent, proposed)
        return found

    @staticmethod
    def _listed_after_org(doc: Doc, sent: Sent, proposed: list[Mention]) -> list[Mention]:
        """An occupation right after an organization and before a list mark, in a chain that
        goes on to a name (某公司|数控车工|、“大国工匠”张某), or closing the bracket after a name
        (张某（某公司|钳工|）)."""
        found = []
        starts = {s: (e, pos) for s, e, pos in sent.words}
        for org in (m for m in proposed if m.kind == Kind.ORGANIZATION):
            start = end = org.end - sent.start
            while end in starts and end - start < MAX_TITLE:
                word_end, pos = starts[end]
                word = sent.text[end:word_end]
                if not word.isalpha() or word in _NO_TITLE or word in verbs() or (
                        pos.startswith(FUNCTION_POS) and not is_occupation(word)):  # (jieba tags 焊工 a verb)
                    break
                end = word_end
            listed = end - start >= 2 and sent.text[end : end + 1] == "、"
            named_after = any(m.kind == Kind.PERSON and m.start - sent.start > end for m in proposed)
            after_name = any(m.kind == Kind.PERSON and m.end == org.start - 1 and doc.text[m.end] in "（("
                             for m in proposed)
            close = _closing_bracket(sent.text, start)
            if after_name and close is not None and close - start <= MAX_TITLE and sent.text[start:close].isalpha():
                end = close  # the bracket closes the post, whatever words jieba made of it (热轧部|点检|员)
            bracketed = end - start >= 2 and after_name and sent.text[end : end + 1] in "）)"  # 张某（某公司|钳工）
            taken = any(m.start - sent.start < end and start < m.end - sent.start for m in proposed if m is not org)
            if (listed and named_after or bracketed) and not taken and \
                    sent.text[start:end].endswith(occupation_suffixes()):
                found.append(doc.mention(sent.start + start, sent.start + end, Kind.TITLE, "lexicon", LEXICON_SCORE))
        return found

    def set_annotations(self, doc: Doc, found: list[Mention]) -> None:
        doc.proposals += found


def _closing_bracket(text: str, start: int) -> int | None:
    """Where the bracket open before ``start`` closes, if it does in ``text``."""
    close = min((i for i in (text.find("）", start), text.find(")", start)) if i >= 0), default=-1)
    return close if close >= 0 else None


_NAME_ENDS = "、，,。；;：:（(等"
_GRAMMAR_POS = ("p", "c", "u", "r", "m", "t", "f")  # words that cannot be a given name (not 立新, an adverb)
_INSERT = re.compile(r"(?:[（(][\u4e00-\u9fff]{1,6}[）)])?")  # a bracketed note on the post: （兼职）, （挂职）


@register("titled_names")
class TitledNames(Component):
    def match(self, doc: Doc) -> list[Mention]:
        found = []
        for sent in doc.sents:
            proposed = doc.proposed_in(sent)
            taken = {p for m in proposed if m.kind != Kind.TITLE for p in range(m.start, m.end)}
            for title in (m for m in proposed if m.kind == Kind.TITLE and m.end not in taken):
                start = title.end - sent.start
                start += len(_INSERT.match(sent.text, start).group())  # 副主席（兼职）|沈某
                end = _name_end(sent, start)
                if end is not None and not taken.intersection(range(sent.start + start, sent.start + end)):
                    found.append(doc.mention(sent.start + start, sent.start + end, Kind.PERSON, "lexicon",
                                             LEXICON_SCORE))
        return found

    def set_annotations(self, doc: Doc, found: list[Mention]) -> None:
        doc.proposals += found


@register("appointed_names")
class AppointedNames(Component):
    def match(self, doc: Doc) -> list[Mention]:
        """The name right after a verb that appoints or releases its object, before 为 or 的
        (任命|某某|为…, 免去|方明|的…职务), even a name that is a dictionary word (方明)."""
        found = []
        for sent in doc.sents:
            taken = {p for m in doc.proposed_in(sent) for p in range(m.start, m.end)}
            for position, verb in sent.verbs:
                if not (verb.appoints_object or verb.releases):
                    continue
                start = position + len(verb.word)
                surname = 2 if sent.text[start : start + 2] in compound_surnames() else 1
                if sent.text[start : start + surname] not in surnames() or sent.start + start in taken:
                    continue
                end = next((e for e in (start + surname + 2, start + surname + 1)
                            if _APPOINTED.fullmatch(sent.text, start, e) and sent.text[e : e + 1] in ("为", "的")), None)
                if end is not None and _word_boundary(sent, start) and _word_boundary(sent, end):
                    found.append(doc.mention(sent.start + start, sent.start + end, Kind.PERSON, "lexicon", LEXICON_SCORE))
        return found

    def set_annotations(self, doc: Doc, found: list[Mention]) -> None:
        doc.proposals += found


_APPOINTED = re.compile(r"[\u4e00-\u9fff]{2,4}")


def _word_boundary(sent: Sent, position: int) -> bool:
    return any(s == position for s, _, _ in sent.words) or position == len(sent.text)


def _name_end(sent: Sent, start: int) -> int | None:
    """Where a name starting at ``start`` ends, if a name starts there."""
    text = sent.text
    surname = 2 if text[start : start + 2] in compound_surnames() else 1
    if text[start : start + surname] not in surnames():
        return None
    word_ends = {e: (s, pos) for s, e, pos in sent.words}
    for end in (start + surname + 2, start + surname + 1):
        if end >= len(text) or not all("\u4e00" <= c <= "\u9fff" for c in text[start:end]):
            continue
        if not (text[end] in _NAME_ENDS or verb_at(text, end) is not None or _word_at(sent, end, ("v", "p"))):
            continue
        if end in word_ends and _only_name_words(sent, start, end, surname):
            return end
    return None


def _word_at(sent: Sent, position: int, parts: tuple[str, ...]) -> bool:
    return any(s == position and pos.startswith(parts) for s, _, pos in sent.words)


def _only_name_words(sent: Sent, start: int, end: int, surname: int) -> bool:
    """Are the words from ``start`` to ``end`` a name's: boundaries at both ends, and none a
    dictionary word of its own (one character, a name, unknown, or the compound surname) but the
    given name after a compound surname (上官|立新); in a name of two characters, no function
    word (来此, 都不)?"""
    inside = [(s, e, pos) for s, e, pos in sent.words if start <= s < end]
    return bool(inside) and inside[0][0] == start and inside[-1][1] == end and all(
        (e - s == 1 and not (end - start == 2 and pos.startswith(FUNCTION_POS))) or pos in NAME_POS
        or (s == start and e - s == surname == 2)
        or (surname == 2 and s == start + 2 and not pos.startswith(_GRAMMAR_POS))  # 上官|立新: a given name
        for s, e, pos in inside)
