"""Word boundaries from jieba, taught kg's lexicon words so they come out whole."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence

import jieba
import jieba.posseg

from kg.extract.lexicon import load

Words = Sequence[tuple[int, int]]  # (start, end) of each word of a text


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    lexicon = load()
    words = set(lexicon.org_suffixes) | set(lexicon.title_heads) | set(lexicon.event_heads)
    words |= set(lexicon.venue_suffixes) | set(lexicon.honors) | set(lexicon.org_name_words)
    for word in sorted(words):
        if len(word) > 1:
            tokenizer.add_word(word, freq=2000)
    return tokenizer


@functools.lru_cache(maxsize=4096)
def word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each jieba word of ``text``; cached, as several components segment
    the same sentence."""
    return tuple((start, end) for _, start, end in _tokenizer().tokenize(text))


@functools.cache
def _word_tags() -> dict[str, str]:
    jieba.posseg.dt.initialize()
    return jieba.posseg.dt.word_tag_tab


def is_common_word(text: str) -> bool:
    """Is ``text`` a jieba dictionary word that is not a personal name (付出, 健康)?"""
    tag = _word_tags().get(text)
    return tag is not None and not tag.startswith("nr")


def is_proper_word(text: str) -> bool:
    """Is ``text`` a name rather than a common word: unknown to jieba's dictionary, or
    tagged there as a person, place or organization (its "nz" is too loose: 爱国主义)?"""
    tag = _word_tags().get(text)
    return tag is None or tag.startswith(("nr", "ns", "nt"))
