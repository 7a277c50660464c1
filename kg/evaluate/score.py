"""Precision, recall and F1 of a build against gold annotations, one small function per layer.

Predicted persons, organizations and places are first aligned with gold entities through all
their names (:class:`Alignment`); every relation layer then compares canonical gold names,
a predicted node no gold entity matches standing for itself as ``?<iri>``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UserError
from kg.evaluate.gold import EVENT_LINKS, EntityIndex, Gold, PositionRow, gold_files, read_gold_doc
from kg.evaluate.prediction import Prediction, add_ontology, keep_articles, load_graph, page_articles

ALIGNED_KINDS = ("persons", "organizations", "places")
EVENT_NAME_THRESHOLD = 0.5
LAYERS = (
    "persons", "organizations", "places", "titles", "positions", "affiliations", "person_honors",
    "bylines", "located_in", "events", "event_places", "event_dates", "event_organizers",
    "event_participants",
)  # fmt: skip


@dataclass(frozen=True)
class Score:
    """``right`` of ``predicted`` predictions are correct; ``found`` of ``gold`` gold items are predicted."""

    right: int
    predicted: int
    found: int
    gold: int
    duplicates: int | None = None

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @classmethod
    def of_sets(cls, predicted: Collection, gold: Collection) -> Score:
        """Exact comparison of two sets of items."""
        common = len(set(predicted) & set(gold))
        return cls(common, len(predicted), common, len(gold))

    @classmethod
    def of_matches(
        cls, predicted: Collection, gold: Collection, hits: Callable[[object, object], bool]
    ) -> Score:
        """Comparison where ``hits(prediction, gold_item)`` decides, each side counted on its own."""
        return cls(
            right=sum(any(hits(p, g) for g in gold) for p in predicted),
            predicted=len(predicted),
            found=sum(any(hits(p, g) for p in predicted) for g in gold),
            gold=len(gold),
        )

    def as_dict(self) -> dict[str, float | int]:
        """The figures as the reference scorer prints them with ``--json``."""
        figures = {
            "P": round(self.precision, 3),
            "R": round(self.recall, 3),
            "F1": round(self.f1, 3),
            "pred": self.predicted,
            "gold": self.gold,
        }
        if self.duplicates is not None:
            figures["duplicates"] = self.duplicates
        return figures


class Alignment:
    """The gold entity each predicted person, organization and place node is, if any."""

    def __init__(self, prediction: Prediction, gold: Gold) -> None:
        self.by_kind = {
            kind: {
                node: gold.entities(kind).match(names) for node, names in prediction.entities[kind].items()
            }
            for kind in ALIGNED_KINDS
        }

    def gold_entity(self, node: str) -> str | None:
        """The canonical gold name of a node, trying persons, organizations, places in turn."""
        for matches in self.by_kind.values():
            if matches.get(node):
                return matches[node]
        return None

    def label(self, node: str) -> str:
        """The node's canonical gold name, or ``?<node>`` when it matches none."""
        return self.gold_entity(node) or f"?{node}"


# ---------------------------------------------------------------- entity layers


def score_entities(kind: str, gold: Gold, alignment: Alignment, prediction: Prediction) -> Score:
    """Nodes of one kind: a gold entity counts once, later nodes matching it are duplicates.

    An unmatched place whose name occurs inside a gold organization's name (丰台街道 in
    丰台区丰台街道总工会) is neutral: left out of the predictions.
    """
    matches = alignment.by_kind[kind]
    matched = [entity for entity in matches.values() if entity]
    distinct = set(matched)
    neutral = 0
    if kind == "places":
        organization_forms = gold.organizations.all_forms()
        neutral = sum(
            1
            for node, entity in matches.items()
            if entity is None
            and any(name in form for name in prediction.entities[kind][node] for form in organization_forms)
        )
    return Score(
        right=len(distinct),
        predicted=len(matches) - neutral,
        found=len(distinct),
        gold=len(gold.entities(kind)),
        duplicates=len(matched) - len(distinct),
    )


def score_titles(gold: Gold, prediction: Prediction) -> Score:
    """Job titles as a vocabulary of labels.

    A label is right if the gold accepts it anywhere (the ``titles`` lists, position titles
    and their alts); recall counts the titles positions are given with.
    """
    labels = set().union(*prediction.entities["titles"].values())
    return Score(
        right=len(labels & gold.accepted_titles),
        predicted=len(labels),
        found=len(labels & gold.position_titles),
        gold=len(gold.position_titles),
    )


# ---------------------------------------------------------------- positions

PredictedPosition = tuple[str, frozenset[str], str | None]  # person, title labels, organization


def predicted_positions(alignment: Alignment, prediction: Prediction) -> set[PredictedPosition]:
    """(person, title labels, gold organization) per membership.

    An organization that is no gold organization counts as none: its error is the
    organizations layer's, and a position then matches only a gold row without an org.
    """
    titles = prediction.entities["titles"]
    return {
        (alignment.label(person), titles.get(role, frozenset()), alignment.gold_entity(org) if org else None)
        for person, role, org in prediction.memberships
    }


def _holds(position: PredictedPosition, row: PositionRow) -> bool:
    """A predicted position fits a gold row if one reading's title is among its labels and
    the reading's organization is the position's (a reading without one takes any)."""
    person, labels, org = position
    gold_person, readings = row
    return person == gold_person and any(
        title in labels and (gold_org is None or gold_org == org) for title, gold_org in readings
    )


def score_positions(positions: set[PredictedPosition], gold: Gold) -> Score:
    return Score.of_matches(positions, gold.positions, _holds)


def score_affiliations(positions: set[PredictedPosition], gold: Gold) -> Score:
    """(person, organization) pairs, whatever the title; a gold row gives its readings' orgs."""
    predicted = {(person, org) for person, _, org in positions if org}
    expected = {
        (person, frozenset(org for _, org in readings if org))
        for person, readings in gold.positions
        if any(org for _, org in readings)
    }
    return Score.of_matches(predicted, expected, lambda pair, row: pair[0] == row[0] and pair[1] in row[1])


# ---------------------------------------------------------------- other relations


def score_person_honors(gold: Gold, alignment: Alignment, prediction: Prediction) -> Score:
    """(person, honor) pairs, the honor matched to gold honors through all its names."""
    predicted = {
        (alignment.label(person), gold.honors.match(prediction.honor_names[honor]) or f"?{honor}")
        for person, honor in prediction.awards
    }
    return Score.of_sets(predicted, gold.person_honors)


def score_bylines(gold: Gold, alignment: Alignment, prediction: Prediction) -> Score:
    """The persons credited on articles, whatever their credit."""
    return Score.of_sets({alignment.label(person) for person in prediction.bylines}, gold.bylines)


def score_located_in(gold: Gold, alignment: Alignment, prediction: Prediction) -> Score:
    """(organization or place, place) pairs."""
    predicted = {(alignment.label(entity), alignment.label(place)) for entity, place in prediction.located_in}
    return Score.of_sets(predicted, gold.located_in)


# ---------------------------------------------------------------- events


def name_similarity(a: str, b: str) -> float:
    """1 when one name contains the other (both at least 3 characters), else bigram Dice."""
    if (a in b or b in a) and min(len(a), len(b)) >= 3:
        return 1.0
    bigrams_a = {a[i : i + 2] for i in range(len(a) - 1)} or {a}
    bigrams_b = {b[i : i + 2] for i in range(len(b) - 1)} or {b}
    return 2 * len(bigrams_a & bigrams_b) / (len(bigrams_a) + len(bigrams_b))


def closest_event(names: frozenset[str], events: EntityIndex) -> str | None:
    """The gold event whose forms resemble ``names`` most, if similar enough; earliest on a tie."""
    best, best_similarity = None, 0.0
    for canonical, forms in events.forms.items():
        similarity = max((name_similarity(name, form) for name in names for form in forms), default=0.0)
        if similarity > best_similarity:
            best, best_similarity = canonical, similarity
    return best if best_similarity >= EVENT_NAME_THRESHOLD else None


def match_events(gold: Gold, prediction: Prediction) -> dict[str, str | None]:
    """The gold event each predicted event is: by name as for entities, else the closest."""
    return {
        node: gold.events.match(names) or closest_event(names, gold.events)
        for node, names in prediction.entities["events"].items()
    }


def score_events(event_matches: dict[str, str | None], gold: Gold) -> Score:
    """Every predicted event matching a gold event is right; recall counts gold events found."""
    matched = [event for event in event_matches.values() if event]
    return Score(len(matched), len(event_matches), len(set(matched)), len(gold.events))


def score_event_link(
    link: str, event_matches: dict[str, str | None], gold: Gold, alignment: Alignment, prediction: Prediction
) -> Score:
    """(event, value) pairs for one link: places, dates (as written), organizers, participants."""
    predicted = {
        (event_matches.get(event) or f"?{event}", value if link == "dates" else alignment.label(value))
        for event, value in prediction.event_links[link]
    }
    return Score.of_sets(predicted, gold.event_links[link])


# ---------------------------------------------------------------- all layers


def score(prediction: Prediction, gold: Gold) -> dict[str, Score]:
    """Every layer's score, in :data:`LAYERS` order."""
    alignment = Alignment(prediction, gold)
    positions = predicted_positions(alignment, prediction)
    event_matches = match_events(gold, prediction)
    scores = {kind: score_entities(kind, gold, alignment, prediction) for kind in ALIGNED_KINDS}
    scores |= {
        "titles": score_titles(gold, prediction),
        "positions": score_positions(positions, gold),
        "affiliations": score_affiliations(positions, gold),
        "person_honors": score_person_honors(gold, alignment, prediction),
        "bylines": score_bylines(gold, alignment, prediction),
        "located_in": score_located_in(gold, alignment, prediction),
        "events": score_events(event_matches, gold),
    }
    for link in EVENT_LINKS:
        scores[f"event_{link}"] = score_event_link(link, event_matches, gold, alignment, prediction)
    return {layer: scores[layer] for layer in LAYERS}


@dataclass(frozen=True)
class Evaluation:
    """A build's scores, the number of its pages whose facts were scored, and of those left
    out for lack of gold."""

    scores: dict[str, Score]
    pages: int
    left_out: int

    def summary(self) -> str:
        """One line saying which pages were scored."""
        return f"scored {_count(self.pages, 'built page')}; left out {_count(self.left_out, 'built page')} without gold"


def evaluate_build(
    outdir: Path,
    gold_paths: Iterable[Path],
    *,
    ontology_dir: Path | None = None,
    built_docs_only: bool = False,
    all_pages: bool = False,
) -> Evaluation:
    """Score the graph in ``outdir`` against gold files or folders of them, counting only what
    the articles of pages with gold state (``all_pages``: every page's).

    With ``built_docs_only``, gold files whose doc is no page of the build are left out.
    """
    docs = [read_gold_doc(path) for path in gold_files(gold_paths)]
    store = load_graph(outdir)
    articles = page_articles(store)
    if built_docs_only:
        docs = [doc for doc in docs if Path(doc.doc).stem in articles]
        if not docs:
            raise UserError(f"no gold file's doc is a page built in {outdir}: check --gold or drop --docs")
    with_gold = {Path(doc.doc).stem for doc in docs} & set(articles)
    left_out = set() if all_pages else set(articles) - with_gold
    if left_out:
        if next(store.named_graphs(), None) is None:
            raise UserError(f"{outdir} keeps no article graphs, so the pages with gold cannot be scored alone: "
                            "build it with --formats trig or nq, or give --all-pages")
        store = keep_articles(store, (iri for page in with_gold for iri in articles[page]))
    add_ontology(store, ontology_dir)
    scores = score(Prediction.read(store), Gold.from_docs(docs))
    return Evaluation(scores, len(articles) - len(left_out), len(left_out))


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def format_table(scores: dict[str, Score]) -> str:
    """A plain-text table: one line per layer with P, R, F1, counts and duplicates."""
    lines = [f"{'layer':<20} {'P':>6} {'R':>6} {'F1':>6} {'pred':>6} {'gold':>6} {'dup':>4}"]
    for layer, s in scores.items():
        duplicates = "" if s.duplicates is None else str(s.duplicates)
        lines.append(
            f"{layer:<20} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.predicted:6d} {s.gold:6d} {duplicates:>4}"
        )
    return "\n".join(lines)
