"""Occupations before a name the tagger did not read as a post: ``焊工皇甫振东``, ``外卖骑手侯某``.

The words right before a person (up to eight characters, back to a verb, a function word,
punctuation or another proposal), when they end in an occupation's ending
(``occupation_suffixes.txt``: 工, 员, 师, 手, 长), are proposed as a title (source ``lexicon``,
below the tagger).
"""

from __future__ import annotations

from kg.extract.component import Component, register
from kg.extract.doc import Doc
from kg.extract.lexicon import data_lines, stop_words, verbs
from kg.model import Kind, Mention

MAX_TITLE = 8
LEXICON_SCORE = 0.5


@register("titles")
class OccupationTitles(Component):
    def match(self, doc: Doc) -> list[Mention]:
        suffixes = tuple(data_lines("occupation_suffixes.txt"))
        found = []
        for sent in doc.sents:
            proposed = doc.proposed_in(sent)
            for person in (m for m in proposed if m.kind == Kind.PERSON and m.source == "tagger"):
                end = person.start - sent.start
                if any(m.kind == Kind.TITLE and m.end == person.start for m in proposed):
                    continue
                start = end
                for word_start, word_end, pos in reversed(sent.words):
                    if word_end > start:
                        continue
                    word = sent.text[word_start:word_end]
                    if word_end < start or end - word_start > MAX_TITLE or not word.isalpha() or word in stop_words() \
                            or word in verbs() or pos.startswith(("p", "c", "u", "r", "t", "m")) \
                            or any(m.start - sent.start < word_end and word_start < m.end - sent.start for m in proposed):
                        break
                    start = word_start
                if end - start >= 2 and sent.text[start:end].endswith(suffixes):
                    found.append(doc.mention(sent.start + start, sent.start + end, Kind.TITLE, "lexicon", LEXICON_SCORE))
        return found

    def set_annotations(self, doc: Doc, found: list[Mention]) -> None:
        doc.proposals += found
