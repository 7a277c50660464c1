"""The one overlap policy: which of all proposed spans become the article's mentions.

Policy ``sure_then_confident``:

1. Proposals are ranked by their source's tier — ``byline`` (the credits of a dateline, read
   off the page layout), then ``grammar`` (spans a pattern fixes exactly: honors in context,
   quoted names), then everything statistical or looked up (``tagger``, ``gazetteer``,
   ``lexicon``) — then by score (the tagger's mean label probability; a gazetteer's full
   division name is surer than its short form), then by length, longest first.
2. In that order a proposal is kept unless it overlaps a kept one. Two spans may overlap only
   when one lies wholly inside the other and the pair is in ``NESTABLE``: the division that
   opens an organization's name (北京市 in 北京市总工会) and the person a unit is named after
   (苗兴光 in 苗兴光创新工作室: ``eponym_units.txt``) stay beside the organization.

3. A proposal that names a class, not one of its members, is not kept: an organization's
   (工会, 各级工会, 基层工会服务站: ``org_generic.txt``, ``org_generic_prefixes.txt``, but not
   a department so named, 基层工作部; a bare
   class noun, 医院, unless the references grammar made it one, 该院) or a title that is a class
   of people (职工, 市领导, 职工代表: ``person_classes.txt``). Nor is an organization whose name
   ends with an event's head (…推进会, …培训班: ``event_heads.tsv``) and no organization's, nor
   one that lists kinds with 等 (法律援助等服务台; in 32,000 organization names of the training
   corpora 等 stands only in 高等, 中等 and 平等), nor a committee a congress elects (选举产生新一届
   工会委员会和经费审查委员会: its body's organs).

Choosing runs one sentence at a time, so its cost is bounded by the sentence (the reader cuts
overlong ones), not by the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.extract.component import Component, register
from kg.extract.doc import Doc, Sent
from kg.extract.lexicon import (
    ends_with,
    eponym_units,
    event_head_of,
    org_class_nouns,
    org_generic,
    org_generic_prefixes,
    org_suffixes,
    person_classes,
    unit_suffixes,
)
from kg.model import Kind, Mention

TIER = {"byline": 0, "grammar": 1}
_DELEGATES = ("人大代表", "党代表", "党代会代表")  # elected posts
STATISTICAL_TIER = 2
_BOTH = frozenset({"联赛", "论坛", "峰会"})  # heads of events that also name the bodies holding them
NESTABLE = frozenset({(Kind.PLACE, Kind.ORGANIZATION), (Kind.PERSON, Kind.ORGANIZATION)})
_LISTING = re.compile(r"(?<![高中初平])等")  # 法律援助等服务台 lists kinds; 高等学校, 中等专业学校 name one
# 选举产生新一届工会委员会和经费审查委员会: the committees a congress elects are its body's organs, no
# organizations of their own
_COMMITTEE = re.compile(r"(?:第[一二三四五六七八九十\d]+届)?委员会$")
_ELECTED = re.compile(r"选举产生了?(?:新一届)?(?P<bodies>[^，,。；;]*?委员会(?:(?:和|、|及)[^，,。；;]*?委员会)*)")


def rank(mention: Mention) -> tuple[int, float, int, int]:
    return (TIER.get(mention.source, STATISTICAL_TIER), -mention.score, mention.start - mention.end, mention.start)


def compatible(inner: Mention, outer: Mention) -> bool:
    """May these two overlapping spans both be kept?"""
    if inner.start <= outer.start and outer.end <= inner.end:
        inner, outer = outer, inner
    if not (outer.start <= inner.start and inner.end <= outer.end) or (inner.start, inner.end) == (outer.start, outer.end):
        return False
    if (inner.kind, outer.kind) == (Kind.PERSON, Kind.ORGANIZATION):  # 苗兴光|创新工作室, not 钱江|晚报
        return inner.start == outer.start and outer.text.endswith(eponym_units())
    return (inner.kind, outer.kind) in NESTABLE


def generic(mention: Mention) -> bool:
    """Does a proposal name a class of bodies (各级工会) or of people (职工代表)?"""
    if mention.kind == Kind.TITLE:  # a class of people, or someone standing for one (职工代表, 市领导)
        text = mention.text
        return text in person_classes() or (text.endswith(("代表", "领导")) and not text.endswith(_DELEGATES))
    return mention.kind == Kind.ORGANIZATION and mention.source != "grammar" and (  # 该公司 is a reference
        mention.text in org_generic() or mention.text in org_class_nouns() or _names_class(mention.text)
        or names_event(mention.text) or _LISTING.search(mention.text) is not None)


def _names_class(name: str) -> bool:
    """Does a name open with a word for a class of bodies (各, 基层, 所属) and name no unit of its
    own? 基层工作部 is a department: two characters or more before its unit's ending; 所属车间 and
    各科室 are not."""
    prefix = next((p for p in org_generic_prefixes() if name.startswith(p)), None)
    if prefix is None:
        return False
    rest = name[len(prefix) :]
    unit = ends_with(rest, unit_suffixes())
    return unit is None or len(rest) - len(unit) < 2 or rest.startswith(org_generic_prefixes())


def names_event(name: str) -> bool:
    """Is a name the tagger read as an organization's an event's (…改革推进会, …技能培训班)? Its
    head is an event's and no organization's; leagues and forums (联赛, 论坛) are both."""
    head = event_head_of(name)
    return head is not None and head not in _BOTH and not ends_with(name, org_suffixes())


def choose(proposals: Iterable[Mention]) -> list[Mention]:
    """The kept proposals of one sentence, in text order."""
    kept: list[Mention] = []
    for mention in sorted((p for p in set(proposals) if not generic(p)), key=rank):
        if all(other.end <= mention.start or mention.end <= other.start or compatible(mention, other)
               for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end, m.kind))


def _without_elected(doc: Doc, sent: Sent, proposals: list[Mention]) -> list[Mention]:
    """The proposals less the committees a congress elects (选举产生新一届工会委员会和经费审查委员会:
    its body's organs, no organizations of their own); one named with its body (公司工会|第五届委员会)
    is that body."""
    elected = [(sent.start + m.start("bodies"), sent.start + m.end("bodies")) for m in _ELECTED.finditer(sent.text)]
    if not elected:
        return proposals
    kept = []
    for proposal in proposals:
        if proposal.kind == Kind.ORGANIZATION and proposal.text.endswith("委员会") and \
                any(s <= proposal.start and proposal.end <= e for s, e in elected):
            body = _COMMITTEE.sub("", proposal.text)
            if len(body) >= 2 and ends_with(body, org_suffixes()):
                kept.append(doc.mention(proposal.start, proposal.start + len(body), proposal.kind, proposal.source,
                                        proposal.score))
            continue
        kept.append(proposal)
    return kept


@register("overlap")
class OverlapFilter(Component):
    """Chooses the document's mentions from every proposal, one sentence at a time."""

    def match(self, doc: Doc) -> list[Mention]:
        chosen: list[Mention] = []
        for sent in doc.sents:
            chosen += choose(_without_elected(doc, sent, doc.proposed_in(sent)))
        return chosen

    def set_annotations(self, doc: Doc, found: list[Mention]) -> None:
        doc.mentions = found
