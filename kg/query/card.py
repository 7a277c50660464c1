"""Everything a build knows about one entity, each fact with the sentences it was read from.

:func:`find_entities` turns a name (or an IRI) into candidates; :func:`entity_card` gathers
the facts of one of them into a :class:`Card`, section by section. Each section is one
SPARQL query selecting ``?text`` (the fact as people read it) and, where the fact is a
statement node with ``kg:evidence``, ``?fact``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from string import Template

import pyoxigraph as ox

from kg.errors import UserError
from kg.query.run import execute, shorten
from kg.query.store import ID, Build

ENTITY_TYPES = (
    "schema:Person", "schema:Organization", "schema:Place", "org:Role", "kg:Honor", "schema:Event",
)
"""The types ``kg show`` looks up; pages, articles and statements are not entities."""


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


POSITIONS = SectionQuery("Positions", """
SELECT DISTINCT ?fact (CONCAT(?title, COALESCE(CONCAT(" @ ", ?org), "")) AS ?text) WHERE {
  ?fact a org:Membership ; org:member $entity ; org:role/skos:prefLabel ?title .
  OPTIONAL { ?fact org:organization/schema:name ?org }
} ORDER BY ?text
""")

MEMBERS = SectionQuery("Members", """
SELECT DISTINCT ?fact (CONCAT(?person, " — ", ?title) AS ?text) WHERE {
  ?fact a org:Membership ; org:organization $entity ;
      org:member/schema:name ?person ; org:role/skos:prefLabel ?title .
} ORDER BY ?text
""")

HOLDERS_OF_TITLE = SectionQuery("Holders", """
SELECT DISTINCT ?fact (CONCAT(?person, COALESCE(CONCAT(" @ ", ?org), "")) AS ?text) WHERE {
  ?fact a org:Membership ; org:role $entity ; org:member/schema:name ?person .
  OPTIONAL { ?fact org:organization/schema:name ?org }
} ORDER BY ?text
""")

HONORS = SectionQuery("Honors", """
SELECT DISTINCT ?fact ?text WHERE {
  $entity schema:award ?honor .
  ?honor schema:name ?text .
  OPTIONAL { ?fact a kg:AwardStatement ; kg:recipient $entity ; kg:honor ?honor }
} ORDER BY ?text
""")

HOLDERS_OF_HONOR = SectionQuery("Holders", """
SELECT DISTINCT ?fact ?text WHERE {
  ?person schema:award $entity ; schema:name ?text .
  OPTIONAL { ?fact a kg:AwardStatement ; kg:recipient ?person ; kg:honor $entity }
} ORDER BY ?text
""")

EVENTS = SectionQuery("Events", """
SELECT ?fact (CONCAT(?name, " (", ?when, ?where, ") — ", ?roles) AS ?text) WHERE {
  {
    SELECT ?fact (GROUP_CONCAT(?role; separator=", ") AS ?roles) WHERE {
      {
        SELECT DISTINCT ?fact ?role WHERE {
          ?fact a schema:Event ; ?property $entity .
          FILTER(?property IN (schema:organizer, schema:location)
                 || EXISTS { ?property rdfs:subPropertyOf* schema:attendee })
          BIND(REPLACE(STR(?property), "^.*[/#]", "") AS ?role)
        } ORDER BY ?role
      }
    } GROUP BY ?fact
  }
  {
    SELECT ?fact (SAMPLE(?date) AS ?start) (GROUP_CONCAT(DISTINCT ?placeName; separator="、") AS ?places) WHERE {
      ?fact a schema:Event ; ?property $entity .
      OPTIONAL { ?fact schema:startDate ?date }
      OPTIONAL { ?fact schema:location/schema:name ?placeName }
    } GROUP BY ?fact
  }
  ?fact schema:name ?name .
  BIND(COALESCE(STR(?start), "date unknown") AS ?when)
  BIND(IF(?places = "", "", CONCAT(", ", ?places)) AS ?where)
} ORDER BY STR(?start) ?text
""", evidence_naming_entity=True)

EVENT_DETAILS = SectionQuery("Event", """
SELECT ?fact (CONCAT("date ", ?when, " · place ", ?where, " · organizer ", ?by) AS ?text) WHERE {
  {
    SELECT (SAMPLE(?date) AS ?start) (GROUP_CONCAT(DISTINCT ?placeName; separator="、") AS ?places)
           (GROUP_CONCAT(DISTINCT ?organizer; separator="、") AS ?organizers) WHERE {
      OPTIONAL { $entity schema:startDate ?date }
      OPTIONAL { $entity schema:location/schema:name ?placeName }
      OPTIONAL { $entity schema:organizer/schema:name ?organizer }
    }
  }
  BIND($entity AS ?fact)
  BIND(COALESCE(STR(?start), "unknown") AS ?when)
  BIND(IF(?places = "", "unknown", ?places) AS ?where)
  BIND(IF(?organizers = "", "unknown", ?organizers) AS ?by)
}
""")

PARTICIPANTS = SectionQuery("Participants", """
SELECT DISTINCT (CONCAT(REPLACE(STR(?property), "^.*[/#]", ""), ": ", ?name) AS ?text) WHERE {
  $entity ?property ?participant .
  ?property rdfs:subPropertyOf* schema:attendee .
  ?participant schema:name ?name .
} ORDER BY ?text
""")

BYLINES = SectionQuery("Bylines", """
SELECT DISTINCT (CONCAT(REPLACE(STR(?property), "^.*[/#]", ""), ": ", ?headline,
                        COALESCE(CONCAT(" (", ?page, ")"), "")) AS ?text) WHERE {
  ?article a schema:NewsArticle ; schema:headline ?headline ; ?property $entity .
  { BIND(schema:author AS ?property) } UNION { ?property rdfs:subPropertyOf* schema:contributor }
  OPTIONAL { ?article schema:isPartOf/schema:name ?page }
} ORDER BY ?text
""")

def _place_ladder(title: str, path: str) -> SectionQuery:
    """Places reached from the entity by ``path``, the most specific first."""
    return SectionQuery(title, f"""
SELECT ?text WHERE {{
  {{
    SELECT ?place (COUNT(DISTINCT ?above) AS ?depth) WHERE {{
      $entity {path} ?place .
      OPTIONAL {{ ?place schema:containedInPlace+ ?above }}
    }} GROUP BY ?place
  }}
  ?place schema:name ?name .
  OPTIONAL {{ ?place kg:kind ?kind }}
  BIND(CONCAT(?name, COALESCE(CONCAT(" (", ?kind, ")"), "")) AS ?text)
}} ORDER BY DESC(?depth) ?text
""")


PLACES = _place_ladder("Places", "schema:location/schema:containedInPlace*")
WITHIN = _place_ladder("Within", "schema:containedInPlace+")

CONTAINS = SectionQuery("Contains", """
SELECT DISTINCT ?text WHERE { ?inner schema:containedInPlace $entity ; schema:name ?text } ORDER BY ?text
""")

ORGANIZATIONS_HERE = SectionQuery("Organizations", """
SELECT DISTINCT ?text WHERE {
  ?org a schema:Organization ; schema:location $entity ; schema:name ?text .
} ORDER BY ?text
""")

PARENTS = SectionQuery("Part of", """
SELECT DISTINCT ?text WHERE { $entity org:subOrganizationOf/schema:name ?text } ORDER BY ?text
""")

SUB_ORGANIZATIONS = SectionQuery("Sub-organizations", """
SELECT DISTINCT ?text WHERE { ?sub org:subOrganizationOf $entity ; schema:name ?text } ORDER BY ?text
""")

ARTICLES = SectionQuery("Mentioned in", """
SELECT DISTINCT (CONCAT(?headline, COALESCE(CONCAT(" (", ?page, ")"), "")) AS ?text) WHERE {
  ?article a schema:NewsArticle ; schema:mentions $entity ; schema:headline ?headline .
  OPTIONAL { ?article schema:isPartOf/schema:name ?page }
} ORDER BY ?text
""")

SECTIONS_BY_TYPE = {
    "schema:Person": (POSITIONS, EVENTS, HONORS, BYLINES),
    "schema:Organization": (MEMBERS, PLACES, PARENTS, SUB_ORGANIZATIONS, EVENTS),
    "schema:Place": (WITHIN, CONTAINS, ORGANIZATIONS_HERE, EVENTS),
    "org:Role": (HOLDERS_OF_TITLE,),
    "kg:Honor": (HOLDERS_OF_HONOR,),
    "schema:Event": (EVENT_DETAILS, PARTICIPANTS),
}

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

    The first kind of match that finds any wins: the IRI itself (``id:person/张良``,
    ``<https://…>``, ``https://…``), then canonical names, then aliases, then names and
    aliases containing ``name``.
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
    section_queries = [query for kind in candidate.types for query in SECTIONS_BY_TYPE.get(kind, ())]
    sections = [_section(build, iri, query, names) for query in [*section_queries, ARTICLES]]
    return Card(iri, candidate.types, candidate.name, aliases, [s for s in sections if s.facts])


def _as_iri(name: str) -> str | None:
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    if name.startswith(("http://", "https://")):
        return name
    if name.startswith("id:"):
        return ID + name.removeprefix("id:")
    return None


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
