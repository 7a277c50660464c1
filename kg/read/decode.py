"""Bytes of a page file → text: UTF-8 (with or without BOM), UTF-16, GB18030/GBK."""

from __future__ import annotations

import codecs
import re

_CJK = re.compile(r"[\u4e00-\u9fff]")


class UndecodableError(ValueError):
    """The bytes are binary or in no encoding kg reads."""


def decode(data: bytes) -> str:
    """Decode a page file; raise :class:`UndecodableError` for binary or unknown bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[len(codecs.BOM_UTF8) :].decode("utf-8"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(_try(data, "utf-16"))
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(utf16)
    if b"\x00" in data:
        raise UndecodableError("binary data (NUL bytes)")
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise UndecodableError("not UTF-8, UTF-16 or GB18030 text")


def _try(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodableError(f"invalid {encoding}") from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL in every other byte of ASCII and CJK text alike."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    for encoding, nuls in (("utf-16-be", even_nuls), ("utf-16-le", odd_nuls)):
        if nuls > half * 0.3:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            if _CJK.search(text) or text.isprintable():
                return text
    return None


def _checked(text: str) -> str:
    """Reject text that decoded but is mostly control characters (a binary file)."""
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:4096]) // 50):
        raise UndecodableError("binary data (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")
