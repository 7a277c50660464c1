"""Mentions → entities: one node per real thing, with every surface form kept.

* Persons: one per name across the corpus.
* Organizations: text-defined short names (``以下简称``) map to their full name; a contextual
  abbreviation (``市总工会``) takes its division from the context (:mod:`kg.resolve.names`); an
  organization named several ways is one entity (:mod:`kg.resolve.organizations`).
* Places: divisions resolve through the gazetteer with the article's other places as
  context; every division gets its parents up to the province.
* A name on a Traditional page is resolved in Simplified characters, its written form kept as
  an alias.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from kg.extract import gazetteer
from kg.extract.honors import name_of as honor_name
from kg.extract.lexicon import (
    ORG_BODIES,
    PLACE_LEVELS,
    class_noun_reference,
    org_class_nouns,
    professional_ranks,
)
from kg.extract.places import city_countries, countries, place_aliases
from kg.model import ArticleFacts, Kind, Mention
from kg.resolve.names import PREFIX, NameReader, iri_safe, is_part_name
from kg.resolve.organizations import OrganizationPasses

_CHINA = "中国"


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


@dataclass
class Resolution:
    """What resolution hands the graph: every entity by key, and the key of every mention
    (by article, offsets, kind and text)."""

    entities: dict[str, Entity]
    keys: dict[tuple[str, int, int, Kind, str], str]
    post_orgs: dict[tuple[str, str], str] = field(default_factory=dict)
    """(person key, title key) → the one organization at which the corpus gives that person that
    title: a post written without one (校长严启航 in a later article) is that post."""

    def key(self, article_id: str, mention: Mention) -> str:
        return self.keys[(article_id, mention.start, mention.end, mention.kind, mention.text)]

    def holder(self, org: str, title: str) -> str:
        """Where a post is held: a professional rank (主任医师) at the institution a unit belongs
        to (某医院|骨科), which confers it; any other post at the organization named."""
        parent = self.entities[org].parent
        if title in professional_ranks() and parent is not None and is_part_name(self.entities[org].name):
            return parent
        return org


class Resolver(OrganizationPasses):
    """Assigns every mention an entity key; built over the whole corpus at once."""

    def __init__(self, home_city: str = "北京市") -> None:
        self.home = home_city
        self.gaz = gazetteer.load()
        self.entities: dict[str, Entity] = {}
        self._keys: dict[tuple[str, int, int, Kind, str], str] = {}
        self._short_names: dict[str, str] = {}  # 以下简称 or trade name → full, corpus-wide
        self._declared: set[str] = set()  # the short names the text declared (以下简称)
        self.names = NameReader(self.gaz, home_city, self._short_names)
        self._merged: dict[str, str] = {}  # key of a short-form organization → its full form
        self._person_keys: dict[tuple[str, str], str] = {}  # (article, name) → a regional person
        self._away_only: dict[str, str] = {}  # name → its one regional person, when none is at home
        self._zone_divisions: set[str] = set()  # the divisions development zones are named by
        self._written_in: dict[str, str] = {}  # venue key → the division written right before it, first seen
        self._filed_at: dict[str, set[str]] = {}  # venue key → the division keys its articles' datelines name
        self._filed_from: dict[str, list[str]] = {}  # article → the division keys its dateline names

    # -- public ---------------------------------------------------------------------------
    def resolve(self, corpus: list[ArticleFacts]) -> Resolution:
        """Resolve every mention of the corpus; the finished table of entities and keys."""
        for facts in corpus:
            self.names.page_orgs.setdefault(facts.article.page.page_id, []).extend(
                m.text for m in facts.mentions if m.kind == Kind.ORGANIZATION and not class_noun_reference(m.text))
            for alias in facts.aliases:
                self._short_names.setdefault(alias.short, alias.full.text)
                if alias.declared:
                    self._declared.add(alias.short)
        for facts in corpus:
            places = self._article_places(facts)
            for mention in facts.all_mentions():
                self._key_of(facts, mention, places)
            self._read_written_in(facts, places)
        self._link_organizations()
        self._merge_place_prefixed_orgs()
        self._merge_division_forms()
        self._merge_abbreviated_orgs()
        self._place_bare_departments()
        self._merge_venues()
        for entity in self.entities.values():
            if entity.parent is not None:
                entity.parent = self._current(entity.parent)
            if entity.parent == entity.key:
                entity.parent = None
        self._place_in_countries()
        self._split_persons_by_region(corpus)
        keys = self._keys  # each slot's key as it is after the merges, set in place: no second table
        for slot, key in keys.items():
            keys[slot] = self._current(key)
        for entity in self.entities.values():
            entity.articles.clear()
        for (article, *_), key in keys.items():
            self.entities[key].articles.add(article)
        self._drop_unnamed_divisions()
        resolution = Resolution(self.entities, keys, self._post_orgs(corpus, keys))
        self._add_written_forms(corpus, resolution)
        return resolution

    @staticmethod
    def _post_orgs(corpus: list[ArticleFacts], keys: dict) -> dict[tuple[str, str], str]:
        """(person, title) → organization, where the corpus gives that person that title at one
        organization only."""
        def key(facts: ArticleFacts, mention: Mention) -> str:
            return keys[(facts.article.article_id, mention.start, mention.end, mention.kind, mention.text)]

        orgs: dict[tuple[str, str], set[str]] = {}
        for facts in corpus:
            for position in facts.positions:
                if position.org is not None:
                    orgs.setdefault((key(facts, position.person), key(facts, position.title)), set()).add(
                        key(facts, position.org))
        return {post: next(iter(found)) for post, found in orgs.items() if len(found) == 1}

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

    def _place_in_countries(self) -> None:
        """A world city lies in its country (圣地亚哥 → 智利) where the corpus names that country
        as a place (China's cities are the gazetteer's to place)."""
        names, cities = countries(), city_countries()

        def country(name: str) -> str | None:  # 蒙古国: the country 蒙古 written with 国
            return names.get(name) or names.get(name.removesuffix("国"))

        named = {country(e.name): key for key, e in self.entities.items()
                 if e.kind == Kind.PLACE and country(e.name) not in (None, _CHINA)}
        for entity in self.entities.values():
            city = cities.get(entity.name) or cities.get(entity.name.removesuffix("市"))  # 乌兰巴托市
            if entity.kind == Kind.PLACE and entity.parent is None and city is not None:
                entity.parent = named.get(city)

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
                expanded = self.names.expand_abbreviation(facts, mention, mention.text, places)
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
        if division is None:  # 帕尔马 of 帕尔马市, a world city the gazetteer lacks: the article's full name
            name = next((name + level for level in PLACE_LEVELS if name + level in context), name)
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
        name = self.names.expand_abbreviation(facts, mention, name, places)
        return self._entity(Kind.ORGANIZATION, self.names.official(self.names.union(self.names.government(name))),
                            surface)

    def _with_full_name(self, name: str) -> str:
        """A name that opens with a short name the text defined (某公司（以下简称“三建公司”）…
        三建公司党委, 三建公司钢筋班), or with a trade name followed by a body every organization
        has or a unit (渝铝精工|党委, 东方钽业|熔炼车间), opens with the full name instead."""
        for end in range(len(name) - 1, 2, -1):
            full = self._short_names.get(name[:end])
            if full is not None and name[:end] not in org_class_nouns() and not full.startswith(name[: end + 1]) \
                    and (name[:end] in self._declared or name[end:] in ORG_BODIES or is_part_name(name[end:])):
                return full + name[end:]  # (not 中国瑞能|电力集团: the full name itself, written out)
        return name

    def _dateline_divisions(self, facts: ArticleFacts, places: list[str]) -> list[str]:
        """The keys of the division (no town) the article's dateline names (本报沈阳5月14日讯,
        新华社西宁电), read once an article."""
        article = facts.article.article_id
        if article not in self._filed_from:
            divisions = (self.gaz.resolve(place, context=places, home=self.home)
                         for place in self.names.dateline_places(facts)[:1])
            self._filed_from[article] = [self._division_key(d) for d in divisions if d is not None and d.level != "town"]
        return self._filed_from[article]

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
