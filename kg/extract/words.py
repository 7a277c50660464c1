"""The one word segmentation of a sentence that kg's components share.

:func:`segment` cuts a sentence with jieba 0.42.1's default dictionary and its HMM for words
the dictionary lacks, and gives each word the part of speech the dictionary lists for it.
No custom words are ever added: the mention tagger was trained on these words, so they must
not drift when kg's lexicon files change (components that want their own words whole
should look them up in the sentence, not in the segmentation).

- Full-width ASCII (U+FF01–U+FF5E) and the ideographic space are folded to half-width
  before cutting (one character to one, so offsets stay those of the text as given):
  ``１９９７年`` and ``1997年`` cut alike.
- A word the dictionary does not list (a word found by the HMM, Latin letters, digits,
  punctuation, spaces) gets the part of speech ``x`` (``UNKNOWN_POS``), jieba's tag for
  non-words. jieba.posseg would guess a tag for HMM words with a second HMM; kg does not
  run it (it is slow, and the word's characters are features of the tagger anyway).

The dictionary is read once, in one pass that builds both the prefix-frequency table jieba
cuts with and the word → tag table (jieba itself would read it twice: once for
``jieba.dt``, from its cache file, and once more at ``import jieba.posseg``). The tokenizer is
kg's own ``jieba.Tokenizer`` instance, never ``jieba.dt``, so words another library adds to
``jieba.dt`` cannot change it.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Sequence

import jieba

Word = tuple[int, int, str]  # start, end (exclusive), part of speech
Words = Sequence[Word]
UNKNOWN_POS = "x"
# Parts of speech of function words, times and numerals: none is part of a given name.
FUNCTION_POS = ("t", "v", "p", "c", "u", "d", "m", "r", "f")
# Parts of speech a name's words may have: unknown to jieba, or a name it guessed.
NAME_POS = ("x", "nr", "nrfg", "nrt")
# One-character adverbs that follow a subject (他常说, 张某也是): the tagger may run a name into one.
SUBJECT_ADVERBS = frozenset("常也都还就又曾便却才已总再正")
# Full-width ASCII and the ideographic space to half-width: one character to one.
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_lock = threading.Lock()
_shared: _Dictionary | None = None


def _dictionary_lines() -> list[str]:
    """The lines of jieba's default dictionary: ``word count part-of-speech``."""
    with jieba.Tokenizer().get_dict_file() as source:
        return source.read().decode("utf-8").splitlines()


@functools.cache
def word_tags() -> dict[str, str]:
    """jieba's dictionary as a word → part-of-speech table, without the tokenizer: what
    resolution asks of a name (is it a common word?) costs a third of loading both."""
    if _shared is not None:
        return _shared.tags
    return {word: tag for word, _, tag in map(str.split, _dictionary_lines())}


def is_common_word(text: str) -> bool:
    """Is ``text`` a jieba dictionary word that is not a personal name (付出, 健康)?"""
    tag = word_tags().get(text)
    return tag is not None and not tag.startswith("nr")


class _Dictionary:
    """jieba's default tokenizer, initialized from one read of its dictionary, and the
    dictionary's word → part-of-speech table."""

    def __init__(self) -> None:
        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        frequencies: dict[str, int] = {}
        tags: dict[str, str] = {}
        total = 0
        for line in _dictionary_lines():
            word, count, tag = line.split(" ")
            frequencies[word] = int(count)
            total += int(count)
            tags[word] = tag
        for word in list(frequencies):  # every prefix of a word is in the table, as jieba builds it
            for end in range(1, len(word)):
                frequencies.setdefault(word[:end], 0)
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = frequencies, total, True
        self.tokenizer = tokenizer
        self.tags = tags


def dictionary() -> _Dictionary:
    """The shared tokenizer and tag table, loaded once, on first use (about 0.7 s)."""
    global _shared
    if _shared is None:
        with _lock:
            if _shared is None:
                _shared = _Dictionary()
    return _shared


@functools.cache
def pos_tags() -> tuple[str, ...]:
    """Every part of speech :func:`segment` can give, sorted (``UNKNOWN_POS`` included)."""
    return tuple(sorted({*dictionary().tags.values(), UNKNOWN_POS}))


def segment(text: str) -> tuple[Word, ...]:
    """``(start, end, pos)`` of each jieba word of ``text``, covering it without gaps."""
    shared = dictionary()
    tags = shared.tags
    words = []
    start = 0
    for word in shared.tokenizer.cut(text.translate(HALF_WIDTH)):
        end = start + len(word)
        words.append((start, end, tags.get(word, UNKNOWN_POS)))
        start = end
    return tuple(words)
