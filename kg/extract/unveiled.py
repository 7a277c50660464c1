"""Organizations named in quotes where they are set up: ``“某某劳模创新工作室”揭牌仪式``,
``“某某职工驿站”挂牌``. The tagger rarely reads a quoted name whole, and the event's name
around it is no organization; the quoted name ending with an organization's suffix is one.
Not a name given out (为10家单位“劳模工匠服务站”授牌: a designation, as an honor is)."""

from __future__ import annotations

import re

from kg.extract.component import Component, register
from kg.extract.doc import Doc
from kg.extract.lexicon import ends_with, org_suffixes
from kg.model import Kind, Mention

_UNVEILED = re.compile(r"“(?P<name>[^“”，,。]{4,30})”(?=揭牌|挂牌|成立)")


@register("unveiled")
class UnveiledNames(Component):
    def match(self, doc: Doc) -> list[Mention]:
        found = []
        for sent in doc.sents:
            for match in _UNVEILED.finditer(sent.text):
                if ends_with(match["name"], org_suffixes()):
                    start, end = sent.start + match.start("name"), sent.start + match.end("name")
                    found.append(doc.mention(start, end, Kind.ORGANIZATION, "grammar"))
        return found

    def set_annotations(self, doc: Doc, found: list[Mention]) -> None:
        doc.proposals += found
