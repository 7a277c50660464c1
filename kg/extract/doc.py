"""The document the extraction components share: one article, read once.

A :class:`Doc` holds the article's sentences with their words (one segmentation each),
every span the components propose (``proposals``, each naming its source), the mentions the
overlap policy chose from them (``mentions``), and the facts read off those mentions. Components
only add to it, in pipeline order; :meth:`Doc.facts` hands the plain result to resolution.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.extract.lexicon import Verb, verbs_in
from kg.extract.words import NAME_POS, segment
from kg.model import (
    Alias,
    Article,
    ArticleFacts,
    Award,
    Byline,
    Event,
    Evidence,
    Kind,
    Mention,
    Position,
    Sentence,
)
from kg.read.articles import sentences as split_sentences

Words = tuple[tuple[int, int, str], ...]


@dataclass(slots=True)
class Sent:
    """A sentence: its page offsets, its text, its jieba words and the verbs of ``verbs.tsv``
    in it (offsets in the sentence), whether it opens a paragraph, and whether it is a headline
    line."""

    start: int
    end: int
    text: str
    words: Words
    verbs: tuple[tuple[int, Verb], ...]
    paragraph_start: bool
    headline: bool

    def contains(self, mention: Mention) -> bool:
        return self.start <= mention.start and mention.end <= self.end


@dataclass(slots=True)
class Doc:
    article: Article
    sents: list[Sent]
    proposals: list[Mention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    bylines: list[Byline] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    ranked: list[Mention] = field(default_factory=list)  # the persons a contest ranks (张某获得第一名)
    _sorted_proposals: tuple[int, tuple[Mention, ...]] = (0, ())  # (how many proposals, them by start)

    @classmethod
    def read(cls, article: Article) -> Doc:
        """Split the article into sentences and segment each one."""
        page = article.page.text
        sents = []
        for sentence in split_sentences(article.page, article.start, article.end):
            paragraph_start = sentence.start == 0 or page[sentence.start - 1] == "\n"
            words = segment(sentence.text)
            sents.append(Sent(sentence.start, sentence.end, sentence.text, words, _verbs(sentence.text, words),
                              paragraph_start, sentence.start < article.body_start))
        return cls(article, sents)

    @property
    def text(self) -> str:
        """The page text (every offset in the document points into it)."""
        return self.article.page.text

    def in_sentence(self, sent: Sent, kinds: tuple[Kind, ...] | None = None) -> list[Mention]:
        """The chosen mentions inside ``sent``, in text order, optionally of some kinds only
        (``mentions`` is kept sorted by start)."""
        first = bisect.bisect_left(self.mentions, sent.start, key=lambda m: m.start)
        found = []
        for mention in itertools.islice(self.mentions, first, None):
            if mention.start >= sent.end:
                break
            if mention.end <= sent.end and (kinds is None or mention.kind in kinds):
                found.append(mention)
        return found

    def proposed_in(self, sent: Sent) -> list[Mention]:
        """The proposals inside ``sent`` so far (sorted once per batch of new proposals)."""
        count, ordered = self._sorted_proposals
        if count != len(self.proposals):
            ordered = tuple(sorted(self.proposals, key=lambda m: m.start))
            self._sorted_proposals = (len(self.proposals), ordered)
        first = bisect.bisect_left(ordered, sent.start, key=lambda m: m.start)
        found = []
        for mention in itertools.islice(ordered, first, None):
            if mention.start >= sent.end:
                break
            if mention.end <= sent.end:
                found.append(mention)
        return found

    def sentence_of(self, offset: int) -> Sent | None:
        return next((s for s in self.sents if s.start <= offset < s.end), None)

    def evidence(self, sent: Sent) -> Evidence:
        """The sentence as evidence, as the page writes it, with offsets in the page file as printed."""
        page = self.article.page
        return Evidence(self.article.article_id, page.as_written(sent.start, sent.end), page.raw_offset(sent.start),
                        page.raw_offset(sent.end - 1) + 1)

    def mention(self, start: int, end: int, kind: Kind, source: str, score: float = 1.0) -> Mention:
        """A mention of the page text ``[start, end)``."""
        return Mention(start, end, kind, self.text[start:end], source, score)

    def paragraphs(self) -> Iterator[list[Sent]]:
        """The sentences grouped by paragraph."""
        group: list[Sent] = []
        for sent in self.sents:
            if sent.paragraph_start and group:
                yield group
                group = []
            group.append(sent)
        if group:
            yield group

    def facts(self) -> ArticleFacts:
        """The plain result handed to resolution. A title is kept where someone holds it
        (a post of the article's positions), not as a word the article uses."""
        held = {(p.title.start, p.title.end) for p in self.positions}
        return ArticleFacts(
            article=self.article,
            sentences=[Sentence(s.start, s.end, s.text) for s in self.sents],
            mentions=[m for m in self.mentions if m.kind != Kind.TITLE or (m.start, m.end) in held],
            positions=self.positions,
            awards=self.awards,
            bylines=self.bylines,
            events=self.events,
            aliases=self.aliases,
        )


def _verbs(text: str, words: Words) -> tuple[tuple[int, Verb], ...]:
    """The listed verbs of a sentence; a one-character verb not inside a dictionary word (not 任
    in 有限责任 or 主任, 说 in 小说家; but 李明|任, which jieba does not know, reads 任)."""
    inside = {position for start, end, pos in words if pos not in NAME_POS for position in range(start + 1, end)}
    return tuple((position, verb) for position, verb in verbs_in(text) if len(verb.word) > 1 or position not in inside)

