"""Traditional Chinese pages read in Simplified characters, offset for offset.

The tagger, jieba and every lexicon are Simplified, so a Traditional page is converted with
OpenCC's ``t2s`` tables (loaded once, on the first page) for reading; the page keeps its text
as written for evidence, headlines and aliases. Conversion is character for character: a
paragraph whose phrase conversion would change its length is converted one character at a
time, so every offset points at the same character in both texts.
"""

from __future__ import annotations

import functools
import re

import opencc

TRADITIONAL_SHARE = 0.1
"""Share of a page's Han characters that must change under t2s for the page to be read as
Traditional: a Traditional news page changes 34–44% of them, a Simplified page quoting a
Traditional name a few percent, and a Simplified page none (it is left as it is)."""
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str | None:
    """``text`` in Simplified characters, of the same length, when it is Traditional; else None."""
    converted = _t2s().convert(text)
    if converted == text:
        return None
    if len(converted) != len(text):
        converted = "\n".join(map(_same_length, text.split("\n")))
    changed = sum(a != b for a, b in zip(text, converted, strict=True))
    return converted if changed >= TRADITIONAL_SHARE * len(_HAN.findall(text)) else None


def _same_length(paragraph: str) -> str:
    """The paragraph converted whole, or one character at a time where that changes its length."""
    converted = _t2s().convert(paragraph)
    if len(converted) == len(paragraph):
        return converted
    return "".join(c if len(c := _t2s().convert(char)) == 1 else char for char in paragraph)
