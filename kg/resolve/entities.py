"""Mentions → entities: one node per real thing, with every surface form kept.

* Persons: one per name across the corpus.
* Organizations: text-defined short names (``以下简称``) map to their full name; contextual
  abbreviations (``市总工会``, ``区总工会``, ``省总工会``) take the division named before them in
  the sentence, else the article's, else (for ``市``) the home city; a name that is another
  plus a leading place (``北京住总二公司`` / ``住总二公司``) is the same organization.
* Places: divisions resolve through the gazetteer with the article's other places as
  context; every division gets its parents up to the province.
* A name on a Traditional page is resolved in Simplified characters, its written form kept as
  an alias.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.extract import gazetteer
from kg.extract.honors import name_of as honor_name
from kg.extract.lexicon import (
    ORG_BODIES,
    UNIVERSITY_UNITS,
    class_noun_reference,
    ends_with,
    event_heads_by_length,
    org_class_nouns,
    org_generic,
    org_parent_suffixes,
    org_suffixes,
    venue_heads,
    zone_suffixes,
)
from kg.extract.places import countries, place_aliases
from kg.extract.words import word_tags
from kg.model import ArticleFacts, Kind, Mention
from kg.read.patterns import DATELINE

PREFIX = {
    Kind.PERSON: "person",
    Kind.ORGANIZATION: "org",
    Kind.PLACE: "place",
    Kind.TITLE: "title",
    Kind.HONOR: "honor",
    Kind.EVENT: "event",
}
_ABBREVIATED = re.compile(r"^(?P<level>自治区|街道|[省市区县镇乡州])(?!场|民|区|长|委书记)(?P<rest>.+)$")
MAX_IMPLIED_PARENT = 20
# What a company's registered name adds to the name it goes by (中国雄安集团|有限公司)
_COMPANY_FORMS = ("有限公司", "有限责任公司", "股份有限公司")
# 党组理论学习中心组: a party body named without the organization it belongs to
OWNERLESS_BODY = re.compile(r"^(?:党组|党委|党总支|党支部)(?=.)")
# The divisions a bare level word stands for (市总工会: a city's, 县级市 included): levels and endings.
PREFIX_FITS = {"省": (("province",), ("省",)), "自治区": (("province",), ("自治区",)),
               "市": (("province", "city", "district"), ("市",)), "州": (("city",), ("州",)),
               "区": (("district",), ("区",)), "县": (("district",), ("县", "旗")), "镇": (("town",), ("镇",)),
               "乡": (("town",), ("乡",)), "街道": (("town",), ("街道",))}


def fits(division: gazetteer.Division, prefix: str) -> bool:
    """Can a bare ``市``/``区``/``省`` … stand for this division?"""
    levels, endings = PREFIX_FITS[prefix]
    return division.level in levels and division.name.endswith(endings)


@dataclass
class Entity:
    key: str
    kind: Kind
    name: str
    aliases: set[str] = field(default_factory=set)
    place_kind: str | None = None
    parent: str | None = None  # place: containedInPlace; organization: subOrganizationOf
    location: str | None = None  # organization: the place it is named after
    articles: set[str] = field(default_factory=set)


def _dropped_runs(short: str, long: str) -> list[str] | None:
    """The runs of ``long`` left over when the characters of ``short`` are matched in it
    in order, each as early as possible; None when they do not all occur."""
    runs, position = [], 0
    for char in short:
        found = long.find(char, position)
        if found < 0:
            return None
        if found > position:
            runs.append(long[position:found])
        position = found + 1
    if position < len(long):
        runs.append(long[position:])
    return runs


_COLLEGES = ("职业技术学院", "职业学院", "技师学院", "师范学院", "专科学校")  # institutions of their own


def ends_with_org_suffix(text: str) -> str | None:
    return ends_with(text, org_suffixes())


def is_common_word(text: str) -> bool:
    """Is ``text`` a jieba dictionary word that is not a personal name (付出, 健康)?"""
    tag = word_tags().get(text)
    return tag is not None and not tag.startswith("nr")


def _longer_by_suffix(names: Iterable[str]) -> dict[str, list[str]]:
    """Each name → the sorted names that end with it and are longer: one pass over the
    suffixes of every name, not a scan of all names per name."""
    longer: dict[str, list[str]] = {}
    for name in sorted(names):
        for start in range(1, len(name)):
            longer.setdefault(name[start:], []).append(name)
    return longer


def iri_safe(name: str) -> str:
    """A name as an IRI path segment: characters IRIs forbid become ``_``."""
    return re.sub(r"[\s<>\"{}|\\^`/#?%\[\]]", "_", name)


@dataclass
class Resolution:
    """What resolution hands the graph: every entity by key, and the key of every mention
    (by article, offsets, kind and text)."""

    entities: dict[str, Entity]
    keys: dict[tuple[str, int, int, Kind, str], str]

    def key(self, article_id: str, mention: Mention) -> str:
        return self.keys[(article_id, mention.start, mention.end, mention.kind, mention.text)]


class Resolver:
    """Assigns every mention an entity key; built over the whole corpus at once."""

    def __init__(self, home_city: str = "北京市") -> None:
        self.home = home_city
        self.gaz = gazetteer.load()
        self.entities: dict[str, Entity] = {}
        self._keys: dict[tuple[str, int, int, Kind, str], str] = {}
        self._short_names: dict[str, str] = {}  # 以下简称 short → full, corpus-wide
        self._merged: dict[str, str] = {}  # key of a short-form organization → its full form
        self._person_keys: dict[tuple[str, str], str] = {}  # (article, name) → a regional person
        self._away_only: dict[str, str] = {}  # name → its one regional person, when none is at home
        self._place_prefixes: dict[str, str] = {}  # organization name → the divisions opening it
        self._zone_divisions: set[str] = set()  # the divisions development zones are named by
        self._written_in: dict[str, str] = {}  # venue key → the division written right before it, first seen
        self._filed_at: dict[str, set[str]] = {}  # venue key → the division keys its articles' datelines name
        self._filed_from: dict[str, list[str]] = {}  # article → the division keys its dateline names

    # -- public ---------------------------------------------------------------------------
    def resolve(self, corpus: list[ArticleFacts]) -> Resolution:
        """Resolve every mention of the corpus; the finished table of entities and keys."""
        for facts in corpus:
            for alias in facts.aliases:
                self._short_names.setdefault(alias.short, alias.full.text)
        for facts in corpus:
            places = self._article_places(facts)
            for mention in facts.all_mentions():
                self._key_of(facts, mention, places)
            self._read_written_in(facts, places)
        self._link_organizations()
        self._merge_place_prefixed_orgs()
        self._merge_abbreviated_orgs()
        self._merge_venues()
        for entity in self.entities.values():
            if entity.parent is not None:
                entity.parent = self._current(entity.parent)
            if entity.parent == entity.key:
                entity.parent = None
        self._split_persons_by_region(corpus)
        keys = self._keys  # each slot's key as it is after the merges, set in place: no second table
        for slot, key in keys.items():
            keys[slot] = self._current(key)
        for entity in self.entities.values():
            entity.articles.clear()
        for (article, *_), key in keys.items():
            self.entities[key].articles.add(article)
        self._drop_unnamed_divisions()
        resolution = Resolution(self.entities, keys)
        self._add_written_forms(corpus, resolution)
        return resolution

    def _read_written_in(self, facts: ArticleFacts, places: list[str]) -> None:
        """The division written right before a venue, a place mention or an event's (在顺义区|
        北京农商银行培训中心举行, 东坝头镇|张庄村)."""
        places_of_events = (p for event in facts.events for p in event.places)
        written = sorted({(m.start, m.end): m for m in [*facts.mentions, *places_of_events]
                          if m.kind == Kind.PLACE}.values(), key=lambda m: (m.start, -m.end))
        for outer, inner in itertools.pairwise(written):
            if inner.start == outer.end and inner.text not in countries():
                division, venue = self._key_of(facts, outer, places), self._key_of(facts, inner, places)
                if self.entities[division].place_kind and not self.entities[venue].place_kind:
                    self._written_in.setdefault(venue, division)

    def _drop_unnamed_divisions(self) -> None:
        """The divisions between a named one and its province that no text names, in a mention or
        at the start of an organization's name (龙泉市 lies in 丽水市, 浙江省: a page that names only
        龙泉市 puts it in 浙江省): what a reader is told, not the whole ladder. A province stays."""
        named = {e.location for e in self.entities.values() if e.location} | self._zone_divisions  # 丰台区 of 丰台区总工会
        unnamed = {key for key, e in self.entities.items() if e.kind == Kind.PLACE and e.place_kind
                   and e.parent is not None and not e.articles and key not in named}
        for entity in self.entities.values():
            while entity.parent in unnamed:
                entity.parent = self.entities[entity.parent].parent
        for key in unnamed:
            del self.entities[key]

    def _add_written_forms(self, corpus: list[ArticleFacts], resolution: Resolution) -> None:
        """A Traditional page's names as written (張良, 北京市總工會) are aliases of their entities,
        which are named in Simplified characters."""
        for facts in corpus:
            page = facts.article.page
            if page.original:
                for mention in facts.all_mentions():
                    written = page.written_form(mention)
                    if written is not None:
                        self.entities[resolution.key(facts.article.article_id, mention)].aliases.add(written)

    def _key_of(self, facts: ArticleFacts, mention: Mention, places: list[str] | None = None) -> str:
        """The entity key of a mention in an article (resolving it on first sight)."""
        slot = (facts.article.article_id, mention.start, mention.end, mention.kind, mention.text)
        if slot not in self._keys:
            self._keys[slot] = self._resolve(facts, mention, places if places is not None else
                                             self._article_places(facts))
        key = self._current(self._keys[slot])
        self.entities[key].articles.add(facts.article.article_id)
        return key

    # -- per kind -----------------------------------------------------------------------------
    def _resolve(self, facts: ArticleFacts, mention: Mention, places: list[str]) -> str:
        if mention.kind == Kind.PLACE:
            key = self._place(mention.text, places)
            if self.entities[key].place_kind is None:  # a venue: 市政务服务中心 is the home city's
                expanded = self._expand_abbreviation(facts, mention, mention.text, places)
                if expanded != mention.text:
                    key = self._entity(Kind.PLACE, expanded, mention.text)
                self._filed_at.setdefault(key, set()).update(self._dateline_divisions(facts, places))
            return key
        if mention.kind == Kind.ORGANIZATION:
            return self._organization(facts, mention, places)
        if mention.kind == Kind.PERSON:
            return self._entity(Kind.PERSON, mention.text, mention.text,
                                self._person_key(facts.article.article_id, mention.text))
        if mention.kind == Kind.HONOR:
            honor = honor_name(mention.text)
            return self._entity(Kind.HONOR, honor or mention.text, mention.text)
        return self._entity(mention.kind, mention.text, mention.text)

    def _entity(self, kind: Kind, name: str, surface: str, key: str | None = None) -> str:
        key = key or f"{PREFIX[kind]}/{iri_safe(name)}"
        key = self._current(key)
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity(key, kind, name)
        if surface != entity.name:
            entity.aliases.add(surface)
        return key

    def _place(self, surface: str, context: list[str]) -> str:
        alias = place_aliases().get(surface)
        name = self._short_names.get(surface) or (alias.replace("{home}", self.home) if alias else surface)
        if len(name) == 1:
            division = self.gaz.abbreviation(name)
        else:
            division = self.gaz.resolve(name, context=context, home=self.home)
        if division is None:
            return self._entity(Kind.PLACE, name, surface)
        return self._division(division, surface)

    def _division_key(self, division: gazetteer.Division) -> str:
        unique = len([d for d in self.gaz.lookup(division.name) if d.name == division.name]) == 1
        return f"place/{iri_safe(division.name)}" + ("" if unique else f"-{division.code}")

    def _division(self, division: gazetteer.Division, surface: str | None = None) -> str:
        key = self._division_key(division)
        self._entity(Kind.PLACE, division.name, surface or division.name, key)
        entity = self.entities[key]
        entity.place_kind = division.level
        parent = self.gaz.parent(division)
        if parent is not None and entity.parent is None:
            entity.parent = self._division(parent)
        return key

    def _organization(self, facts: ArticleFacts, mention: Mention, places: list[str]) -> str:
        surface = mention.text
        name = self._short_names.get(surface) or self._with_full_name(surface)
        name = self._expand_abbreviation(facts, mention, name, places)
        return self._entity(Kind.ORGANIZATION, self._government(name), surface)

    def _government(self, name: str) -> str:
        """A division's government by its full name: 昆明市政府 → 昆明市人民政府."""
        division = name[: -len("政府")]
        if name.endswith("政府") and not division.endswith("人民") and any(
                d.name == division for d in self.gaz.lookup(division)):
            return division + "人民政府"
        return name

    def _with_full_name(self, name: str) -> str:
        """A name that opens with a short name the text defined (某公司（以下简称“三建公司”）…
        三建公司党委, 三建公司钢筋班) opens with the full name instead."""
        for end in range(len(name) - 1, 2, -1):
            full = self._short_names.get(name[:end])
            if full is not None and name[:end] not in org_class_nouns() and not full.startswith(name[: end + 1]):
                return full + name[end:]  # (not 中国瑞能|电力集团: the full name itself, written out)
        return name

    def _expand_abbreviation(self, facts: ArticleFacts, mention: Mention, name: str, places: list[str]) -> str:
        """市总工会 → 北京市总工会 / 深圳市总工会, by the division the context names;
        集团党委 → 北京市自来水集团党委, by the article's group named before; 党组理论学习中心组
        → 北京市总工会党组理论学习中心组, by the organization named before it in the sentence."""
        generic = class_noun_reference(name)
        if generic:  # 该院, 公司总经理, 集团党委: the organization of that class named before
            endings = org_class_nouns()[generic[0]]
            for other in reversed([m for m in facts.mentions if m.kind == Kind.ORGANIZATION
                                   and m.end <= mention.start and not class_noun_reference(m.text)]):
                owner = _without_body(other.text)  # 某分公司|工会 names 某分公司 too
                if owner.endswith(endings):
                    return self._expand_abbreviation(facts, other, owner, places) + generic[1]
        page = facts.article.page.text
        sentence_start = max(page.rfind("。", 0, mention.start), page.rfind("\n", 0, mention.start)) + 1
        if OWNERLESS_BODY.match(name):
            for owner in reversed([m for m in facts.mentions if m.kind == Kind.ORGANIZATION
                                   and sentence_start <= m.start and m.end <= mention.start
                                   and not OWNERLESS_BODY.match(m.text)]):
                return self._expand_abbreviation(facts, owner, owner.text, places) + name
        school = self._university_school(facts, name)
        if school is not None:
            return school
        match = _ABBREVIATED.match(name)
        if not match or not ends_with_org_suffix(name):
            return name
        prefix = match["level"]
        sentence_end = min((i for i in (page.find("。", mention.end), page.find("\n", mention.end)) if i >= 0),
                           default=len(page))
        division = (self._named_in_full(facts, mention, name, prefix, (sentence_start, sentence_end))
                    or self._place_before(facts, mention, sentence_start, prefix, places)
                    or self._named_in_full(facts, mention, name, prefix, (facts.article.start, facts.article.end))
                    or self._article_division(facts, prefix, places))
        if division is not None:
            return division + match["rest"]
        home = self.gaz.resolve(self.home)
        if home and fits(home, prefix):
            return self.home + match["rest"]
        return name

    def _university_school(self, facts: ArticleFacts, name: str) -> str | None:
        """A school or institute named by its fields alone (材料科学与工程学院, 科学技术研究院) in an
        article that names one university is that university's (合肥工业大学材料科学与工程学院); a
        college named by its place (北京教育学院) or its kind (某某职业技术学院) is one of its own."""
        if not name.endswith(UNIVERSITY_UNITS) or name.endswith(_COLLEGES) or \
                self._leading_division(name)[0] is not None:
            return None
        universities = {m.text for m in facts.mentions if m.kind == Kind.ORGANIZATION and m.text.endswith("大学")
                        and m.text != name}
        if len(universities) != 1 or any(u in name for u in universities):
            return None
        return next(iter(universities)) + name

    def _named_in_full(self, facts: ArticleFacts, mention: Mention, name: str, prefix: str,
                       within: tuple[int, int]) -> str | None:
        """The division of a full form of the name (广州市总工会 … 市总工会) within the sentence or
        the article, the nearest before the mention first."""
        rest = name[len(prefix):]
        fulls = [m for m in facts.mentions if m.kind == Kind.ORGANIZATION and m.text.endswith(name)
                 and len(m.text) > len(name) and within[0] <= m.start < within[1]]
        for full in sorted(fulls, key=lambda m: (m.start > mention.start, abs(m.start - mention.start))):
            division = self.gaz.resolve(full.text[: -len(rest)], home=self.home)
            if division and fits(division, prefix) and division.name == full.text[: -len(rest)]:
                return division.name
        return None

    def _place_before(self, facts: ArticleFacts, mention: Mention, sentence_start: int, prefix: str,
                      places: list[str]) -> str | None:
        """A division of the right level named earlier in the sentence (深圳市…市总工会主席)."""
        before = [m for m in facts.mentions if m.kind == Kind.PLACE and sentence_start <= m.start < mention.start]
        for place in reversed(before):
            division = self.gaz.resolve(place_aliases().get(place.text, place.text).replace("{home}", self.home),
                                        context=places, home=self.home)
            if division and fits(division, prefix):
                return division.name
        return None

    def _article_division(self, facts: ArticleFacts, prefix: str, places: list[str]) -> str | None:
        """The division of the right level the article is about: the dateline's place or the
        paper's (本报杭州讯, 河北工人报讯), else the one its places name most, counting the
        divisions that contain them (石家庄市 for 省 gives 河北省). A city only when the article
        does not name the home city."""
        counts: Counter[str] = Counter()
        home_named = False
        dateline = self._dateline_places(facts)
        for rank, place in enumerate(dateline + places):
            division = self.gaz.resolve(place, context=places, home=self.home)
            if division is None:
                continue
            for level_division in [division, *self.gaz.parents(division)]:
                if level_division.name == self.home:
                    home_named = True
                if fits(level_division, prefix):
                    counts[level_division.name] += 100 if rank < len(dateline) else 1
                    break
        if not counts or (home_named and prefix == "市" and self.home not in counts):
            return None
        return max(counts, key=lambda name: (counts[name], -list(counts).index(name)))

    def _dateline_places(self, facts: ArticleFacts) -> list[str]:
        """The place a dateline names (本报杭州讯 → 杭州) and the division a paper's name opens
        with (河北工人报 → 河北)."""
        found = []
        for sentence in facts.sentences[:3]:
            dateline = DATELINE.match(sentence.text)
            if dateline:
                if dateline["place"]:
                    found.append(dateline["place"])
                leading, size = self._leading_division(dateline["source"])
                if leading is not None:
                    found.append(leading.name)
                break
        return found

    def _dateline_divisions(self, facts: ArticleFacts, places: list[str]) -> list[str]:
        """The keys of the division (no town) the article's dateline names (本报沈阳5月14日讯,
        新华社西宁电), read once an article."""
        article = facts.article.article_id
        if article not in self._filed_from:
            divisions = (self.gaz.resolve(place, context=places, home=self.home)
                         for place in self._dateline_places(facts)[:1])
            self._filed_from[article] = [self._division_key(d) for d in divisions if d is not None and d.level != "town"]
        return self._filed_from[article]

    def _filed_in(self, venue: Entity) -> str | None:
        """The named division all the articles naming a venue were filed from, if one (本报沈阳
        5月14日讯 …在辽宁大厦开幕: 沈阳市)."""
        filed = self._filed_at.get(venue.key, set())
        key = next(iter(filed)) if len(filed) == 1 else None
        return key if key in self.entities and self.entities[key].articles else None

    def _ancestors(self, key: str) -> list[str]:
        """The places a place lies in, nearest first."""
        found = []
        parent = self.entities[key].parent
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self.entities[parent].parent
        return found

    def _filed_within(self, venue: Entity, division: str) -> str | None:
        """The dateline's division, where it lies inside the one the venue's name opens with
        (本报沈阳…讯 …在辽宁大厦开幕: 沈阳市, not 辽宁省)."""
        filed = self._filed_in(venue)
        return filed if filed is not None and division in self._ancestors(filed) else None

    def _article_places(self, facts: ArticleFacts) -> list[str]:
        return [m.text for m in facts.mentions if m.kind == Kind.PLACE]

    def _person_key(self, article: str, name: str) -> str | None:
        return self._person_keys.get((article, name)) or self._away_only.get(name)

    # -- corpus-wide -------------------------------------------------------------------------
    def _split_persons_by_region(self, corpus: list[ArticleFacts]) -> None:
        """One name, one person, unless the posts conflict: a name whose posts in an article
        all sit in one province away from the home city's is a person of that province,
        ``person/彭海斌-广东省``, in every build that states such a post. A mention with no
        post goes to the home person, or to the one regional person when the corpus has
        no other of that name."""
        home_city = self.gaz.resolve(self.home)
        home = ([home_city, *self.gaz.parents(home_city)][-1].name) if home_city else None
        regions: dict[tuple[str, str], set[str]] = {}
        for facts in corpus:
            for position in facts.positions:
                if position.org is not None:
                    org = self.entities[self._key_of(facts, position.org)]
                    region = self._region(org.location)
                    regions.setdefault((facts.article.article_id, position.person.text), set()).add(region)
        at_home = {name for (_, name), found in regions.items() if home in found or None in found}
        for (article, name), found in sorted(regions.items()):
            if len(found) == 1 and None not in found and home not in found:
                self._person_keys[article, name] = f"person/{iri_safe(name)}-{iri_safe(next(iter(found)))}"
        away: dict[str, set[str]] = {}
        for (_, name), key in self._person_keys.items():
            away.setdefault(name, set()).add(key)
        self._away_only = {name: next(iter(keys)) for name, keys in away.items()
                           if len(keys) == 1 and name not in at_home}
        for slot, key in list(self._keys.items()):
            article, _, _, kind, name = slot
            moved = self._person_key(article, name) if kind == Kind.PERSON else None
            if moved is None or moved == key:
                continue
            self._keys[slot] = self._entity(Kind.PERSON, name, name, moved)
            self.entities[moved].articles.add(article)
            self.entities[key].articles.discard(article)
        for key in [k for k, e in self.entities.items() if e.kind == Kind.PERSON and not e.articles]:
            del self.entities[key]

    def _region(self, place_key: str | None) -> str | None:
        """The province-level division a place lies in (北京市 for 门头沟区), by name."""
        if place_key is None:
            return None
        entity = self.entities[place_key]
        while entity.parent is not None:
            entity = self.entities[entity.parent]
        return entity.name if entity.place_kind else None

    def _merge_place_prefixed_orgs(self) -> None:
        """One organization under several names: ``北京住总二公司`` / ``住总二公司`` (a leading
        place), ``怀柔工会`` / ``怀柔区工会`` / ``怀柔区总工会`` (a district's union)."""
        orgs = {e.name: e for e in self.entities.values() if e.kind == Kind.ORGANIZATION}
        longer = _longer_by_suffix(orgs)
        for name in sorted(orgs, key=lambda n: (len(n), n)):
            pair = self._same_as(name, orgs, longer.get(name, []))
            if pair is None:
                continue
            self._merge(keep=orgs[pair[0]].key, drop=orgs[pair[1]].key)

    def _merge_abbreviated_orgs(self) -> None:
        """Two organizations named in one article are one when the shorter name abbreviates
        the longer: ``住总二公司`` / ``北京住总第二开发建设有限公司``, ``链家暖心驿站`` /
        ``北京链家户外劳动者暖心驿站``, or drops the event an ad-hoc body was formed for
        (``北京市总工会筹备工作专班`` / ``第二届…论坛北京市总工会筹备工作专班``). A short name
        that abbreviates two different long ones is left alone."""
        by_article: dict[str, set[str]] = {}  # article → its organizations and their parents
        for entity in self.entities.values():
            if entity.kind == Kind.ORGANIZATION:
                for article in entity.articles:
                    named = by_article.setdefault(article, set())
                    key: str | None = entity.key
                    while key is not None and key not in named:
                        named.add(key)
                        parent = self.entities[key].parent
                        key = None if parent is None else self._current(parent)
        suffixes = {e.name: self._abbreviation_suffix(e.name) for e in self.entities.values()
                    if e.kind == Kind.ORGANIZATION}  # each name read once, not once per pair
        longer_of: dict[str, set[str]] = {}
        for article in sorted(by_article):
            orgs = [self.entities[key] for key in sorted(by_article[article])]
            for short in orgs:
                suffix = suffixes[short.name]
                if suffix is None:
                    continue
                for long in orgs:
                    if self._abbreviates(short.name, long.name, suffix):
                        longer_of.setdefault(short.key, set()).add(long.key)
        for short_key in sorted(longer_of):
            if len(longer_of[short_key]) == 1:
                self._merge(keep=next(iter(longer_of[short_key])), drop=short_key)

    def _abbreviation_suffix(self, short: str) -> str | None:
        """The organization suffix of a name that may abbreviate longer ones: not a generic
        name nor a common word; else None."""
        if short in org_generic() or is_common_word(short):
            return None
        return ends_with_org_suffix(short)

    def _abbreviates(self, short: str, long: str, suffix: str) -> bool:
        """Does ``short``, of suffix ``suffix`` (:meth:`_abbreviation_suffix`), abbreviate ``long``?"""
        if len(short) >= len(long) or not long.endswith(suffix) or self._parent_of(short, long):
            return False
        if long.endswith(short):
            return len(short) >= 4 and ends_with(long[: -len(short)], event_heads_by_length()) is not None
        short_place, long_place = self._place_prefix(short), self._place_prefix(long)
        if short_place and short_place != long_place:
            return False
        short_core, long_core = short[len(short_place):], long[len(long_place):]
        if len(short_core) < 4 or short_core[0] != long_core[0] or is_common_word(short_core):
            return False
        dropped = _dropped_runs(short_core, long_core)
        # what the short name leaves out must not tell units apart: no place (昌平|项目部)
        # and no unit of its own (公司|昌平项目部|工会)
        return bool(dropped) and not any(
            self.gaz.lookup(run) or ends_with_org_suffix(run) for run in dropped
        )

    @staticmethod
    def _parent_of(short: str, long: str) -> bool:
        """Is ``short`` by its registered name the group ``long`` belongs to (中国宝武钢铁集团有限公司
        of 中国宝武钢铁集团|武汉钢铁有限公司), not its abbreviation?"""
        stem = next((short[: -len(form)] for form in _COMPANY_FORMS if short.endswith(form)), short)
        return long.startswith(stem) and stem.endswith(org_parent_suffixes())

    def _merge(self, keep: str, drop: str) -> None:
        """Fold entity ``drop`` into ``keep`` (keys of the same kind, either merged already)."""
        keep, drop = self._current(keep), self._current(drop)
        if keep == drop:
            return
        kept, dropped = self.entities[keep], self.entities.pop(drop)
        kept.aliases |= {dropped.name, *dropped.aliases}
        kept.articles |= dropped.articles
        self._merged[drop] = keep

    def _current(self, key: str) -> str:
        """The key an entity has now, after merges."""
        while key in self._merged:
            key = self._merged[key]
        return key

    def _merge_venues(self) -> None:
        """``二七纪念馆`` is ``长辛店二七纪念馆`` when the longer name only adds a place before it."""
        venues = {e.name: e for e in self.entities.values() if e.kind == Kind.PLACE and e.place_kind is None}
        longer_names = _longer_by_suffix(venues)
        for name in sorted(venues, key=lambda n: (len(n), n)):
            longer = [o for o in longer_names.get(name, []) if self.gaz.lookup(o[: -len(name)])]
            if longer and len(name) >= 3:
                self._merge(keep=venues[longer[0]].key, drop=venues[name].key)

    def _same_as(self, name: str, orgs: dict[str, Entity], longer: list[str]) -> tuple[str, str] | None:
        """(canonical, other) when ``name`` names the same organization as a longer name
        (``longer``: the names that end with it, sorted)."""
        union = re.fullmatch(r"(?P<place>[\u4e00-\u9fff]{2,4}?)区?(?:总)?工会", name)
        if union:
            division = self.gaz.resolve(union["place"], home=self.home)
            full = f"{division.name}总工会" if division and division.level == "district" else None
            if full in orgs and full != name:
                return full, name
        if not ends_with_org_suffix(name):
            return None
        for other in longer:
            if not self.gaz.lookup(other[: -len(name)]):
                continue
            leading = self._leading_place(name)
            level = self.entities[leading].place_kind if leading else None
            # 北京|住总二公司 and 怀柔区|庙城镇总工会: the long name is canonical;
            # 广东省|深圳市总工会: the short one already names its city
            return (name, other) if level in ("city", "district") else (other, name)
        return None

    def _link_organizations(self) -> None:
        """Parent organizations named inside a name (北京大学|肿瘤医院), and the place a name
        starts with, unless that is its parent's too."""
        orgs = {e.name: e for e in self.entities.values() if e.kind == Kind.ORGANIZATION}
        parent_suffixes = org_parent_suffixes()
        pending = sorted(orgs.values(), key=lambda e: e.key)
        while pending:
            entity = pending.pop()
            for cut in range(len(entity.name) - 2, 2, -1):
                prefix = entity.name[:cut]
                parent = orgs.get(prefix) or orgs.get(self._short_names.get(prefix, "")) or next(  # 华鞍集团|炼钢总厂
                    (orgs[prefix + form] for form in _COMPANY_FORMS if prefix + form in orgs), None)  # 某集团(有限公司)
                if parent is None and self._implied_parent(prefix, entity.name[cut:], parent_suffixes):
                    parent = orgs[prefix] = self.entities[self._entity(Kind.ORGANIZATION, prefix, prefix)]
                    parent.articles |= entity.articles
                    pending.append(parent)
                if parent is not None and parent is not entity:
                    entity.parent = parent.key
                    break
        for entity in orgs.values():
            entity.location = self._leading_place(entity.name)
        for entity in [e for e in self.entities.values() if e.kind == Kind.PLACE and not e.place_kind]:
            division, size = self._leading_division(entity.name)
            if division is not None and len(entity.name) - size >= 3 and entity.name[size:] not in venue_heads() \
                    and entity.name[size:] not in zone_suffixes():
                entity.aliases.add(entity.name[size:])  # 北京|中国职工之家: the venue's own name, without where
            written_in = self._written_in.get(entity.key)
            key = self._division_key(division) if division is not None else None
            if entity.parent is None and written_in is not None and (key is None or key == written_in or key in
                                                                      self._ancestors(written_in)):
                entity.parent = written_in  # 在顺义区|北京农商银行培训中心: the division written before it
            if entity.parent is None:  # a venue lies in the division its name opens with, if named: 深圳|会展中心
                if key in self.entities and size <= len(entity.name) - 2:  # (not 兴安|岭)
                    entity.parent = self._filed_within(entity, key) or (key if self.entities[key].articles else None)
                elif division is None and entity.name.endswith(venue_heads()):
                    entity.parent = self._filed_in(entity)  # …宾馆 with no division named: its dateline's
        for entity in orgs.values():  # 北京某公司党委 lies where 北京某公司 does: said once, of the parent
            parent = self.entities.get(entity.parent) if entity.parent else None
            if parent is not None and entity.location == parent.location:
                entity.location = None

    def _implied_parent(self, prefix: str, rest: str, parent_suffixes: tuple[str, ...]) -> bool:
        """Is ``prefix`` a parent organization's full name (北京大学 in 北京大学肿瘤医院)?"""
        return (
            prefix.endswith(parent_suffixes)
            and len(prefix) <= MAX_IMPLIED_PARENT
            and prefix.count("(") == prefix.count(")") and prefix.count("（") == prefix.count("）")
            and (rest in ORG_BODIES or rest not in org_suffixes())
            and not self.gaz.lookup(prefix)
        )

    def _leading_place(self, name: str) -> str | None:
        """The most specific division that opens an organization's name (丰台区丰台街道总工会 →
        丰台街道), or the development zone it names after it (北京经济技术开发区总工会 → the zone,
        which lies in 北京市)."""
        found, size = self._leading_division(name)
        if found is None:
            return None
        division = self._division(found)
        zone = next((z for z in zone_suffixes() if name.startswith(z, size)), None)
        if zone is None or len(name) == size + len(zone):
            return division
        key = self._entity(Kind.PLACE, name[: size + len(zone)], name[: size + len(zone)])
        if self.entities[key].parent is None and key != division:
            self.entities[key].parent = division
            self._zone_divisions.add(division)
        return key

    def _place_prefix(self, name: str) -> str:
        """The divisions that open a name (``北京`` of 北京住总二公司), or ``""``; each name is
        read once, as every pair of an article's organizations asks."""
        if name not in self._place_prefixes:
            self._place_prefixes[name] = name[: self._leading_division(name)[1]]
        return self._place_prefixes[name]

    def _leading_division(self, name: str) -> tuple[gazetteer.Division | None, int]:
        """The most specific division opening ``name`` and how many characters the opening
        divisions take."""
        position, found = 0, None
        context: list[str] = []
        while position < len(name):
            for size in range(min(10, len(name) - position), 1, -1):
                piece = name[position : position + size]
                division = self.gaz.resolve(piece, context=context, home=self.home)
                if division and (division.name == piece or self._is_short_of(piece, division)):
                    found = division
                    context.append(division.name)
                    position += size
                    break
            else:
                break
        return found, position

    def _is_short_of(self, piece: str, division: gazetteer.Division) -> bool:
        """A short form opening a name counts for provinces, cities and the home city's
        districts; a town counts only by its full name (回龙观 in 北京回龙观医院 is no 街道)."""
        if division.level in ("province", "city"):
            return True
        return division.level == "district" and any(p.name == self.home for p in self.gaz.parents(division))


def _without_body(name: str) -> str:
    """An organization's name without a body every organization may have (某公司|工会 → 某公司)."""
    body = next((b for b in ORG_BODIES if name.endswith(b) and len(name) > len(b)), "")
    return name[: len(name) - len(body)]
