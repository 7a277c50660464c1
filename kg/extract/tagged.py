"""The statistical tagger's proposals: Person, Organization, Place and Title spans.

The tagger (:mod:`kg.extract.tagger`) reads every sentence of a page in one batch; each span
it finds is proposed with its score, the mean probability of its labels.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.component import Component, register
from kg.extract.doc import Doc, Sent
from kg.extract.tagger import MentionTagger, default_tagger


@register("tagger")
class TaggerProposer(Component):
    def __init__(self, tagger: MentionTagger | None = None) -> None:
        self.tagger = tagger or default_tagger()

    def match(self, doc: Doc) -> list:
        return self.tagger.tag([s.text for s in doc.sents], [s.words for s in doc.sents])

    def set_annotations(self, doc: Doc, found: list) -> None:
        for sent, spans in zip(doc.sents, found, strict=True):
            for span in spans:
                for start, end in _without_verbs(sent, span.start, span.end):
                    doc.proposals.append(doc.mention(sent.start + start, sent.start + end, span.kind, "tagger",
                                                     span.score))

    def pipe(self, docs: Sequence[Doc]) -> None:
        """Tag the sentences of all ``docs`` (one page) in one batch."""
        sents = [s for doc in docs for s in doc.sents]
        found = iter(self.tagger.tag([s.text for s in sents], [s.words for s in sents]))
        for doc in docs:
            self.set_annotations(doc, [next(found) for _ in doc.sents])


_JOINT = frozenset({"联合", "携手", "会同"})  # A联合B举办: two organizations


def _without_verbs(sent: Sent, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at the verbs of ``verbs.tsv`` that report or organize an event, and at 联合
    and the like, inside it: a name never holds one (北京市总工会|召开|党组理论学习中心组,
    市市场监管局|联合|市消费者权益保护委员会), the tagger may run over it."""
    pieces, left = [], start
    cuts = [(p, v.word) for p, v in sent.verbs if v.reports_before or v.organizes]
    cuts += [(s, sent.text[s:e]) for s, e, _ in sent.words if sent.text[s:e] in _JOINT]
    for position, word in sorted(cuts):
        stop = position + len(word)
        if start < position and stop < end and \
                any(s == position and e == stop and pos.startswith(("v", "p", "c")) for s, e, pos in sent.words):
            pieces.append((left, position))
            left = stop
    pieces.append((left, end))
    return [(s, e) for s, e in pieces if e - s >= 2]
