"""Word boundaries from jieba, taught kg's lexicon words so they come out whole."""

from __future__ import annotations

import functools
import logging

import jieba

from kg.extract.lexicon import load


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    lexicon = load()
    words = set(lexicon.org_suffixes) | set(lexicon.title_heads) | set(lexicon.event_heads)
    words |= set(lexicon.venue_suffixes) | set(lexicon.honors)
    for word in sorted(words):
        if len(word) > 1:
            tokenizer.add_word(word, freq=2000)
    return tokenizer


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each jieba word of ``text``."""
    return [(start, end) for _, start, end in _tokenizer().tokenize(text)]
