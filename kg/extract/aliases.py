"""Short names the text defines for organizations and places (``…委员会（以下简称“市工委”）``,
``某经济技术开发区（以下简称“某经开区”）``) and a name's other name in brackets right after it
(``中共中央党校(国家行政学院)``). Events' short names are read with the events
(:mod:`kg.extract.events`)."""

from __future__ import annotations

import re

from kg.extract.component import Component, register
from kg.extract.doc import Doc
from kg.model import Alias, Kind

_SHORT_NAME = re.compile(r"[(（]?(?:以下)?简称[“\"「]?(?P<short>[^”\"」()（）]{2,20})[”\"」]?[)）]?")


@register("aliases")
class AliasReader(Component):
    def match(self, doc: Doc) -> list[Alias]:
        text = doc.text
        orgs = [m for m in doc.mentions if m.kind == Kind.ORGANIZATION]
        aliases = [Alias(inner.text, outer) for outer in orgs for inner in orgs
                   if inner.start == outer.end + 1 and text[outer.end] in "(（" and text[inner.end : inner.end + 1]
                   in (")", "）")]
        for match in _SHORT_NAME.finditer(text, doc.article.start, doc.article.end):
            named = [m for m in doc.mentions if m.kind in (Kind.ORGANIZATION, Kind.PLACE) and m.end == match.start()]
            if named:
                aliases.append(Alias(match["short"], named[0]))
        return aliases

    def set_annotations(self, doc: Doc, found: list[Alias]) -> None:
        doc.aliases = found
