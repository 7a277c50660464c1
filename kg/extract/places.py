"""Gazetteer proposals: places named in the gazetteers, found in one pass per sentence.

* China's administrative divisions by full name (门头沟区, 丰台街道), and by short name
  (门头沟, 深圳) where the short form is a word of the sentence (not 中山 inside 孙中山) and
  names a province or city, or a district of a city the article names or of the home city
  (many short district names are plain words: 和平, 长安);
* the world's countries, territories and regions (``countries.tsv``) and its cities
  (``world_cities.tsv``);
* a province's one-character abbreviation after a verb of place (在京, 赴沪);
* conventional names (首都 → the home city);
* development zones named by their division (兰考经济技术开发区, 西安高新区).

Full names are proposed surer than short forms, so a name the tagger reads as a person
(孙中山) keeps it.
"""

from __future__ import annotations

import functools
import re

import ahocorasick

from kg.extract import gazetteer
from kg.extract.component import Component, register
from kg.extract.doc import Doc, Sent
from kg.extract.lexicon import data_rows, event_heads_by_length, venue_heads, zone_suffixes
from kg.model import Kind, Mention

FULL_NAME_SCORE = 0.9
SHORT_NAME_SCORE = 0.6
# Words after which a division's name is a place: 在, 赴, 来自 … (verbs of going are in verbs.tsv)
_PLACE_BEFORE = re.compile(r"(?:在|于|赴|到|至|从|来自|地处|位于|前往)$")
_ABBREVIATION_CONTEXT = re.compile(r"(?<=[在赴来进抵离返回驻])[\u4e00-\u9fff](?=[\u4e00-\u9fff，,。]|$)")


def _opens_event(text: str, position: int) -> bool:
    """Does an event's head open at ``position`` (赴莞|调研, 来甬|考察)?"""
    return any(text.startswith(head, position) for head in event_heads_by_length())


@functools.cache
def place_aliases() -> dict[str, str]:
    """Conventional names (首都) → the place they stand for, ``{home}`` unexpanded."""
    return {word: place for word, place in data_rows("place_aliases.tsv")}


WORLD = "001"  # CLDR's region code for the whole world: no place a thing happens in


@functools.cache
def countries() -> dict[str, str]:
    """Every name of a country, territory or world region → its canonical Chinese name (the
    country form of its code)."""
    rows = [row for row in data_rows("countries.tsv") if row[0] != WORLD]
    canonical = {code: name for code, name, form in rows if form in ("country", "region", "subdivision")}
    return {name: canonical.get(code, name) for code, name, _ in rows}


@functools.cache
def world_cities() -> frozenset[str]:
    """Cities of the world outside China (CLDR's time-zone cities)."""
    return frozenset(row[1] for row in data_rows("world_cities.tsv"))


@functools.cache
def city_countries() -> dict[str, str]:
    """Each world city → the canonical name of the country it is in (圣地亚哥 → 智利)."""
    names = {code: name for code, name, form in data_rows("countries.tsv") if form == "country"}
    return {row[1]: names[row[2]] for row in data_rows("world_cities.tsv") if len(row) > 2 and row[2] in names}


@functools.cache
def _matcher() -> ahocorasick.Automaton:
    """Division names, country names and conventional names → how they were found."""
    automaton = ahocorasick.Automaton()
    gaz = gazetteer.load()
    entries: dict[str, str] = {name: "division" for name in gaz.names()}
    entries |= {name: "country" for name in countries() if len(name) > 1}
    entries |= {name: "city" for name in world_cities() if len(name) > 1 and name not in entries}
    entries |= {name: "alias" for name in place_aliases()}
    for name, how in entries.items():
        automaton.add_word(name, (name, how))
    automaton.make_automaton()
    return automaton


@register("gazetteer")
class PlaceMatcher(Component):
    def __init__(self, home_city: str) -> None:
        self.home = home_city

    def match(self, doc: Doc) -> list[Mention]:
        found = []
        context = self._cities_named(doc)
        persons = {m.text for m in doc.proposals if m.kind == Kind.PERSON and m.source == "tagger"}
        for sent in doc.sents:
            tagged = [m for m in doc.proposed_in(sent) if m.kind in (Kind.PLACE, Kind.ORGANIZATION)
                      and m.source == "tagger"]
            places = [m for m in tagged if m.kind == Kind.PLACE]
            divisions = self._in_sentence(doc, sent, context, places, persons)
            # a division inside a place the tagger read is no place of its own (中国|人民抗日战争纪念馆),
            # unless the place is a chain of divisions (_reshape: 深圳市|南山区|科技园)
            found += [d for d in divisions if not any(_strictly_inside(d, p) for p in places)]
            found += _reshape(doc, tagged, divisions) + _zones(doc, sent, divisions + places, tagged)
        return found

    def set_annotations(self, doc: Doc, found: list[Mention]) -> None:
        doc.proposals += found

    def _in_sentence(self, doc: Doc, sent: Sent, context: set[str], tagged: list[Mention],
                     persons: set[str]) -> list[Mention]:
        starts = {start for start, _, _ in sent.words}
        ends = {end for _, end, _ in sent.words}
        places = {(s, e) for s, e, pos in sent.words if pos.startswith("ns")}
        places |= {(m.start - sent.start, m.end - sent.start) for m in tagged}
        goes_to = {position + len(verb.word) for position, verb in sent.verbs if verb.motion}
        names = [(m.start - sent.start, m.end - sent.start) for m in doc.proposed_in(sent)
                 if m.kind in (Kind.PLACE, Kind.ORGANIZATION) and m.source == "tagger"]
        gaz = gazetteer.load()
        found = []
        listed_end = None  # where the last place read in a place context ends (for 、-lists)
        for last, (name, how) in sorted(_matcher().iter(sent.text), key=lambda hit: (hit[0] - len(hit[1][0]), -hit[0])):
            start, end = last + 1 - len(name), last + 1
            inside_names = {(start, end)} if any(s <= start and end <= e and (s, e) != (start, end)
                                                 for s, e in names) else set()
            aligned = start in starts and end in ends
            in_context = aligned and (start, end) not in inside_names and (
                _PLACE_BEFORE.search(sent.text, 0, start) is not None or start in goes_to
                or (listed_end is not None and sent.text[listed_end:start] in ("、", "和", "及")))
            if how != "division" and name in persons:
                continue  # 议长门多萨: a name the tagger read as the article's person, not the city
            full = how != "division" or any(d.name == name for d in gaz.lookup(name))
            if how == "division" and not full and not in_context and not (
                    aligned and self._short_name_ok(name, context, (start, end) in places)):
                continue
            if full and not aligned and not (start in starts or end in ends):
                continue  # inside one word on both sides: 大小兴安岭 holds no 兴安
            if in_context:  # 来到昌平、密云: a division where a place is expected is one, whatever the tagger read
                found.append(doc.mention(sent.start + start, sent.start + end, Kind.PLACE, "grammar"))
                listed_end = end
                continue
            score = FULL_NAME_SCORE if full else SHORT_NAME_SCORE
            found.append(doc.mention(sent.start + start, sent.start + end, Kind.PLACE, "gazetteer", score))
        verb_starts = {position for position, _ in sent.verbs}
        for match in _ABBREVIATION_CONTEXT.finditer(sent.text):  # 在京举行, 赴沪调研: a verb, an event or a clause end follows
            if gaz.abbreviation(match.group()) and (match.end() in verb_starts or _opens_event(sent.text, match.end())
                                                    or sent.text[match.end() : match.end() + 1] in ("", "，", ",", "。")):
                found.append(doc.mention(sent.start + match.start(), sent.start + match.end(), Kind.PLACE,
                                         "gazetteer", FULL_NAME_SCORE))
        return found

    def _short_name_ok(self, name: str, context: set[str], read_as_place: bool) -> bool:
        """A short division name counts for a province or city, or for a district of a city
        the article names (or of the home city) where the word reads as a place name (jieba's
        ns, or the tagger's place: not 朝阳 in 朝阳初升)."""
        gaz = gazetteer.load()
        for division in gaz.lookup(name):
            if division.level in ("province", "city"):
                return True
            if read_as_place and any(parent.name in context for parent in gaz.parents(division)):
                return True
        return False

    def _cities_named(self, doc: Doc) -> set[str]:
        """The home city and the provinces and cities the article names in full."""
        gaz = gazetteer.load()
        named = {self.home}
        for _last, (name, how) in _matcher().iter(doc.text, doc.article.start, doc.article.end):
            if how == "division":
                named |= {d.name for d in gaz.lookup(name) if d.name == name and d.level in ("province", "city")}
        return named


def _zones(doc: Doc, sent: Sent, divisions: list[Mention], tagged: list[Mention]) -> list[Mention]:
    """A development zone named by its division or a place the tagger read (兰考|经济技术开发区,
    西安|高新区, 松山湖|高新技术产业开发区: ``zone_suffixes.txt``) is a place of its own, and so is
    one the tagger read as an organization (its 管委会 is the organization)."""
    found = [doc.mention(m.start, m.end, Kind.PLACE, "grammar") for m in tagged
             if m.kind == Kind.ORGANIZATION and m.text.endswith(zone_suffixes()) and len(m.text) > 4]
    for division in divisions:
        suffix = next((z for z in zone_suffixes() if sent.text.startswith(z, division.end - sent.start)), None)
        if suffix is not None:
            found.append(doc.mention(division.start, division.end + len(suffix), Kind.PLACE, "grammar"))
    return found


def _reshape(doc: Doc, tagged: list[Mention], divisions: list[Mention]) -> list[Mention]:
    """Where the tagger read one span and the gazetteer sees several, proposals a little surer
    than the tagger's, so the policy keeps them:

    * a place that opens with a chain of two or more divisions (新疆喀什, 浙江省安吉县天荒坪镇余村)
      is each of them and what follows them, but a venue keeps a division that does not lie in
      the one before it (鹿泉区|石家庄市职业技能公共实训基地); one division before a venue stays one place
      (北仑区职工之家);
    * an organization whose name opens with a division followed by one not inside it
      (顺义区|北京农商银行培训中心, 鹿泉区|石家庄市职业技能公共实训基地) is that place and the
      organization named from the second on; a chain going down (北京市海淀区…总工会) stays whole."""
    gaz = gazetteer.load()
    starts: dict[int, list[Mention]] = {}
    for division in divisions:
        starts.setdefault(division.start, []).append(division)
    found = []
    for span in tagged:
        pieces, position = [], span.start
        while position < span.end:
            piece = max((d for d in starts.get(position, ()) if d.end <= span.end), key=lambda d: d.end, default=None)
            if piece is None:
                break
            pieces.append(piece)
            position = piece.end
        score = min(1.0, span.score + 0.01)
        if span.kind == Kind.PLACE and len(pieces) >= 2:
            if span.end - position >= 2 and doc.text[position : span.end].endswith(venue_heads()) and \
                    not _inside(gaz, pieces[-1].text, pieces[-2].text):
                position = pieces.pop().start  # 鹿泉区|石家庄市职业技能公共实训基地: a name, not an address
            found += [doc.mention(p.start, p.end, Kind.PLACE, "gazetteer", score) for p in pieces]
            if span.end - position >= 2:
                found.append(doc.mention(position, span.end, Kind.PLACE, "tagger", score))
        elif span.kind == Kind.ORGANIZATION and len(pieces) >= 2:
            cut = next((i for i in range(1, len(pieces)) if not _inside(gaz, pieces[i].text, pieces[i - 1].text)), None)
            if cut is not None and span.end - pieces[cut].start >= 3:
                found += [doc.mention(p.start, p.end, Kind.PLACE, "gazetteer", score) for p in pieces[:cut]]
                found.append(doc.mention(pieces[cut].start, span.end, Kind.ORGANIZATION, "tagger", score))
    return found


def _strictly_inside(inner: Mention, outer: Mention) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and (inner.start, inner.end) != (outer.start, outer.end)


def _inside(gaz: gazetteer.Gazetteer, inner: str, outer: str) -> bool:
    """Can the division named ``inner`` lie inside the one named ``outer`` (海淀区 in 北京市)?"""
    outers = {d.code for d in gaz.lookup(outer)}
    return any(parent.code in outers for division in gaz.lookup(inner) for parent in gaz.parents(division))
