"""Shift crews written into a post: ``转炉车间|甲班|炉长某``, ``精炼车间|丙班|精炼工某``. A
unit that runs around the clock works in crews (甲乙丙丁班, 一二三四班); a crew is no
organization of its own, and its members' posts are held at the unit (``team_words.tsv``).
The tagger rarely reads a bare unit before a crew (and reads 丁班 as a name): the unit and its
crew are proposed whole where a post follows them, and the post (which jieba may run into the
name after it: 炉长陆|建平), so that the chain grammar gives the post to the unit the crew's name
opens with."""

from __future__ import annotations

import re

from kg.extract.component import Component, register
from kg.extract.doc import Doc, Sent
from kg.extract.lexicon import ends_with, occupation_suffixes, surnames, unit_nouns
from kg.model import Kind, Mention

_CREW = re.compile(r"[甲乙丙丁一二三四]班")
_CREW_END = re.compile(rf"(?:车间|分厂|工段|作业区){_CREW.pattern}$")
_CLAUSE_MARKS = "，,、；;：:。（）()“”《》 "
# Words after which a unit's name starts (是某车间甲班班长, 由某车间…): a word of one of these parts of
# speech (prepositions, conjunctions, particles, pronouns, adverbs) or a copula.
_BEFORE_NAME_POS = ("p", "c", "u", "r", "d")
_COPULAS = frozenset({"是", "为", "任", "系"})
_LONGEST_UNIT = 12


@register("shift_crews")
class ShiftCrews(Component):
    def match(self, doc: Doc) -> list[Mention]:
        found = []
        for sent in doc.sents:
            for crew in _CREW.finditer(sent.text):
                unit_end = crew.start()
                post_end = _post_after(sent, crew.end())
                if ends_with(sent.text[:unit_end], unit_nouns()) is None or post_end is None:
                    continue
                start = _unit_start(doc, sent, unit_end)
                if unit_end - start > max(len(noun) for noun in unit_nouns()):
                    found.append(doc.mention(sent.start + start, sent.start + crew.end(), Kind.ORGANIZATION, "grammar"))
                    found.append(doc.mention(sent.start + crew.end(), sent.start + post_end, Kind.TITLE, "grammar"))
        return found

    def set_annotations(self, doc: Doc, found: list[Mention]) -> None:
        doc.proposals += found


def is_crew(name: str) -> bool:
    """Does ``name`` end with a unit's shift crew (某车间|甲班)? Any post in it is the unit's."""
    return _CREW_END.search(name) is not None


def _post_after(sent: Sent, offset: int) -> int | None:
    """The end of the word ending like an occupation (炉长, 值班员) that opens at ``offset``: a
    word, or one that jieba ran into the surname after it (炉长陆|建平, 精炼|工马|春雷; not
    全体|员工); None if there is none."""
    for end in range(offset + 2, min(offset + 4, len(sent.text) - 1) + 1):
        if ends_with(sent.text[offset:end], occupation_suffixes()) is not None and (
                not any(start < end < stop for start, stop, _ in sent.words) or sent.text[end] in surnames()):
            return end
    return None


def _unit_start(doc: Doc, sent: Sent, unit_end: int) -> int:
    """Where the unit's name ending at ``unit_end`` opens: where an organization proposed before
    ends there opens (柳钢冷轧厂酸洗车间), else after the clause's last mark or the word before
    the name (是, 由, 的), at most ``_LONGEST_UNIT`` characters back."""
    proposed = [m.start - sent.start for m in doc.proposed_in(sent)
                if m.kind == Kind.ORGANIZATION and m.end == sent.start + unit_end]
    if proposed:
        return min(proposed)
    start = max(unit_end - _LONGEST_UNIT, 0)
    start = max([start] + [i + 1 for i in range(start, unit_end) if sent.text[i] in _CLAUSE_MARKS])
    for word_start, word_end, pos in sent.words:
        if start <= word_start and word_end <= unit_end and (
                pos.startswith(_BEFORE_NAME_POS) or sent.text[word_start:word_end] in _COPULAS):
            start = word_end
    return start
