"""Short names the text defines for organizations and places (``…委员会（以下简称“市工委”）``,
``某经济技术开发区（以下简称“某经开区”）``) and a name's other name in brackets right after it
(``中共中央党校(国家行政学院)``). Events' short names are read with the events
(:mod:`kg.extract.events`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from kg.extract import gazetteer
from kg.extract.component import Component, register
from kg.extract.doc import Doc
from kg.extract.lexicon import (
    SHORT_NAME,
    company_forms,
    ends_with,
    industry_words,
    org_class_nouns,
    org_suffixes,
)
from kg.extract.words import word_tags
from kg.model import Alias, Kind, Mention

MIN_TRADE_NAME = 3  # two-character trade names (首钢, 城建) are too often words of their own

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
        page = doc.article.page.text
        for org in orgs:  # a trade name the page uses besides inside the full name
            aliases += [Alias(short, org, declared=False) for short in trade_names(org.text)
                        if page.count(short) > page.count(org.text)]
        return aliases

    def set_annotations(self, doc: Doc, found: list[Alias]) -> None:
        doc.aliases = found


@register("short_names")
class ShortNames(Component):
    def pipe(self, docs: Sequence[Doc]) -> None:
        """The page's short names are read once, off all its articles."""
        shorts = _page_shorts(docs)
        for doc in docs:
            self.set_annotations(doc, self.match(doc, shorts))

    def match(self, doc: Doc, shorts: PageShorts | None = None) -> list[tuple[Mention, bool]]:
        """Each place in the article where one of the page's short names stands, unless inside
        the declaration that gives it or inside a longer organization or place proposed there
        (the full name holds the short). With each, whether it is a trade name."""
        names, trades, inside = shorts or _page_shorts([doc])
        page = doc.article.page.text
        orgs = [m for m in doc.proposals if m.kind in (Kind.ORGANIZATION, Kind.PLACE)]
        found = []
        for short in sorted(names):
            start = page.find(short, doc.article.start, doc.article.end)
            while start >= 0:
                end = start + len(short)
                if not any(a <= start and end <= b for a, b in inside) and not any(
                        o.start <= start and end <= o.end and o.end - o.start > len(short) for o in orgs):
                    found.append((doc.mention(start, end, Kind.ORGANIZATION, "grammar"), short in trades))
                start = page.find(short, end, doc.article.end)
        return found

    def set_annotations(self, doc: Doc, found: list[tuple[Mention, bool]]) -> None:
        """The short names are proposed; a place proposed inside a trade name, alone or in its
        registered name, is none when a division opens that name (宁夏|东方钽业: the division is
        not in the trade name)."""
        trades = [(m.start, m.end) for m, trade in found if trade] + [
            (org.start + (at := org.text.find(short)), org.start + at + len(short))
            for org in doc.proposals if org.kind == Kind.ORGANIZATION for short in _after_division(org.text)]
        doc.proposals += [mention for mention, _ in found]
        doc.proposals = [m for m in doc.proposals if m.kind != Kind.PLACE
                         or not any(start <= m.start and m.end <= end for start, end in trades)]


PageShorts = tuple[set[str], set[str], list[tuple[int, int]]]
"""A page's short names, those of them that are trade names written after a division in their
registered name (宁夏|东方钽业; not 德国博洛克集团: a place that opens a name is its place), and
the spans declaring the others."""


def _page_shorts(docs: Sequence[Doc]) -> PageShorts:
    """The short names a page declares for organizations (某公司（以下简称“某某”）) with the
    spans that declare them, and the trade names of the organizations proposed in ``docs``."""
    page = docs[0].article.page.text if docs else ""
    declared = [match for match in SHORT_NAME.finditer(page) if ends_with(page[: match.start()], org_suffixes())]
    companies = {m.text for doc in docs for m in doc.proposals if m.kind == Kind.ORGANIZATION}
    trades = {short for name in companies for short in trade_names(name)} - set(org_class_nouns())
    names = {match["short"] for match in declared} - set(org_class_nouns())
    after_division = {short for name in companies for short in _after_division(name)}
    return names | trades, after_division - names, [(match.start(), match.end()) for match in declared]


def _after_division(name: str) -> tuple[str, ...]:
    """The trade names of a registered name that follow a division in it (宁夏|东方钽业)."""
    return tuple(short for short in trade_names(name) if name.find(short) > 0)


@functools.lru_cache(maxsize=4096)
def trade_names(name: str) -> tuple[str, ...]:
    """The names a company goes by (its 字号, with or without its line of business) when
    ``name`` is a registered one: 重庆渝铝精工科技股份有限公司 → 渝铝精工科技, 渝铝精工."""
    form = ends_with(name, company_forms())
    if form is None:
        return ()
    core = _without_divisions(name[: -len(form)])
    shorts = [core] + [core[: -len(word)] for word in industry_words() if core.endswith(word)]
    return tuple(short for short in shorts if len(short) >= MIN_TRADE_NAME and _proper_or_new(short)
                 and not ends_with(short, org_suffixes()))


def _without_divisions(core: str) -> str:
    """A registered name without the divisions it opens with: one, then each that lies within
    the one before (四川省|成都市|某某; not 宁夏|东方钽业, 东方 being a city of 海南)."""
    gaz = gazetteer.load()
    outer: list[gazetteer.Division] = []
    while True:
        size, found = next(((size, found) for size in range(min(8, len(core) - 1), 1, -1)
                            if (found := [d for d in gaz.lookup(core[:size])
                                          if d.level in ("province", "city", "district")])), (0, []))
        if not size or (outer and not any(o in gaz.parents(d) for d in found for o in outer)):
            return core
        core, outer = core[size:], found


def _proper_or_new(word: str) -> bool:
    """Is ``word`` no common word of jieba's dictionary (a name, an organization's, or none)?"""
    tag = word_tags().get(word)
    return tag is None or tag.startswith(("nr", "nt", "nz"))
