"""The extraction stage: articles in, facts out, through registered components in order.

``PIPELINE`` names the components (:mod:`kg.extract.component`) and their order: proposers
first (each adds spans to the document), then the one overlap policy that chooses the
mentions, then the readers that build facts from the chosen mentions only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract import (  # noqa: F401  (importing a component registers it)
    aliases,
    bylines,
    chains,
    events,
    honors,
    overlap,
    places,
    references,
    roles,
    shifts,
    tagged,
    titles,
    unveiled,
)
from kg.extract.component import REGISTRY, Component
from kg.extract.doc import Doc
from kg.model import Article, ArticleFacts

PIPELINE = ("tagger", "gazetteer", "short_names", "bylines", "references", "bare_bodies", "unveiled", "shift_crews", "titles",
            "titled_names", "appointed_names", "honors", "overlap", "chains", "awards", "aliases", "events", "roles")


@dataclass(frozen=True)
class Settings:
    """What extraction needs to know beyond the text."""

    home_city: str = "北京市"


class Extractor:
    """Runs the pipeline over the articles of one page at a time; holds the components (and
    so the tagger) so they load once."""

    def __init__(self, settings: Settings | None = None, components: dict[str, Component] | None = None) -> None:
        self.settings = settings or Settings()
        given = components or {}
        self.components = [given.get(name) or self._make(name) for name in PIPELINE]

    def _make(self, name: str) -> Component:
        cls = REGISTRY[name]
        return cls(self.settings.home_city) if name == "gazetteer" else cls()

    def __call__(self, articles: Sequence[Article]) -> list[ArticleFacts]:
        docs = [Doc.read(article) for article in articles]
        for component in self.components:
            component.pipe(docs)
        return [doc.facts() for doc in docs]
