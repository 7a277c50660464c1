"""Organizations named again by their class noun: ``该院党委书记``, ``该公司董事长``,
``…有限公司，公司总经理…`` (``org_class_nouns.tsv``).

A class noun after 该/本/这家/这所, or right before a title at the start of a clause or after
a verb of appointment's 为/任/兼 (聘任张某为公司总经理), is proposed as an organization when the article has named an organization of that class before it; resolution
gives it that organization's name.
"""

from __future__ import annotations

import functools
import re

from kg.extract.component import Component, register
from kg.extract.doc import Doc
from kg.extract.lexicon import by_length, org_class_nouns
from kg.model import Kind, Mention

_BODIES = "党委|党组|工会|纪委|团委|党支部|党总支"


@functools.cache
def _pattern() -> re.Pattern:
    nouns = "|".join(by_length(org_class_nouns()))
    return re.compile(rf"(?P<demonstrative>该|本|这家|这所)(?P<noun>{nouns})|(?:(?<=^)|(?<=[，,。；;：:\s为任兼]))(?P<bare>{nouns})")


@register("references")
class ClassNounReferences(Component):
    def match(self, doc: Doc) -> list[Mention]:
        found = []
        orgs = [m for m in doc.proposals if m.kind == Kind.ORGANIZATION]
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
                if match["bare"] and not (after or merged):
                    continue  # a bare class noun refers only when a post follows (公司总经理)
                endings = org_class_nouns()[match["noun"] or match["bare"]]
                if not any(o.end <= start and o.text.endswith(endings) for o in orgs):
                    continue
                found.append(doc.mention(start, end, Kind.ORGANIZATION, "grammar"))
                if merged:
                    found.append(doc.mention(end, merged.end, Kind.TITLE, "grammar", merged.score))
        return found

    def set_annotations(self, doc: Doc, found: list[Mention]) -> None:
        doc.proposals += found
