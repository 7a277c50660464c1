"""Organizations named again by their class noun: ``该院党委书记``, ``该公司董事长``,
``…有限公司，公司总经理…`` (``org_class_nouns.tsv``); and the bodies of a division named by its
level alone: ``市政府在…召开``, ``由区委、区政府主办`` (``references.bare_bodies``).

A class noun after 该/本/这家/这所 is proposed as an organization when the article has named an
organization of that class before it; so is a bare one right before a post or a body every
organization has (公司总经理, 由公司工会主办) at the start of a clause, of a bracket or of an
agent (由公司工会主席…主持, 与集团副总经理…), after a list's 、/和/与/及, or after a verb of
appointment's 为/任/兼 (聘任张某为公司总经理) or of release (辞去公司董事职务). Resolution gives
it that organization's name. An organization the tagger read that is named by a class noun
(集团党委, 公司人力资源部) but refers to nothing named before is no organization one can tell,
unless by 我 (我院急诊医学科: the paper's own institution, which its article need not name).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from kg.extract.component import Component, register
from kg.extract.doc import Doc
from kg.extract.lexicon import OWN, class_noun_reference, class_nouns_by_length, org_class_nouns, without_body
from kg.model import Kind, Mention

_BODIES = "党委|党组|工会|纪委|团委|党支部|党总支"


@functools.cache
def _pattern() -> re.Pattern:
    nouns = "|".join(class_nouns_by_length())
    return re.compile(rf"(?P<demonstrative>该|本|这家|这所)(?P<noun>{nouns})|(?:(?<=^)|(?<=[，,。；;：:\s为兼由与和及、（(])|(?<=(?<!责)任)|(?<=辞去|免去|担任|兼任))(?P<bare>{nouns})")


@register("references")
class ClassNounReferences(Component):
    def pipe(self, docs: Sequence[Doc]) -> None:
        """A page's articles in order: an organization an earlier one named is an antecedent too
        (a company's paper names the group once, then writes 集团公司党委书记 in other articles)."""
        earlier: list[Mention] = []
        for doc in docs:
            self.set_annotations(doc, self.match(doc, earlier))
            earlier += [m for m in doc.proposals if m.kind == Kind.ORGANIZATION]

    def match(self, doc: Doc, earlier: Sequence[Mention] = ()) -> tuple[list[Mention], list[Mention]]:
        """The class nouns that refer, and the tagger's organizations named by a class noun
        that refer to nothing named before (集团党委 with no group before it) in the article
        or in the ``earlier`` organizations of its page."""
        found = []
        orgs = [m for m in doc.proposals if m.kind == Kind.ORGANIZATION]
        before = [*earlier, *orgs]
        dangling = [m for m in orgs if m.source == "tagger" and not m.text.startswith(OWN)
                    and (reference := class_noun_reference(m.text))
                    and not _antecedent(before, m.start, org_class_nouns()[reference[0]])]
        titles = [m for m in doc.proposals if m.kind == Kind.TITLE]
        for sent in doc.sents:
            for match in _pattern().finditer(sent.text):
                start = sent.start + match.start()
                end = sent.start + match.end()
                if not any(t.start == end for t in titles):  # 公司党委|书记, unless the title is 党委书记
                    end += len(re.match(f"(?:{_BODIES})?", sent.text[match.end() :]).group())
                after = any(t.start == end for t in titles)
                # 公司总经理 as one title; not 院长, whose 长 is no title of its own
                merged = next((t for t in titles if t.start == start and t.end >= end + 2), None)
                body = end > sent.start + match.end()  # 公司|工会: a body of the one named before
                if match["bare"] and not (after or merged or body):
                    continue  # a bare class noun refers only when a post or a body follows (公司总经理)
                if not _antecedent(before, start, org_class_nouns()[match["noun"] or match["bare"]]):
                    continue
                found.append(doc.mention(start, end, Kind.ORGANIZATION, "grammar"))
                if merged:
                    found.append(doc.mention(end, merged.end, Kind.TITLE, "grammar", merged.score))
        return found, dangling

    def set_annotations(self, doc: Doc, found: tuple[list[Mention], list[Mention]]) -> None:
        references, dangling = found
        doc.proposals = [p for p in doc.proposals if p not in dangling] + references


def _antecedent(orgs: list[Mention], start: int, endings: tuple[str, ...]) -> bool:
    """Has an organization of a class (its name's endings) been named before ``start``, or a
    body of one (某集团|工会 names 某集团)?"""
    return any(o.end <= start and without_body(o.text).endswith(endings) and not class_noun_reference(o.text)
               for o in orgs)


# A division's bodies named by its level alone (市政府, 区委, 县人大常委会); resolution says which
# division. Only at the start of a clause or after a word that opens a subject or an agent.
_BARE_BODY = re.compile(r"(?:(?<=^)|(?<=[，,。；;：:\s由与和、及在经]))[省市区县](?:人民政府|政府|人大常委会|政协|总工会|妇联|委)"
                        r"(?![\u4e00-\u9fff]{0,2}(?:书记|常委|委员|主席|秘书长|办公厅|办公室))")


@register("bare_bodies")
class BareBodies(Component):
    def match(self, doc: Doc) -> list[Mention]:
        """The bare bodies no other proposer read (市政府召开…): the tagger often leaves them out."""
        found = []
        for sent in doc.sents:
            proposed = doc.proposed_in(sent)
            for match in _BARE_BODY.finditer(sent.text):
                start, end = sent.start + match.start(), sent.start + match.end()
                if not any(m.start < end and start < m.end for m in proposed):
                    found.append(doc.mention(start, end, Kind.ORGANIZATION, "grammar"))
        return found

    def set_annotations(self, doc: Doc, found: list[Mention]) -> None:
        doc.proposals += found
