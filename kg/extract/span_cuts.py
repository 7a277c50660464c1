"""Where a span the tagger read runs over something no name holds: the verbs that report,
organize or go to an event, 联合 and the like, 所属 and 旗下, list marks, a dash after a whole
organization, the copula 是, an open bracket or quote (``without_verbs``)."""

from __future__ import annotations

import re

from kg.extract.doc import Sent
from kg.extract.lexicon import OWNING, ends_with, org_suffixes, unit_suffixes
from kg.extract.words import UNKNOWN_POS
from kg.model import Kind

_JOINT = frozenset({"联合", "携手", "会同"})  # A联合B举办: two organizations
_LIST_MARKS = "、，,；;。"
_JOINT_BODY = re.compile(r"联合(?:研究院|研究中心|创新中心|实验室|工作站)")  # a body two parties set up together
_DASH = "—"  # 甲医院—乙医院紧密型医联体: two organizations joined, when the first is whole


def without_verbs(sent: Sent, start: int, end: int, kind: Kind) -> list[tuple[int, int]]:
    """A span cut at the verbs of ``verbs.tsv`` that report, organize or go to an event, at 联合
    and the like, at 所属 and 旗下 (中国某集团|所属|某有限公司), at list marks inside it, and at a
    dash after a whole organization (甲医院|—|乙医院): a name never holds one (北京市总工会|召开|
    党组理论学习中心组, 市市场监管局|联合|市消费者权益保护委员会, 北京市劳动模范|、|钢筋班), the tagger
    may run over it.
    An organization's name also ends where a verb follows one of its suffixes, and no verb opens
    one (宁波市人民政府|签约|共建|宁波研究院), and before a verb that starts inside it and runs on
    past it (中建二局工会|组织开展)."""
    pieces, left = [], start
    cuts = [(p, v.word) for p, v in sent.verbs if v.reports_before or v.organizes or v.motion]
    cuts += [(s, sent.text[s:e]) for s, e, _ in sent.words if sent.text[s:e] in _JOINT or sent.text[s:e] in OWNING]
    if kind == Kind.ORGANIZATION:
        cut_end = None
        for s, e, pos in sent.words:
            if start < s and e < end and pos == "v" and (
                    s == cut_end or sent.text[start:s].endswith(org_suffixes())):
                if _opens_field(sent, s, end):
                    continue  # 某医学会|急诊医学分会, 某医院|急诊医学科: the branch or unit of a field, one name
                cuts.append((s, sent.text[s:e]))
                cut_end = e
        # 某工会|组织开展: a name never ends inside a verb that runs on past it
        end = min([p for p, v in sent.verbs if start < p < end < p + len(v.word)
                   and (v.reports_before or v.organizes)] + [end])
    joint_body = _JOINT_BODY.search(sent.text, start, end) if kind == Kind.ORGANIZATION else None
    joint = joint_body is not None and joint_body.end() == end  # 甲大学—乙公司…联合研究院: one body of both
    for position, word in sorted(cuts):
        stop = position + len(word)
        if joint and position == joint_body.start():
            continue
        if start <= position and stop < end and any(
                s == position and e == stop and (pos.startswith(("v", "p", "c")) or word in OWNING)
                for s, e, pos in sent.words):
            pieces.append((left, position))
            left = stop
    for position in range(start, end):  # 北京市劳动模范、钢筋班: a list, not one name
        if (sent.text[position] in _LIST_MARKS or (sent.text[position] == _DASH and kind == Kind.ORGANIZATION
                                                  and not joint and sent.text[left:position].endswith(org_suffixes()))) \
                and left <= position:
            pieces.append((left, position))
            left = position + 1
    pieces.append((left, end))
    pieces = _at_copulas(sent, pieces, kind)
    if kind == Kind.ORGANIZATION:
        pieces = [piece for s, e in pieces for piece in _before_open_bracket(sent.text, s, e)]
        # 某车间，|听取|公司: a piece after a cut does not open with a verb
        verbs_at = {s: e for s, e, pos in sent.words if pos == "v" and e - s >= 2}
        pieces = [(verbs_at[s], e) if s > start and verbs_at.get(s, e) < e else (s, e) for s, e in pieces]
        # 某某|带队: a name ends before a listed verb that jieba read as a noun and that ends the span
        nouns = {(s, e) for s, e, pos in sent.words if pos != "v"}
        listed = {p + len(v.word): p for p, v in sent.verbs if len(v.word) >= 2 and (p, p + len(v.word)) in nouns}
        pieces = [(s, listed[e]) if e in listed and listed[e] > s else (s, e) for s, e in pieces]
        # 广州新就业形态劳动者集中|入会: a clause, no name ends in a verb
        verb_ends = {e for s, e, pos in sent.words if pos == "v" and e - s >= 2 and sent.text[s:e] not in org_suffixes()}
        pieces = [(s, e) for s, e in pieces if e not in verb_ends  # nor a piece of a verb: 某大学|联合|主办
                  and not any(p <= s and e <= p + len(v.word) for p, v in sent.verbs)]
        pieces = [piece for s, e in pieces if (piece := _before_open_quote(sent.text, s, e)) is not None]
        # 选举产生新一届|市总工会委员会; not 某联合会第一届委员会, a body's term
        pieces = [(max([s] + [s + m.end() for m in _TERM.finditer(sent.text[s:e]) if m.end() < e - s
                              and not ends_with(sent.text[s : s + m.start()], org_suffixes())]), e)
                  for s, e in pieces]
    return [(s, e) for s, e in pieces if e - s >= 2]


def _before_open_bracket(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An organization's span cut at a bracket it opens and does not close (诸葛某（高三数学|教师）:
    the tagger ran from a name into the post bracketed after it): what comes before, and what
    comes after only if that is a name with an organization's ending."""
    bracket = next((i for i in range(start, end) if text[i] in "（("), None)
    if bracket is None or re.search(r"[)）]", text[bracket:end]):
        return [(start, end)]
    after = [(bracket + 1, end)] if ends_with(text[bracket + 1 : end], org_suffixes()) else []
    return [(start, bracket), *after]


def _before_open_quote(text: str, start: int, end: int) -> tuple[int, int] | None:
    """An organization's span without an opening quote it does not close (黔东南州“金秋助学: the
    tagger ran into the quoted name of a campaign): what comes before the quote, if that is a
    name with an organization's ending, else nothing."""
    quote = text.find("“", start, end)
    if quote < 0 or "”" in text[quote:end]:
        return start, end
    return (start, quote) if ends_with(text[start:quote], org_suffixes()) else None


_TERM = re.compile(r"(?:新一|上一|下一|本|首|第[一二三四五六七八九十百零〇\d]+)届")
_BRANCHES = ("专业委员会", "分会")  # a society's branch, named by its field


def _opens_field(sent: Sent, start: int, end: int) -> bool:
    """Does the verb at ``start`` open the name of a unit or a society's branch running to
    ``end``, with no other verb: a field of work (急诊|医学科, 康复|医学分会: jieba reads 急诊,
    康复 as verbs)?"""
    rest = sent.text[start:end]
    return rest.endswith(_BRANCHES + unit_suffixes()) and not any(
        start < s and e <= end and pos == "v" for s, e, pos in sent.words)


def _at_copulas(sent: Sent, pieces: list[tuple[int, int]], kind: Kind) -> list[tuple[int, int]]:
    """Pieces cut at the copula 是, a word of its own or the last character of a word jieba
    does not know (领衔人马骏|是|公司…, jieba: 人马|骏是): no name holds it. What ran up to it
    is no organization unless it ends like one."""
    copulas = {e - 1 for s, e, pos in sent.words if sent.text[e - 1] == "是" and (e - s == 1 or pos == UNKNOWN_POS)}
    cut: list[tuple[int, int]] = []
    for start, end in pieces:
        for copula in sorted(c for c in copulas if start < c < end - 1):
            if kind != Kind.ORGANIZATION or ends_with(sent.text[start:copula], org_suffixes()):
                cut.append((start, copula))
            start = copula + 1
        cut.append((start, end))
    return cut
