"""Extraction components: each finds (``match``), then writes (``set_annotations``).

A component is a small class registered under a name; :mod:`kg.extract.pipeline` runs them
in the order of its ``PIPELINE``. Finding and writing stay apart so each can be tested alone:
``match`` reads the :class:`~kg.extract.doc.Doc` and returns what it found, without changing
it; ``set_annotations`` adds that to the document. ``pipe`` runs a component over the
documents of one page at once (the tagger batches their sentences); by default it calls the
component on each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from kg.extract.doc import Doc

REGISTRY: dict[str, type[Component]] = {}


class Component:
    name: ClassVar[str]

    def match(self, doc: Doc) -> Any:
        raise NotImplementedError

    def set_annotations(self, doc: Doc, found: Any) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            self(doc)


def register(name: str) -> Callable[[type[Component]], type[Component]]:
    """Class decorator: make a component available to the pipeline under ``name``."""

    def decorate(cls: type[Component]) -> type[Component]:
        cls.name = name
        REGISTRY[name] = cls
        return cls

    return decorate
