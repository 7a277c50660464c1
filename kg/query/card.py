"""Everything a build knows about one entity, each fact with the sentences it was read from.

:func:`find_entities` turns a name (or an IRI) into candidates; :func:`entity_card` gathers
the facts of one of them into a :class:`Card`, section by section. Each section is one
SPARQL query selecting ``?text`` (the fact as people read it) and, where the fact is a
statement node with ``kg:evidence``, ``?fact``. The sections of each entity type are made
from ``kg.schema.RELATIONS`` (:func:`sections_for`): a relation names the section it shows
in on either end's card, and its RDF form decides the query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from string import Template

import pyoxigraph as ox
from rdflib import URIRef

from kg import schema
from kg.errors import UserError
from kg.query.run import execute, expand, shorten
from kg.query.store import Build
from kg.schema import (
    HELD_AT,
    LOCATED_IN,
    NODE_TYPE,
    PART_OF_PAGE,
    RELATION,
    RELATIONS,
    Part,
    Property,
    Relation,
    Statement,
)


@dataclass(frozen=True)
class Candidate:
    """An entity a name may refer to."""

    iri: str
    name: str
    types: list[str]


@dataclass(frozen=True)
class Evidence:
    """A sentence a fact was read from, and where it sits."""

    sentence: str
    headline: str | None
    page: str | None
    start: int | None
    end: int | None
    article: str | None


@dataclass
class Fact:
    text: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Section:
    title: str
    facts: list[Fact]


@dataclass
class Card:
    """One entity: its types, names, and its facts grouped in sections (empty ones left out)."""

    iri: str
    types: list[str]
    name: str
    aliases: list[str]
    sections: list[Section]


@dataclass(frozen=True)
class SectionQuery:
    """A card section: SPARQL over ``$entity`` selecting ``?text`` and optionally ``?fact``.

    With ``evidence_naming_entity``, a fact's evidence is narrowed to the sentences that
    name the entity, when any do (an event's evidence covers all its participants).
    """

    title: str
    sparql: str
    evidence_naming_entity: bool = False


_NAME = "(schema:name|skos:prefLabel)"
_LOCAL_NAME = 'REPLACE(STR(?property), "^.*[/#]", "")'


def _term(iri: URIRef) -> str:
    return shorten(str(iri))


def _values_clause(variable: str, terms: list[URIRef]) -> str:
    return f"VALUES {variable} {{ {' '.join(_term(t) for t in terms)} }}"


@dataclass(frozen=True)
class _Member:
    """A relation whose facts a section lists: ``end`` 0 when the entity is their source, 1
    when it is their target; ``sources``: the source node types it is shown for."""

    relation: Relation
    end: int
    sources: tuple[str, ...]

    def properties(self) -> list[URIRef]:
        form = self.relation.rdf
        assert isinstance(form, Property)
        return list(dict.fromkeys(form.property_for(source) for source in self.sources))


def sections_for(node_type: str) -> list[SectionQuery]:
    """The card sections of an entity of ``node_type``, from ``kg.schema.RELATIONS``.

    Each relation names the section its facts go to on the card of its source and of its
    target; the facts of several relations with one title share one section, in the order
    of the first. The query depends on the relation's RDF form: a statement is listed with
    its node (``?fact``, for evidence); an event's participants, places and organizers list
    its events (with the roles the entity has in each); a link lists the names at its other
    end (places with the places they lie in).
    """
    groups: dict[str, dict[tuple[str, int], list[str]]] = {}
    for rel in RELATIONS:
        if node_type in rel.domain and (title := rel.card_title(0, node_type)):
            groups.setdefault(title, {}).setdefault((rel.name, 0), []).append(node_type)
        if node_type in rel.range:
            for source in rel.domain:
                if title := rel.card_title(1, source):
                    groups.setdefault(title, {}).setdefault((rel.name, 1), []).append(source)
    sections = list(_node_sections(node_type))
    for title, members in groups.items():
        sections.append(_section_query(title, [_Member(RELATION[n], e, tuple(s)) for (n, e), s in members.items()]))
    return sections


def _node_sections(node_type: str) -> tuple[SectionQuery, ...]:
    """Sections about the node itself rather than a relation: an event's date and evidence."""
    if node_type != "Event":
        return ()
    return (SectionQuery("Event", """
SELECT ?fact (CONCAT("date ", COALESCE(STR(?start), "unknown")) AS ?text) WHERE {
  { SELECT (SAMPLE(?date) AS ?start) WHERE { OPTIONAL { $entity schema:startDate ?date } } }
  BIND($entity AS ?fact)
}
"""),)


def _section_query(title: str, members: list[_Member]) -> SectionQuery:
    form = members[0].relation.rdf
    if not isinstance(form, Property) and len({m.relation.name for m in members}) > 1:
        raise ValueError(f"card section {title!r}: a statement's section lists that statement alone")
    if isinstance(form, Part) or (isinstance(form, Statement) and form.key is None):
        return _membership_section(title, members[0])
    if isinstance(form, Statement):
        return _statement_section(title, members[0])
    if all(isinstance(m.relation.rdf, Property) for m in members):
        if all(m.end == 1 and m.relation.domain == ("Event",) for m in members):
            return _events_section(title, members)
        return _link_section(title, members)
    raise ValueError(f"card section {title!r} mixes RDF forms, or lists a relation kg show cannot write")


def _membership_section(title: str, member: _Member) -> SectionQuery:
    """Statements whose node is the target of a relation (a Position, an ``org:Membership``):
    each written as its other parts in registry order (``副主席 @ 北京市总工会``)."""
    statement = member.relation if isinstance(member.relation.rdf, Statement) else next(
        r for r in RELATIONS
        if isinstance(r.rdf, Statement) and r.rdf.key is None and member.relation.domain[0] in r.range
    )
    form = statement.rdf
    assert isinstance(form, Statement)
    parts = [r for r in RELATIONS if isinstance(r.rdf, Part) and set(r.domain) <= set(statement.range)]
    components = [(member.relation is statement, form.source, "")] + [
        (member.relation is part, part.rdf.property, part.rdf.joiner) for part in parts
    ]
    patterns, text = [f"?fact a {_term(form.cls)} ."], []
    for i, (is_entity, prop, joiner) in enumerate(components):
        if is_entity:
            patterns.append(f"?fact {_term(prop)} $entity .")
            continue
        patterns.append(f"OPTIONAL {{ ?fact {_term(prop)}/{_NAME} ?c{i} }}")
        text.append(f'COALESCE(CONCAT("{joiner}", ?c{i}), "")' if text else f'COALESCE(?c{i}, "")')
    body = "\n  ".join(patterns)
    return SectionQuery(title, f"""
SELECT DISTINCT ?fact (CONCAT({", ".join(text)}) AS ?text) WHERE {{
  {body}
}} ORDER BY ?text
""")


def _statement_section(title: str, member: _Member) -> SectionQuery:
    """Statements with a node of their own (``kg:AwardStatement``): the name at the other end."""
    form = member.relation.rdf
    assert isinstance(form, Statement) and form.target is not None
    this, other = ("$entity", "?other") if member.end == 0 else ("?other", "$entity")
    statement = f"?fact a {_term(form.cls)} ; {_term(form.source)} {this} ; {_term(form.target)} {other}"
    link = f"{this} {_term(form.shortcut)} {other} .\n  OPTIONAL {{ {statement} }}" if form.shortcut else f"{statement} ."
    return SectionQuery(title, f"""
SELECT DISTINCT ?fact ?text WHERE {{
  {link}
  ?other {_NAME} ?text .
}} ORDER BY ?text
""")


def _events_section(title: str, members: list[_Member]) -> SectionQuery:
    """The events an entity takes part in, is the place of or organizes: ``name (date, places)
    — roles``, each role the local name of its property; evidence from the event."""
    properties = [p for m in members for p in m.properties()]
    event, place = _term(NODE_TYPE["Event"].cls), _term(HELD_AT.rdf.property)
    return SectionQuery(title, f"""
SELECT ?fact (CONCAT(?name, " (", ?when, ?where, ") — ", ?roles) AS ?text) WHERE {{
  {{
    SELECT ?fact (GROUP_CONCAT(?role; separator=", ") AS ?roles) WHERE {{
      {{
        SELECT DISTINCT ?fact ?role WHERE {{
          {_values_clause("?property", properties)}
          ?fact a {event} ; ?property $entity .
          {_most_specific("?fact ?narrower $entity")}
          BIND({_LOCAL_NAME} AS ?role)
        }} ORDER BY ?role
      }}
    }} GROUP BY ?fact
  }}
  {{
    SELECT ?fact (SAMPLE(?date) AS ?start) (GROUP_CONCAT(DISTINCT ?placeName; separator="、") AS ?places) WHERE {{
      {_values_clause("?property", properties)}
      ?fact a {event} ; ?property $entity .
      OPTIONAL {{ ?fact schema:startDate ?date }}
      OPTIONAL {{ ?fact {place}/schema:name ?placeName }}
    }} GROUP BY ?fact
  }}
  ?fact schema:name ?name .
  BIND(COALESCE(STR(?start), "date unknown") AS ?when)
  BIND(IF(COALESCE(?places, "") = "", "", CONCAT(", ", ?places)) AS ?where)
}} ORDER BY STR(?start) ?text
""", evidence_naming_entity=True)


def _link_section(title: str, members: list[_Member]) -> SectionQuery:
    """The names at the other end of plain properties; several relations in one section are
    told apart by their property's local name (``chair: 张良``). Places come with the places
    they lie in, the most specific first; articles with their page."""
    properties = [p for m in members for p in m.properties()]
    ends = {m.end for m in members}
    if len(ends) > 1:
        raise ValueError(f"card section {title!r} mixes both ends of its relations")
    end = ends.pop()
    others = {t for m in members for t in (m.relation.range if end == 0 else m.sources)}
    if end == 0 and others == {"Place"} and len(properties) == 1:
        within = _term(LOCATED_IN.rdf.property_for("Place"))
        return _place_ladder(title, f"{_term(properties[0])}/{within}*")
    link = "$entity ?property ?other ." if end == 0 else "?other ?property $entity ."
    typed = [NODE_TYPE[t].cls for t in sorted(others)] if end == 1 and _by_source(members) else []
    if others == {"Article"}:
        page = _term(PART_OF_PAGE.rdf.property)
        name = (f'?other schema:headline ?headline .\n  OPTIONAL {{ ?other {page}/schema:name ?page }}\n'
                f'  BIND(CONCAT(?headline, COALESCE(CONCAT(" (", ?page, ")"), "")) AS ?name)')
    else:
        name = f"?other {_NAME} ?name ."
    text = f'CONCAT({_LOCAL_NAME}, ": ", ?name)' if len(properties) > 1 else "?name"
    lines = [_values_clause("?property", properties), link]
    if len(properties) > 1:
        lines.append(_most_specific(link.replace("?property", "?narrower").rstrip(" .")))
    if typed:
        lines.append(_values_clause("?type", typed) + " ?other a ?type .")
    body = "\n  ".join([*lines, name, f"BIND({text} AS ?text)"])
    return SectionQuery(title, f"""
SELECT DISTINCT ?text WHERE {{
  {body}
}} ORDER BY ?text
""")


def _most_specific(narrower: str) -> str:
    """A filter keeping ``?property`` only where no sub-property of it links the same ends
    (``narrower``, with ``?narrower``): a chair, also stated an attendee, reads as chair."""
    return f"FILTER NOT EXISTS {{ {narrower} . ?narrower rdfs:subPropertyOf+ ?property }}"


def _by_source(members: list[_Member]) -> bool:
    """Whether a section shows only some source types of its relations (titles by type)."""
    return any(isinstance(m.relation.card[m.end], Mapping) for m in members)


def _place_ladder(title: str, path: str) -> SectionQuery:
    """Places reached from the entity by ``path``, the most specific first."""
    within = _term(LOCATED_IN.rdf.property_for("Place"))
    return SectionQuery(title, f"""
SELECT ?text WHERE {{
  {{
    SELECT ?place (COUNT(DISTINCT ?above) AS ?depth) WHERE {{
      $entity {path} ?place .
      OPTIONAL {{ ?place {within}+ ?above }}
    }} GROUP BY ?place
  }}
  ?place schema:name ?name .
  OPTIONAL {{ ?place kg:kind ?kind }}
  BIND(CONCAT(?name, COALESCE(CONCAT(" (", ?kind, ")"), "")) AS ?text)
}} ORDER BY DESC(?depth) ?text
""")


ENTITY_TYPES = tuple(_term(NODE_TYPE[name].cls) for name in schema.ENTITY_TYPES)
"""The types ``kg show`` looks up; pages, articles and statements are not entities."""

SECTIONS_BY_TYPE = {_term(NODE_TYPE[name].cls): sections_for(name) for name in schema.ENTITY_TYPES}

MATCH = Template("""
SELECT DISTINCT ?entity WHERE {
  $values
  ?entity $predicates ?label ; a ?type .
  FILTER(?type IN ($types))
  $filter
} ORDER BY ?entity
""")


class Match(StrEnum):
    """How a looked-up name matched, best first."""

    IRI = "iri"
    NAME = "name"
    ALIAS = "alias"
    SUBSTRING = "substring"


EVIDENCE = Template("""
SELECT DISTINCT ?fact ?sentence ?start ?end ?article ?headline ?page WHERE {
  VALUES ?fact { $facts }
  ?fact kg:evidence ?evidence .
  ?evidence kg:sentence ?sentence .
  OPTIONAL { ?evidence kg:startOffset ?start ; kg:endOffset ?end }
  OPTIONAL {
    ?evidence prov:wasDerivedFrom ?article .
    ?article a schema:NewsArticle ; schema:headline ?headline .
    OPTIONAL { ?article schema:isPartOf/schema:name ?page }
  }
} ORDER BY ?page ?start ?sentence
""")


def find_entities(build: Build, name: str) -> tuple[list[Candidate], Match | None]:
    """The entities ``name`` refers to, and how they matched.

    The first kind of match that finds any wins: the IRI itself (``person:张良``,
    ``<https://…>``, ``https://…``, or the older ``id:person/张良``), then canonical names,
    then aliases, then names and aliases containing ``name``.
    """
    iri = _as_iri(name)
    if iri is not None:
        if not _exists(build, iri):
            raise UserError(f"nothing in the build has the IRI {name}")
        return [_candidate(build, iri)], Match.IRI
    exactly = f"VALUES ?label {{ {ox.Literal(name, language='zh')} {ox.Literal(name)} }}"
    containing = f"FILTER(CONTAINS(STR(?label), {ox.Literal(name)}))"
    tries = (
        (Match.NAME, exactly, "schema:name|skos:prefLabel", ""),
        (Match.ALIAS, exactly, "schema:alternateName", ""),
        (Match.SUBSTRING, "", "schema:name|schema:alternateName|skos:prefLabel", containing),
    )
    for match, values, predicates, test in tries:
        sparql = MATCH.substitute(
            values=values, predicates=predicates, filter=test, types=", ".join(ENTITY_TYPES)
        )
        iris = [row["entity"].value for row in execute(build, sparql)]
        if iris:
            return [_candidate(build, iri) for iri in iris], match
    return [], None


def entity_card(build: Build, iri: str) -> Card:
    """All the build knows about the entity ``iri``."""
    candidate = _candidate(build, iri)
    aliases = _values(build, iri, "schema:alternateName")
    names = [candidate.name, *aliases]
    queries = {query.title: query for kind in candidate.types for query in SECTIONS_BY_TYPE.get(kind, ())}
    sections = [_section(build, iri, query, names) for query in queries.values()]
    return Card(iri, candidate.types, candidate.name, aliases, [s for s in sections if s.facts])


def _as_iri(name: str) -> str | None:
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    if name.startswith(("http://", "https://")):
        return name
    return expand(name)


def _exists(build: Build, iri: str) -> bool:
    return bool(execute(build, f"ASK {{ {_node(iri)} ?p ?o }}"))


def _node(iri: str) -> str:
    try:
        return str(ox.NamedNode(iri))
    except ValueError:
        raise UserError(f"not a valid IRI: {iri}") from None


def _candidate(build: Build, iri: str) -> Candidate:
    names = _values(build, iri, "schema:name") or _values(build, iri, "skos:prefLabel")
    types = _values(build, iri, "rdf:type")
    return Candidate(iri, names[0] if names else shorten(iri), types)


def _values(build: Build, iri: str, predicate: str) -> list[str]:
    """The distinct values of ``predicate`` on ``iri``, sorted, IRIs shortened."""
    rows = execute(build, f"SELECT DISTINCT ?value WHERE {{ {_node(iri)} {predicate} ?value }} ORDER BY ?value")
    return [shorten(value.value) if isinstance(value, ox.NamedNode) else value.value for (value,) in rows]


def _section(build: Build, iri: str, query: SectionQuery, names: list[str]) -> Section:
    facts: dict[str, set[str]] = {}
    for row in execute(build, Template(query.sparql).substitute(entity=_node(iri))):
        fact_nodes = facts.setdefault(row["text"].value, set())
        if row["fact"] is not None:
            fact_nodes.add(row["fact"].value)
    evidence = _evidence(build, set().union(*facts.values()))
    section = Section(query.title, [])
    for text, fact_nodes in facts.items():
        sentences = [e for node in sorted(fact_nodes) for e in evidence.get(node, [])]
        if query.evidence_naming_entity:
            naming = [e for e in sentences if any(name in e.sentence for name in names)]
            sentences = naming or sentences
        section.facts.append(Fact(text, list(dict.fromkeys(sentences))))
    return section


def _evidence(build: Build, fact_nodes: set[str]) -> dict[str, list[Evidence]]:
    """The evidence of each statement node, in page and offset order."""
    if not fact_nodes:
        return {}
    sparql = EVIDENCE.substitute(facts=" ".join(_node(node) for node in sorted(fact_nodes)))
    evidence: dict[str, list[Evidence]] = {}
    for row in execute(build, sparql):
        evidence.setdefault(row["fact"].value, []).append(
            Evidence(
                sentence=row["sentence"].value,
                headline=_text(row["headline"]),
                page=_text(row["page"]),
                start=_integer(row["start"]),
                end=_integer(row["end"]),
                article=_text(row["article"]),
            )
        )
    return evidence


def _text(term: ox.NamedNode | ox.Literal | None) -> str | None:
    return None if term is None else term.value


def _integer(term: ox.Literal | None) -> int | None:
    return None if term is None else int(term.value)
