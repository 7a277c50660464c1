"""Resolved facts → one NetworkX ``MultiDiGraph`` (schema in ``kg.graph``)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import networkx as nx

from kg.model import ArticleFacts, Evidence, Kind, Mention
from kg.resolve.entities import Entity, Resolution
from kg.schema import (
    AT,
    AWARD,
    HELD_AT,
    HOLDS,
    LOCATED_IN,
    MENTIONS,
    ORGANIZER,
    PART_OF,
    PART_OF_PAGE,
    ROLE,
    Relation,
    byline_relation,
    participant_relation,
)


def short_hash(*parts: str) -> str:
    """A stable 12-hex-digit key for a node identified by several parts."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def article_key(article_id: str) -> str:
    return f"article/{article_id}"


class GraphBuilder:
    """Resolved facts → graph: one node per entity of the :class:`Resolution`, one edge per
    fact, each edge's ``rel`` a relation of ``kg.schema.RELATIONS``."""

    def __init__(self, resolution: Resolution) -> None:
        self.resolution = resolution
        self.graph = nx.MultiDiGraph()
        self._evidence: dict[Evidence, dict] = {}  # the article's, each dict shared by the edges read from it

    def build(self, corpus: Iterable[ArticleFacts]) -> nx.MultiDiGraph:
        """The graph of the resolved entities and of every fact in ``corpus`` (read once)."""
        for entity in sorted(self.resolution.entities.values(), key=lambda e: e.key):
            self._entity_node(entity)
        for entity in self.resolution.entities.values():
            if entity.parent:
                self._edge(entity.key, entity.parent, PART_OF if entity.kind == Kind.ORGANIZATION else LOCATED_IN)
            if entity.location:
                self._edge(entity.key, entity.location, LOCATED_IN)
        for facts in corpus:
            self._article(facts)
        return self.graph

    def _entity_node(self, entity: Entity) -> None:
        attrs = {"type": str(entity.kind), "name": entity.name, "aliases": sorted(entity.aliases - {entity.name})}
        if entity.place_kind:
            attrs["kind"] = entity.place_kind
        self.graph.add_node(entity.key, **attrs)

    def _edge(self, source: str, target: str, relation: Relation, article: str | None = None,
              evidence: Evidence | None = None) -> None:
        rel = relation.name
        attrs: dict = {"rel": rel}
        if article:
            attrs["article"] = article
        if evidence:
            shared = self._evidence.get(evidence)
            if shared is None:
                shared = self._evidence[evidence] = {"sentence": evidence.sentence, "start": evidence.start,
                                                     "end": evidence.end}
            attrs["evidence"] = shared
        key = rel if article is None else f"{rel}|{article}|{evidence.start if evidence else ''}"
        if not self.graph.has_edge(source, target, key):
            self.graph.add_edge(source, target, key=key, **attrs)

    def _key(self, facts: ArticleFacts, mention: Mention) -> str:
        return self.resolution.key(facts.article.article_id, mention)

    def _article(self, facts: ArticleFacts) -> None:
        article = facts.article
        self._evidence.clear()
        page_key = f"page/{article.page.page_id}"
        if page_key not in self.graph:
            self.graph.add_node(page_key, type="Page", name=article.page.page_id, aliases=[],
                                path=article.page.path)
        a_key = article_key(article.article_id)
        self.graph.add_node(a_key, type="Article", name=article.headline, aliases=list(article.headlines),
                            page=page_key, index=article.index + 1)
        self._edge(a_key, page_key, PART_OF_PAGE)
        for mention in facts.mentions:
            if mention.kind != Kind.EVENT:
                self._edge(a_key, self._key(facts, mention), MENTIONS)
        for byline in facts.bylines:
            self._edge(a_key, self._key(facts, byline.person), byline_relation(byline.role), a_key, byline.evidence)
        for position in facts.positions:
            self._position(facts, position)
        for award in facts.awards:
            recipient, honor = self._key(facts, award.recipient), self._key(facts, award.honor)
            self._edge(recipient, honor, AWARD, a_key, award.evidence)
            self._edge(a_key, honor, MENTIONS)
        for event in facts.events:
            self._event(facts, event)

    def _position(self, facts: ArticleFacts, position) -> None:
        a_key = article_key(facts.article.article_id)
        person = self._key(facts, position.person)
        title = self._key(facts, position.title)
        org = self._key(facts, position.org) if position.org else self.resolution.post_orgs.get((person, title))
        if org is not None:
            org = self.resolution.holder(org, position.title.text)
        key = f"position/{short_hash(person, title, org or '')}"
        if key not in self.graph:
            title_name = self.graph.nodes[title]["name"]
            org_name = self.graph.nodes[org]["name"] if org else ""
            label = f"{title_name} @ {org_name}" if org else title_name
            self.graph.add_node(key, type="Position", name=label, aliases=[])
        self._edge(person, key, HOLDS, a_key, position.evidence)
        self._edge(key, title, ROLE)
        if org:
            self._edge(key, org, AT)
        self._edge(a_key, title, MENTIONS)

    def _event(self, facts: ArticleFacts, event) -> None:
        a_key = article_key(facts.article.article_id)
        key = f"event/{short_hash(event.name.text)}"
        page = facts.article.page
        aliases = {a.text for a in event.aliases} | {page.written_form(m) for m in (event.name, *event.aliases)}
        aliases -= {event.name.text, None}
        if key in self.graph:
            node = self.graph.nodes[key]
            node["aliases"] = sorted(set(node["aliases"]) | aliases)
            node["date"] = node.get("date") or event.date
        else:
            self.graph.add_node(key, type="Event", name=event.name.text, aliases=sorted(aliases),
                                kind=event.kind, date=event.date)
        self._edge(a_key, key, MENTIONS)
        evidence = event.evidence
        for place in event.places:
            self._edge(key, self._key(facts, place), HELD_AT, a_key, evidence)
        for org in event.organizers:
            self._edge(key, self._key(facts, org), ORGANIZER, a_key, evidence)
        for participant in event.participants:
            self._edge(key, self._key(facts, participant.who), participant_relation(participant.role), a_key,
                       participant.evidence or evidence)
