"""Bytes of a page file → clean text: UTF-8 (with or without BOM), UTF-16, GB18030/GBK, Big5.

Whatever the bytes, the text that comes out holds only characters every export can carry:
line and paragraph separators become ``\\n``, other control characters, lone surrogates and
noncharacters become spaces (one for one, so offsets still line up with the decoded file).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_CJK = re.compile(r"[\u4e00-\u9fff]")
_READABLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e\t\n\r\x20-\x7e]")
SAMPLE = 65536
"""Characters looked at to tell encodings apart."""
_LINE_BREAKS = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
MAX_INVALID_UTF8 = 0.001
"""Share of a UTF-8 file's bytes that may be invalid (and replaced by U+FFFD) before the file
counts as written in another encoding."""


class UndecodableError(ValueError):
    """The bytes are binary or in no encoding kg reads."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's clean text, the encoding it was read in, and how many bad bytes were replaced."""

    text: str
    encoding: str
    replaced: int = 0


def clean(text: str) -> str:
    """``text`` with one ``\\n`` for every line break, and a space for every character that is
    no text (controls other than tab and newline, surrogates, noncharacters)."""
    text = _LINE_BREAKS.sub("\n", text)
    return _NOT_TEXT.sub(" ", text)


def decode(data: bytes) -> str:
    """Decode a page file; raise :class:`UndecodableError` for binary or unknown bytes."""
    return decode_file(data).text


def decode_file(data: bytes) -> Decoded:
    """Decode a page file, naming the encoding; raise :class:`UndecodableError` for binary or
    unknown bytes. A UTF-8 file (with a BOM, or with almost every byte valid) keeps its good
    text: its few invalid bytes become U+FFFD, counted in ``replaced``."""
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[len(codecs.BOM_UTF8) :], tolerance=1.0)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(_strict(data, "utf-16"), "UTF-16")
    try:
        return _checked(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise UndecodableError("binary data (NUL bytes)")
    if _mostly_utf8(data):
        return _utf8(data, tolerance=MAX_INVALID_UTF8)
    chinese = _gb_or_big5(data)
    if chinese is not None:
        return chinese
    raise UndecodableError("not UTF-8, UTF-16, GB18030 or Big5 text")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodableError(f"invalid {encoding.upper()} at byte {exc.start}") from None


def _utf8(data: bytes, tolerance: float) -> Decoded:
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    if replaced > max(1, len(data) * tolerance):
        raise UndecodableError(f"not UTF-8 text ({replaced} invalid bytes)")
    return _checked(text, "UTF-8", replaced)


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 but for a few bytes: more multi-byte characters than invalid bytes, by far."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    return replaced <= max(1, len(data) * MAX_INVALID_UTF8) and len(text) - replaced < len(data)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM: the byte order under which the text reads as Chinese and ASCII
    (ASCII shows as NUL in every other byte; CJK text has few NULs but decodes to CJK)."""
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:SAMPLE]
        share = len(_READABLE.findall(sample)) / len(sample)
        if share > 0.8 and (best is None or share > best[0]):
            best = (share, encoding, text)
    if best is None:
        return None
    return _checked(best[2], "UTF-16")


def _gb_or_big5(data: bytes) -> Decoded | None:
    """GB18030 when its Chinese characters are common simplified ones (GB2312), else Big5."""
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    if gb is not None and _gb2312_share(gb) >= 0.9:
        return _checked(gb, "GB18030")
    try:
        return _checked(data.decode("big5hkscs"), "Big5")
    except UnicodeDecodeError:
        pass
    return _checked(gb, "GB18030") if gb is not None else None


def _gb2312_share(text: str) -> float:
    han = _CJK.findall(text[:SAMPLE])
    if not han:
        return 1.0
    common = 0
    for ch in han:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(han)


def _checked(text: str, encoding: str, replaced: int = 0) -> Decoded:
    """Reject text that decoded but is mostly control characters (a binary file); clean the rest."""
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:4096]) // 50):
        raise UndecodableError("binary data (control characters)")
    return Decoded(clean(text), encoding, replaced)
