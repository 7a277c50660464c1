"""Per-character discrete inputs of the mention tagger, from a sentence and its words.

For each character of a sentence (full-width ASCII folded to half-width, as
:mod:`kg.extract.words` folds it):

- the character itself and the two character bigrams around it (the tagger looks them up
  in its vocabularies; :func:`bigrams`);
- its place in its jieba word (``B``egin, ``M``iddle, ``E``nd, ``S``ingle) joined to the
  word's part of speech, as one integer (:func:`word_marks`);
- lexicon and gazetteer marks, as a bit mask (:func:`lexicon_marks`): for each list in
  ``LEXICONS``, whether the character Begins, is Inside, Ends or is (a one-character
  match) the Single character of a match of that list, all lists matched in one
  Aho–Corasick pass;
- optionally the length and part of speech of the longest jieba dictionary word starting
  and ending at it (:func:`dictionary_marks`; the shipped model's ``dictionary`` flag says
  whether it reads them).

Everything is plain Python lists of ints (no per-character strings but the bigrams), so
features cost a few microseconds a character.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from kg.extract import gazetteer
from kg.extract.words import HALF_WIDTH, UNKNOWN_POS, Words, dictionary, pos_tags

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# The lexicons and gazetteers whose matches mark characters, in bit order: lexicon ``i``
# owns bits 4i (Begin), 4i + 1 (Inside), 4i + 2 (End) and 4i + 3 (Single).
LEXICONS = (
    "surname",  # kg/data/tagger_lexicon/surnames.txt
    "title_head",  # kg/data/tagger_lexicon/title_heads.txt
    "org_suffix",  # kg/data/tagger_lexicon/org_suffixes.txt
    "place_suffix",  # kg/data/tagger_lexicon/place_suffixes.txt
    "division",  # China's provinces, cities, districts: full and short names (kg.extract.gazetteer)
    "town",  # China's towns and streets (街道), full names
    "country",  # kg/data/countries.tsv: countries, territories, world regions
    "world_city",  # kg/data/world_cities.tsv: CLDR's exemplar cities
)
LEXICON_BITS = 4 * len(LEXICONS)
_LIST_FILES = {
    "surname": "tagger_lexicon/surnames.txt",
    "title_head": "tagger_lexicon/title_heads.txt",
    "org_suffix": "tagger_lexicon/org_suffixes.txt",
    "place_suffix": "tagger_lexicon/place_suffixes.txt",
}
_TABLE_FILES = {"country": ("countries.tsv", 1), "world_city": ("world_cities.tsv", 1)}  # file, name column
WORD_POSITIONS = "BMES"
DICT_MAX = 6  # longest dictionary word looked for; longer words read as this length
DICT_LENGTHS = DICT_MAX - 1  # lengths 2..DICT_MAX


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    """The discrete inputs of one sentence, one entry a character."""

    chars: str  # the sentence folded to half-width
    words: list[int]  # word position and part of speech (see word_marks)
    lexicon: list[int]  # lexicon bit masks
    dict_starts: list[int] | None = None  # see dictionary_marks
    dict_ends: list[int] | None = None


def fold(text: str) -> str:
    """``text`` with full-width ASCII and the ideographic space folded to half-width."""
    return text.translate(HALF_WIDTH)


@functools.cache
def _pos_index() -> dict[str, int]:
    return {tag: i for i, tag in enumerate(pos_tags())}


def word_mark_count() -> int:
    """How many values :func:`word_marks` can give."""
    return len(WORD_POSITIONS) * len(pos_tags())


def dictionary_mark_count() -> int:
    """How many values :func:`dictionary_marks` can give (0: no dictionary word)."""
    return 1 + DICT_LENGTHS * len(pos_tags())


def word_marks(words: Words) -> list[int]:
    """Per character, ``4 * pos + position``: ``pos`` indexes :func:`kg.extract.words.pos_tags`,
    ``position`` is 0, 1, 2, 3 for a word's first, middle and last character and a
    one-character word."""
    index = _pos_index()
    unknown = index[UNKNOWN_POS]
    marks: list[int] = []
    for start, end, pos in words:
        base = 4 * index.get(pos, unknown)
        if end - start == 1:
            marks.append(base + 3)
        else:
            marks.append(base)
            marks.extend([base + 1] * (end - start - 2))
            marks.append(base + 2)
    return marks


def _read_list(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _read_column(path: Path, column: int) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[column] for line in lines if line.strip() and not line.startswith("#")]


@functools.cache
def lexicon_entries() -> dict[str, tuple[str, ...]]:
    """Each lexicon's entries, folded to half-width, in a fixed order."""
    entries: dict[str, list[str]] = {name: _read_list(DATA_DIR / path) for name, path in _LIST_FILES.items()}
    for name, (path, column) in _TABLE_FILES.items():
        entries[name] = _read_column(DATA_DIR / path, column)
    places = gazetteer.load()
    entries["division"], entries["town"] = [], []
    for name in sorted(places.names()):
        town = all(division.level == "town" for division in places.lookup(name))
        entries["town" if town else "division"].append(name)
    return {name: tuple(dict.fromkeys(fold(entry) for entry in entries[name])) for name in LEXICONS}


@functools.cache
def _automaton() -> ahocorasick.Automaton:
    """One automaton over every lexicon: entry → ``(length, begin, inside, end, single)``,
    the bits to set (the union over the lexicons listing the entry)."""
    bits: dict[str, int] = {}
    for i, name in enumerate(LEXICONS):
        for entry in lexicon_entries()[name]:
            bits[entry] = bits.get(entry, 0) | (1 << (4 * i))
    automaton = ahocorasick.Automaton()
    for entry, begin in bits.items():
        automaton.add_word(entry, (len(entry), begin, begin << 1, begin << 2, begin << 3))
    automaton.make_automaton()
    return automaton


def lexicon_marks(chars: str) -> list[int]:
    """Per character of (folded) ``chars``, the bit mask of its lexicon matches."""
    marks = [0] * len(chars)
    for last, (length, begin, inside, end, single) in _automaton().iter(chars):
        if length == 1:
            marks[last] |= single
            continue
        first = last - length + 1
        marks[first] |= begin
        marks[last] |= end
        for k in range(first + 1, last):
            marks[k] |= inside
    return marks


def dictionary_marks(chars: str) -> tuple[list[int], list[int]]:
    """Per character of (folded) ``chars``, the longest jieba dictionary word of two or more
    characters starting at it and the longest ending at it, each as
    ``1 + (min(length, DICT_MAX) - 2) * tags + pos`` (0: none)."""
    shared = dictionary()
    frequencies, tags = shared.tokenizer.FREQ, shared.tags
    index = _pos_index()
    width = len(index)
    size = len(chars)
    starts = [0] * size
    ends = [0] * size
    end_lengths = [0] * size
    for i in range(size):
        j = i + 1
        if chars[i] not in frequencies:
            continue
        while j < size:
            j += 1
            word = chars[i:j]
            count = frequencies.get(word)
            if count is None:
                break
            if count:
                value = 1 + (min(j - i, DICT_MAX) - 2) * width + index[tags[word]]
                starts[i] = value
                if j - i > end_lengths[j - 1]:
                    end_lengths[j - 1] = j - i
                    ends[j - 1] = value
    return starts, ends


def bigrams(chars: str) -> list[str]:
    """The ``len(chars) + 1`` bigrams of ``chars`` padded with ``\\x02`` and ``\\x03``: bigram
    ``i`` ends at character ``i``, so character ``i`` reads bigrams ``i`` and ``i + 1``."""
    padded = f"\x02{chars}\x03"
    return [padded[i : i + 2] for i in range(len(chars) + 1)]


def sentence_features(text: str, words: Words, *, with_dictionary: bool = False) -> SentenceFeatures:
    """The inputs of one sentence; ``words`` is :func:`kg.extract.words.segment` of it."""
    chars = fold(text)
    marks = word_marks(words)
    if len(marks) != len(chars):
        raise ValueError(f"the words given do not cover the sentence {text[:20]!r}…")
    starts = ends = None
    if with_dictionary:
        starts, ends = dictionary_marks(chars)
    return SentenceFeatures(chars, marks, lexicon_marks(chars), starts, ends)


def features(
    sentences: Sequence[str], words: Sequence[Words], *, with_dictionary: bool = False
) -> list[SentenceFeatures]:
    """:func:`sentence_features` of each sentence."""
    return [
        sentence_features(text, sentence_words, with_dictionary=with_dictionary)
        for text, sentence_words in zip(sentences, words, strict=True)
    ]
