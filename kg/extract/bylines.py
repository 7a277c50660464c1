"""Bylines: who wrote, reported and photographed an article, read off the page layout.

Credits stand in a few places of an article, whatever the paper:

* a dateline opening a paragraph, with its credits in brackets or after it:
  ``本报讯(记者 白莹)``, ``河北工人报讯（记者 X 通讯员 Y）``, ``新华社北京5月20日电（记者 X、Y）``,
  ``本报讯 记者X 报道`` — the source (本报, 河北工人报, 新华社) is the reporters' organization;
  ``据新华社电`` names a source in the body;
* a paragraph that opens with its credits in brackets: ``（记者 X）6月8日上午，…``;
* a credit line or sentence: ``记者 X 报道``, ``文/图 X``, ``作者：X``, ``■本报记者 X``,
  ``本报记者 X 摄影报道``, ``X/摄``, ``（X 摄）``.

A credit is role words (``credit_roles.tsv``: 记者, 通讯员, 文/图, 摄 …) and the names they
govern; a photo credit keeps the person's own role (``通讯员 Y 摄``: correspondent and
photographer). Names are split at spaces and 、; where they run on into the text (``本报讯
记者X 日前，…``), a name ends where the tagger ended it, and a time word is no name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kg.extract.component import Component, register
from kg.extract.doc import Doc, Sent
from kg.extract.lexicon import data_rows, surnames
from kg.model import Byline, Kind, Mention, Position
from kg.read.patterns import (
    BULLETS,
    CREDIT_LINE,
    CREDIT_MARKS,
    DATELINE,
    NAMES_CREDIT,
    PAPER,
    PHOTO_LINE,
    POSTFIX_ROLE,
)

_BRACKETED = re.compile(r"\s*[(（](?P<body>[^()（）]{2,60})[)）]")
_END_CREDIT = re.compile(r"[(（](?P<body>[^()（）]{2,40})[)）]\s*$")
_QUOTED_SOURCE = re.compile(r"据(?P<source>[\u4e00-\u9fff]{1,10}?(?:日报|晚报|报|网|社|台|客户端))(?:讯|电|消息|报道)")
_NAME = re.compile(r"^[\u4e00-\u9fff][\s\u3000]?[\u4e00-\u9fff]{1,3}$|^[\u4e00-\u9fff]{1,8}(?:[·•][\u4e00-\u9fff]{1,8})+$")
_SEPARATORS = re.compile(r"\s{2,}|[、，,]|和(?=[\u4e00-\u9fff])|\s(?=\S{2})")  # (not the 和 ending 苏和 摄)
_GAP = re.compile(rf"[\s、，,和:：/／｜|{BULLETS}()（）]*")
_PHOTO = ("摄影报道", "摄影", "摄")
_REPORTED = "报道"


@dataclass(frozen=True, slots=True)
class CreditRole:
    roles: tuple[str, ...]
    title: str | None


@functools.cache
def credit_roles() -> dict[str, CreditRole]:
    return {word: CreditRole(() if roles == "-" else tuple(roles.split(",")), None if title == "-" else title)
            for word, roles, title in data_rows("credit_roles.tsv")}


@functools.cache
def _role_words() -> re.Pattern:
    """Role words that open a credit, the paper before them (本报, 浙江日报) in group ``paper``: 文, 图,
    作者 and 编辑 need their mark (文/, 作者：), 文/图 may have one."""
    alternatives = []
    for word in sorted((w for w in credit_roles() if w not in _PHOTO), key=len, reverse=True):
        pattern = re.escape(word).replace("/", r"\s*[/／｜|]\s*")
        if len(word) == 1 or word.endswith(("作者", "编辑", "撰文")):
            pattern += rf"\s*[{CREDIT_MARKS}]"
        elif "/" in word:
            pattern += rf"\s*[{CREDIT_MARKS}]?"
        alternatives.append(pattern)
    alternatives.append(rf"摄影\s*[{CREDIT_MARKS}]")  # 摄影：张三 (after a name, 摄 and 摄影 are marks: 张三 摄)
    return re.compile(rf"(?P<paper>{PAPER})?(?:{'|'.join(alternatives)})")


def _role_of(word: str) -> CreditRole:
    """The role a matched role word (its paper left out) gives (``文 /`` and ``文｜`` → 文)."""
    word = re.sub(r"\s", "", word).replace("／", "/").replace("｜", "/").replace("|", "/").rstrip("：:")
    return credit_roles()[word[:-1] if word.endswith("/") else word]


@dataclass(frozen=True, slots=True)
class Credit:
    person: Mention
    roles: tuple[str, ...]
    title: str | None
    paper: Mention | None  # the organization of a reporter: the dateline's source, or 本报 in 本报记者


@dataclass(slots=True)
class _Group:
    """Names under one role word (or under none), and whether a photo mark follows them."""

    role: CreditRole | None
    paper: Mention | None
    names: list[Mention]
    photographed: bool = False


@register("bylines")
class BylineReader(Component):
    """Proposes the credited names (source ``byline``, which no other proposal overrides)
    and the papers named, and records who did what."""

    def match(self, doc: Doc) -> tuple[list[Credit], list[Mention]]:
        credits: list[Credit] = []
        papers: list[Mention] = []
        for sent in doc.sents:
            found, paper = self._in_sentence(doc, sent)
            credits += found
            for mention in (paper, *(c.paper for c in found)):
                if mention is not None and mention not in papers:
                    papers.append(mention)
            for source in _QUOTED_SOURCE.finditer(sent.text):
                papers.append(doc.mention(sent.start + source.start("source"), sent.start + source.end("source"),
                                          Kind.ORGANIZATION, "byline"))
        return credits, papers

    def set_annotations(self, doc: Doc, found: tuple[list[Credit], list[Mention]]) -> None:
        credits, papers = found
        doc.proposals += papers + [c.person for c in credits]
        for credit in credits:
            evidence = doc.evidence(doc.sentence_of(credit.person.start))
            for role in credit.roles:
                doc.bylines.append(Byline(credit.person, role, evidence))
            if credit.title:
                title = Mention(credit.person.start, credit.person.start, Kind.TITLE, credit.title, "byline")
                org = credit.paper if {"reporter", "correspondent"} & set(credit.roles) or "记者" in credit.title else None
                doc.positions.append(Position(credit.person, title, org, evidence))

    def _in_sentence(self, doc: Doc, sent: Sent) -> tuple[list[Credit], Mention | None]:
        text = sent.text
        body = text.rstrip("。 ")
        if PHOTO_LINE.match(body) or CREDIT_LINE.match(body):
            return self._credits(doc, sent, 0, len(body), None, whole=True), None
        if sent.paragraph_start:
            dateline = DATELINE.match(text)
            if dateline:
                paper = doc.mention(sent.start, sent.start + dateline.end("source"), Kind.ORGANIZATION, "byline")
                return self._after(doc, sent, dateline.end(), paper), paper
            bracket = _BRACKETED.match(text)
            if bracket and _role_words().match(text, bracket.start("body")):
                return self._credits(doc, sent, bracket.start("body"), bracket.end("body"), None, whole=True), None
            if _role_words().match(text, len(_GAP.match(text).group())):
                return self._credits(doc, sent, 0, len(text), None, whole=False), None
        if sent is doc.sents[-1] and NAMES_CREDIT.match(body) and body[1] in surnames():  # closing （某某）: the writer
            return self._credits(doc, sent, 1, len(body) - 1, None, whole=True, role=_role_of("作者")), None
        end = _END_CREDIT.search(text)
        if end:
            return self._credits(doc, sent, end.start("body"), end.end("body"), None, whole=True), None
        return [], None

    def _after(self, doc: Doc, sent: Sent, offset: int, paper: Mention) -> list[Credit]:
        """The credits after a dateline: in brackets, or running on into the text."""
        offset += len(re.match(r"[\s:：]*", sent.text[offset:]).group())
        bracket = _BRACKETED.match(sent.text, offset)
        if bracket:
            return self._credits(doc, sent, bracket.start("body"), bracket.end("body"), paper, whole=True)
        return self._credits(doc, sent, offset, len(sent.text), paper, whole=False)

    def _credits(self, doc: Doc, sent: Sent, start: int, end: int, paper: Mention | None, *,
                 whole: bool, role: CreditRole | None = None) -> list[Credit]:
        """The credits in ``sent.text[start:end]``. ``whole``: the span holds nothing but
        credits (a bracket, a credit line); otherwise they end where the names stop, and
        names under no role word are not taken. ``role``: that of names before any role word."""
        text = sent.text
        groups: list[_Group] = [_Group(role, paper, [])] if role else []
        position = start
        while position < end:
            if not whole and text[position] in "(（":
                break  # 作者：宋立平（作者单位：…）: the credit is over
            position += _GAP.match(text, position, end).end() - position
            if position >= end:
                break
            word = _role_words().match(text, position, end)
            if word:
                own_paper = paper
                if word["paper"]:
                    own_paper = doc.mention(sent.start + word.start("paper"), sent.start + word.end("paper"),
                                            Kind.ORGANIZATION, "byline")
                role = _role_of(word.group()[len(word["paper"] or "") :])
                if groups and not groups[-1].names and groups[-1].role:  # 图 / 本报通讯员 翟亮: both
                    earlier = groups.pop().role
                    role = CreditRole(tuple(dict.fromkeys(earlier.roles + role.roles)), role.title or earlier.title)
                groups.append(_Group(role, own_paper, []))
                position = word.end()
                continue
            mark = next((p for p in (*_PHOTO, _REPORTED) if text.startswith(p, position)), None)
            if mark and groups and groups[-1].names:
                groups[-1].photographed |= mark in _PHOTO
                position += len(mark)
                continue
            unit = next((m for m in doc.proposed_in(sent) if m.kind == Kind.ORGANIZATION
                         and m.start - sent.start == position and m.end - sent.start < end), None)
            if unit is not None and groups and groups[-1].role and not groups[-1].names:
                position = unit.end - sent.start  # 供稿：某研究院 何某: the credited person's unit
                continue
            name_end = self._name_end(doc, sent, position, end, whole)
            if name_end is None:
                break
            if not groups or (groups[-1].photographed and groups[-1].names):
                groups.append(_Group(None, paper, []))
            person = doc.mention(sent.start + position, sent.start + name_end, Kind.PERSON, "byline")
            if re.search(r"\s", person.text):  # 王　娟: a name spaced out to fill the column
                person = Mention(person.start, person.end, Kind.PERSON, re.sub(r"\s", "", person.text), "byline")
            groups[-1].names.append(person)
            position = name_end
            if text.startswith(("/摄", "／摄"), position):
                groups[-1].photographed = True
                position += 2
            elif postfix := POSTFIX_ROLE.match(text, position, end):  # 王浩/文 陈立新/图: the name's own role
                role = _role_of(re.sub(r"\s", "", postfix["word"]))
                if groups[-1].role is not None:
                    role = CreditRole(tuple(dict.fromkeys(groups[-1].role.roles + role.roles)), groups[-1].role.title)
                groups[-1].role = role
                groups.append(_Group(None, paper, []))
                position = postfix.end()
        return [credit for group in groups for credit in _group_credits(group, whole)]

    def _name_end(self, doc: Doc, sent: Sent, start: int, end: int, whole: bool) -> int | None:
        """End of the name that starts at ``start``: the run of characters up to the next
        separator when it is shaped like a name, else (a name run on into the text) the
        tagger's person span there. Outside brackets a name the tagger did not find must open
        with a surname and be no time word (日前) or other dictionary word (记者问她, 记者日前)."""
        piece = _SEPARATORS.split(sent.text[start:end], maxsplit=1)[0]
        piece = re.split(rf"[/／｜|(（)）：:，,。；;{BULLETS}]", piece, maxsplit=1)[0].rstrip()
        for suffix in (*_PHOTO, _REPORTED, *credit_roles()):
            if piece.endswith(suffix) and _NAME.match(piece[: -len(suffix)].rstrip()):
                piece = piece[: -len(suffix)].rstrip()
                break
        tagged = [m.end - sent.start for m in doc.proposed_in(sent)
                  if m.kind == Kind.PERSON and m.source == "tagger" and m.start == sent.start + start
                  and m.end <= sent.start + end]
        if _NAME.match(piece) and (whole or tagged or (piece[0] in surnames() or piece[:2] in surnames())
                                   and not _is_time_or_word(sent, start, start + len(piece))):
            return start + len(piece)
        return max(tagged) if tagged else None


def _group_credits(group: _Group, whole: bool) -> list[Credit]:
    roles = group.role.roles if group.role else ()
    if group.photographed and "photographer" not in roles:
        roles = (*roles, "photographer")
    if group.role is None and not (whole or group.photographed):
        return []
    if not roles and group.role is None:
        return []
    return [Credit(name, roles, group.role.title if group.role else None, group.paper) for name in group.names]


def _is_time_or_word(sent: Sent, start: int, end: int) -> bool:
    """Is ``sent.text[start:end]`` a time (日前, 昨天上午) or a dictionary word that is no name?"""
    inside = [(s, e, pos) for s, e, pos in sent.words if start <= s and e <= end]
    if any(pos in ("t", "m") for _, _, pos in inside):
        return True
    return len(inside) == 1 and inside[0][:2] == (start, end) and not inside[0][2].startswith("nr") \
        and inside[0][2] != "x"
