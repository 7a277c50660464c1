"""Posts and honors written around a person's name: a grammar over the chosen mentions.

An appositive chain stands before a name::

    chain   := element (SEP element)* PERSON
    element := HONOR [代表] | [ORGANIZATION [的]] TITLE [(insert)]
    SEP     := 、 | ， | , | 和 | 及 | 兼

``北京市总工会党组书记、副主席张良`` gives two posts at one organization: a title with no
organization of its own shares the one of the post before it in the chain. A ``，`` carries
the chain on only into a clause that is nothing but chain elements and names an
organization or an honor (``朝阳区人大常委会党组副书记、副主任,区总工会主席张克斌``), so a clause
like ``会上，`` ends it. The name ends where the tagger ended it, whatever follows.

Posts are also read after a name: a title right after it (``习近平总书记``, ``张良书记``), and
the posts a verb of appointment gives (``张某任某公司总经理``, ``当选为…主席``, ``verbs.tsv``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract import gazetteer
from kg.extract.component import Component, register
from kg.extract.doc import Doc, Sent
from kg.extract.honors import AS_CLAUSE, canonical, named_awards
from kg.extract.lexicon import (
    ORG_BODIES,
    OWNING,
    SCHOOL_GRADE,
    class_noun_reference,
    department_suffixes,
    ends_with,
    honor_heads,
    is_occupation,
    is_team,
    ministries,
    org_class_nouns,
    org_generic,
    org_suffixes,
    professional_ranks,
    team_heads,
    title_class,
    title_heads,
    unit_nouns,
    unit_suffixes,
    verb_at,
    with_unit_after,
    without_rank,
)
from kg.extract.shifts import is_crew
from kg.model import Award, Kind, Mention, Position

CHAIN_KINDS = (Kind.PERSON, Kind.TITLE, Kind.ORGANIZATION, Kind.HONOR)
_SEPARATOR = re.compile(r"^\s*(?:[、，,]|和|及|兼|并兼任|兼任)\s*$")
_ORG_TO_TITLE = re.compile(r"^(?:的|[”\"」]?[)）])?$")  # 某公司的董事长; 某公司（以下简称“某”）董事长
_SHORT_NAME_OPENS = re.compile(r"^\s*[(（](?:以下)?简称[“\"「]?$")  # the short name of the organization before
_OWNER = re.compile(rf"^[\u4e00-\u9fff]{{1,8}}(?:{'|'.join(OWNING)})$")  # 任|集团所属|某公司董事长
_INSERT = re.compile(r"^\s*[(（][^()（）]{1,8}[)）]\s*(?:、|和|及|兼)?\s*$")  # 副主席（兼职）, 副主席（兼职）、
_AFTER_HONOR = re.compile(r"^\s*(?:代表)?\s*$")
_DELEGATE_LISTED = re.compile(r"^\s*代表\s*(?:、|和|及)\s*$")  # 某奖章获得者代表、某公司数控车工、张某
_LISTED = ("、", "和", "及")
_POSSESSED = re.compile(r"(?:我|你|他|她|我们|他们|她们|咱们)的$")  # 我的|老师: a relation, not a post
_PARTY_BODIES = ("党总支", "党支部", "党组", "党委", "纪委")
_PARTY_ORGS = ("党组", "党委", "党工委", "工委", "纪委", "政法委", "团委", "党总支", "党支部", "中央")
# A division's party committee (市委, 郯城县委, 团市委); not a government's commission (市卫健委, 发改委)
# nor a village's committee (村委)
_DIVISION_COMMITTEE = re.compile(r"[省市县区州盟旗镇乡]委$")
_PARTY_POSTS = ("书记", "常委", "委员", "成员")
# Bodies every organization has: a title that opens with one alone names no organization (党委书记).
_BARE_BODIES = frozenset({"党委", "党组", "工会", "纪委", "团委", "党支部", "党总支", "委员会", "常委会", "总工会"})
# Heads of a people's government, by the suffix of the division they lead (副市长 → 市).
_GOVERNMENTS = ("人民政府", "政府")  # how a page names a division's government (县人民政府, 市政府)
_GOVERNMENT_HEAD = re.compile(r"(?:常务)?[副代]?(?P<suffix>[省市县区州镇乡旗])长")  # 代市长: acting
MAX_RELEASE_GAP = 10  # characters from the name to 辞去 (张某因个人原因申请|辞去)
_CLAUSE_END = re.compile(r"$|[，,。；;！!？?”」）)]")
_APPOINTED_GAP = re.compile(r"^[，,\s]*(?:现|曾|此前|后|并|还|同时|又|先后|已)?$")


@dataclass(slots=True)
class Post:
    title: Mention
    org: Mention | None = None


@dataclass(slots=True)
class Chain:
    person: Mention
    posts: list[Post] = field(default_factory=list)
    honors: list[Mention] = field(default_factory=list)


@register("chains")
class ChainReader(Component):
    def match(self, doc: Doc) -> list[tuple[Sent, Chain]]:
        found = []
        for sent in doc.sents:
            in_sentence = doc.in_sentence(sent)
            mentions = [m for m in in_sentence if m.kind in CHAIN_KINDS and not _nested(m, in_sentence)]
            places = doc.in_sentence(sent, (Kind.PLACE,))
            previous: Chain | None = None
            for index, mention in enumerate(mentions):
                if mention.kind != Kind.PERSON or mention.source == "byline":
                    continue  # a credited name's post is its credit (bylines)
                chain = Chain(mention)
                _read_before(doc.text, mentions[:index], chain, sent.start, places)
                _read_title_after(doc.text, mentions, index, chain)
                _read_appointed(doc.text, mentions, index, chain, sent)
                if previous is not None and doc.text[previous.person.end : mention.start] in _LISTED:
                    _share(previous, chain)
                elif previous is not None and chain.posts and (
                        _follows(doc.text, previous, chain) or _same_unit_later(doc.text, previous, chain)):
                    _share_organization(previous, chain)
                elif previous is not None and chain.posts and _opens_clause(doc.text, chain):
                    _share_by_head(previous, chain, deputies_only=True)  # 主席张某主持会议，副主席李某…
                previous = chain
                if chain.posts or chain.honors:
                    found.append((sent, chain))
        return found

    def set_annotations(self, doc: Doc, found: list[tuple[Sent, Chain]]) -> None:
        known = set(doc.mentions)
        for sent, chain in found:
            evidence = doc.evidence(sent)
            institution = None  # the institution a head's title in the chain named (院长 → 某医院)
            held_at = None  # the organization of the chain's post before
            for post in chain.posts:
                title, org = _split_title(post)
                if _completes(org, post.org) and post.org in doc.mentions:  # 某医院心血管|内科主任: the
                    doc.mentions.remove(post.org)  # organization read short is the department named whole
                if (team := _team_head(doc, title, org)) is not None:
                    if org in doc.mentions:  # the team is no organization
                        doc.mentions.remove(org)
                    title, org = team
                elif (held := _unit_head(doc, title, org) or _division_body(doc, title, org)
                        or _regional_head(doc, title, org)) is not None:
                    title, org = held
                zone = _zone_committee(org, chain)
                if zone is not None and org in doc.mentions:  # the bare 管委会 is the zone's
                    doc.mentions.remove(org)
                org = zone or _completed(doc, org) or _government(doc, title, chain) or _headed(doc, title) \
                    or _workplace(doc, sent, title)
                if org is None and title.text in professional_ranks():
                    org = institution or held_at  # 院长、主任医师某某: the rank at the head's hospital;
                    # 某车间主任、高级工程师某某: at the unit of the post before it
                if title_class(title.text) is not None:
                    institution = org
                held_at = org
                unit = _unit_of_chain(org, title, chain)
                if unit is not org and org in doc.mentions:  # the bare 心内科 is the owner's
                    doc.mentions.remove(org)
                org = _rank_holder(title, unit)
                for mention in (org, _body_of(title, org)):
                    if mention is not None and mention not in known:
                        known.add(mention)
                        doc.mentions.append(mention)
                doc.positions.append(Position(chain.person, title, org, evidence))
            doc.awards += named_awards([Award(chain.person, honor, evidence) for honor in chain.honors])
        doc.positions = _without_repeats(doc.positions)
        doc.mentions.sort(key=lambda m: (m.start, m.end, m.kind))


def _completes(org: Mention | None, read: Mention | None) -> bool:
    """Is ``org`` the organization ``read`` completed by the start of its title, ``read`` being
    no name of its own (某医院心血管 → 某医院心血管内科; not 某公司 → 某公司总装车间)?"""
    return org is not None and read is not None and org.start == read.start and org.end > read.end \
        and not ends_with(read.text, org_suffixes())


def _without_repeats(positions: list[Position]) -> list[Position]:
    """The positions less a post read without an organization where the article names the same
    person with the same title at one (深圳某公司董事长张某… then 董事长张某提交辞职报告): the
    same post named again, not a second one."""
    placed = {(p.person.text, p.title.text) for p in positions if p.org is not None}
    return [p for p in positions if p.org is not None or (p.person.text, p.title.text) not in placed]


def _share(previous: Chain, chain: Chain) -> None:
    """A list after a chain: ``副市长张某、李某`` (李某 holds the posts and honors too), and
    ``市总工会主席刘某、副主席陈某`` (a deputy of the same post is of the same organization)."""
    if not chain.posts and not chain.honors:
        chain.posts = [Post(p.title, p.org) for p in previous.posts]
        chain.honors = list(previous.honors)
        return
    _share_by_head(previous, chain, deputies_only=False)


def _share_by_head(previous: Chain, chain: Chain, *, deputies_only: bool) -> None:
    """Posts without an organization take the one of the previous chain's post with the same
    head (副主席 → 主席's organization); with ``deputies_only``, only deputies do."""
    heads = {without_rank(p.title.text): p.org for p in previous.posts if p.org is not None}
    for post in chain.posts:
        head = without_rank(post.title.text)
        if post.org is None and head in heads and not (deputies_only and head == post.title.text):
            post.org = heads[head]


def _chain_start(chain: Chain) -> int:
    """Where the chain's first post starts (its organization, or the divisions before it)."""
    return min(_element_start(Post(p.title, p.org)) for p in chain.posts)


def _opens_clause(text: str, chain: Chain) -> bool:
    first = _chain_start(chain)
    return text[first - 1 : first] in ("，", ",")


def _follows(text: str, previous: Chain, chain: Chain) -> bool:
    """Does this chain follow the previous one right after its name and a comma (甲大学党委书记
    张某，党委副书记、校长李某)?"""
    return text[previous.person.end : _chain_start(chain)] in ("，", ",", "、")


def _completed(doc: Doc, org: Mention | None) -> Mention | None:
    """An organization read off the start of a title, completed to the one the article names
    whose name it ends (应急|管理部党委委员 → 应急管理部, named before) when the text before it
    reads the rest of that name."""
    if org is None or org.source != "grammar":
        return org
    for other in doc.mentions:
        missing = len(other.text) - len(org.text)
        if other.kind == Kind.ORGANIZATION and 0 < missing <= org.start and other.text.endswith(org.text) and \
                doc.text[org.start - missing : org.start] == other.text[:missing]:
            return Mention(org.start - missing, org.end, Kind.ORGANIZATION, other.text, "grammar", org.score)
    return org


def _headed(doc: Doc, title: Mention) -> Mention | None:
    """The institution a bare head's title names (院长, 副校长: ``title_classes.tsv``): the last
    organization of that kind the article named before it in its paragraph (某医院…院长邵某)."""
    endings = title_class(title.text)
    if endings is None or title.start == title.end:
        return None
    before = [institution for m in doc.mentions if m.kind == Kind.ORGANIZATION and m.end <= title.start
              and doc.article.start <= m.start and (institution := _institution_in(m, endings)) is not None]
    paragraph_start = _paragraph_start(doc, title.start)
    here = [m for m in before if m.start >= paragraph_start]
    if here:
        return here[-1]
    # named only in earlier paragraphs: the one the page names most often (an institution's own
    # page names itself throughout, a hospital where someone once worked once), the first of equals
    return max(before, key=lambda m: doc.text.count(m.text), default=None)


def _paragraph_start(doc: Doc, offset: int) -> int:
    return max((s.start for s in doc.sents if s.paragraph_start and s.start <= offset), default=doc.article.start)


def _opens_with_unit(title: Mention) -> str | None:
    """The unit's class noun a head's title opens with (车间|副主任), if it does."""
    noun = next((u for u in unit_nouns() if title.text.startswith(u)), None)
    return noun if noun is not None and without_rank(title.text[len(noun):]) in title_heads() else None


def _unit_head(doc: Doc, title: Mention, org: Mention | None) -> tuple[Mention, Mention] | None:
    """A head's title after a unit's bare class noun or opening with it (分厂|副厂长, 车间主任),
    and the unit: the last one of that class its paragraph names before it (在某公司熔炼车间，…与
    车间主任某某 → 主任 at 某公司熔炼车间)."""
    if org is not None:
        if org.text not in unit_nouns() or org.end != title.start or without_rank(title.text) not in title_heads():
            return None
        noun, head = org.text, title
    else:
        noun = _opens_with_unit(title)
        if noun is None:
            return None
        head = Mention(title.start + len(noun), title.end, Kind.TITLE, title.text[len(noun):], title.source,
                       title.score)
    paragraph_start = _paragraph_start(doc, title.start)
    for named in reversed(doc.mentions):
        if named.kind == Kind.ORGANIZATION and paragraph_start <= named.start and named.end <= (org or title).start:
            unit = _with_unit(doc.text, named)
            if unit.text.endswith(noun) and len(unit.text) > len(noun):
                return head, unit
    return None


def _team_head(doc: Doc, title: Mention, org: Mention | None) -> tuple[Mention, Mention | None] | None:
    """A production team's head (某车间钳工班|班长, 某公司电工班|组长 → 班组长) and the unit the team
    belongs to, which holds the post, the team being no organization: the unit its name opens
    with (某车间), else the last organization its paragraph names before it (在某公司总装车间，
    …装调班班长某某), else none."""
    if org is None or org.end != title.start or not is_team(org.text):
        return None
    if title.text in team_heads() or is_crew(org.text):  # a shift crew's member too (某车间甲班|炉长)
        head = title
    elif org.text.endswith("班") and "班" + title.text in team_heads():  # 电工班|组长
        head = Mention(title.start - 1, title.end, Kind.TITLE, "班" + title.text, title.source, title.score)
    else:
        return None
    owner = max((i for i in range(2, len(org.text) - 1) if not org.text[:i].endswith(("班", "班组")) and (
        ends_with(org.text[:i], department_suffixes()) or ends_with(org.text[:i], org_suffixes()))), default=0)
    if owner:
        return head, Mention(org.start, org.start + owner, Kind.ORGANIZATION, org.text[:owner], "grammar", org.score)
    paragraph_start = _paragraph_start(doc, org.start)
    unit = next((m for m in reversed(doc.mentions) if m.kind == Kind.ORGANIZATION and m is not org
                 and paragraph_start <= m.start and m.end <= org.start and not is_team(m.text)), None)
    return head, None if unit is None else _with_unit(doc.text, unit)


def _division_body(doc: Doc, title: Mention, org: Mention | None) -> tuple[Mention, Mention] | None:
    """A party post right after a division (宁夏回族自治区|党委书记), and the division's party
    body that holds it: 书记 at 宁夏回族自治区党委."""
    body = next((b for b in _PARTY_BODIES if title.text.startswith(b) and len(title.text) > len(b)), None)
    division = next((m for m in doc.mentions if m.kind == Kind.PLACE and m.end == title.start), None)
    if org is not None or body is None or division is None or not _is_division(division.text):
        return None
    holder = Mention(division.start, title.start + len(body), Kind.ORGANIZATION, division.text + body, "grammar",
                     division.score)
    return Mention(holder.end, title.end, Kind.TITLE, title.text[len(body):], title.source, title.score), holder


_REGIONAL_HEAD = re.compile(r"(?P<region>自治区)?(?P<title>(?:常务)?[副代]?主席)")  # an autonomous region's


def _regional_head(doc: Doc, title: Mention, org: Mention | None) -> tuple[Mention, Mention] | None:
    """自治区主席, 自治区|副主席, 广西壮族自治区|主席: 主席 at the region's people's government
    (自治区人民政府, which resolution names by the region the context gives)."""
    match = _REGIONAL_HEAD.fullmatch(title.text)
    if org is not None or match is None or title.end - title.start != len(title.text):
        return None
    if match["region"]:
        start = title.start + match.start("title")
        region = Mention(title.start, start, Kind.PLACE, "自治区", "grammar", title.score)
    else:
        start = title.start
        region = next((m for m in doc.mentions if m.kind == Kind.PLACE and m.end == start
                       and m.text.endswith("自治区")), None)
        if region is None:
            return None
    return (Mention(start, title.end, Kind.TITLE, match["title"], title.source, title.score),
            Mention(region.start, region.end, Kind.ORGANIZATION, region.text + "人民政府", "grammar", title.score))


def _with_unit(text: str, org: Mention) -> Mention:
    """The organization with the unit written right after it (某公司|总装车间), if one is."""
    end = with_unit_after(text, org.end)
    return org if end == org.end else Mention(org.start, end, Kind.ORGANIZATION, text[org.start : end], "grammar",
                                              org.score)


def _workplace(doc: Doc, sent: Sent, title: Mention) -> Mention | None:
    """The organization where a worker is met (在某公司生产车间，…与装配工李某亲切交谈): an
    occupation with no organization of its own, after a clause of its sentence that is 在 + that
    organization (4月30日，在某公司初制车间，…的制茶师某某)."""
    if not is_occupation(title.text):
        return None
    clauses = list(_AT_CLAUSE.finditer(sent.text, 0, title.start - sent.start))
    if not clauses:
        return None
    where = clauses[-1]
    clause_end = sent.start + where.end()
    return next((m for m in reversed(doc.in_sentence(sent, (Kind.ORGANIZATION,)))
                 if sent.start + where.start() < m.end <= clause_end), None)


_AT_CLAUSE = re.compile(r"(?:^|(?<=[，,；;]))在[^，,；;。]+(?=[，,；;])")  # 在某公司某车间, (a clause of its own)


def _rank_holder(title: Mention, org: Mention | None) -> Mention | None:
    """The organization a post is held at; a professional rank (主任医师, 高级技师) at the
    institution a unit belongs to (某医院|骨科 → 某医院, 某公司|压铸车间 → 某公司), which confers it,
    or a name cut inside its unit opens with (某医院心血管|内科主任、主任医师 → 某医院)."""
    if org is None or title.text not in professional_ranks() or (
            ends_with(org.text, unit_suffixes()) is None and ends_with(org.text, org_suffixes())):
        return org
    owner = max((i for i in range(2, len(org.text)) if ends_with(org.text[:i], org_suffixes())), default=0)
    if owner < 2:
        return org
    return Mention(org.start, org.start + owner, Kind.ORGANIZATION, org.text[:owner], "grammar", org.score)


def _institution_in(org: Mention, endings: tuple[str, ...]) -> Mention | None:
    """The organization of a kind (医院) an organization's name is or opens with (某医院|骨科)."""
    if class_noun_reference(org.text):
        return None
    if org.text.endswith(endings):
        return org
    end = max((found + len(e) for e in endings if (found := org.text.find(e)) > 0), default=0)
    if end < 2 or class_noun_reference(org.text[:end]):
        return None
    return Mention(org.start, org.start + end, Kind.ORGANIZATION, org.text[:end], "grammar", org.score)


def _unit_of_chain(org: Mention | None, title: Mention, chain: Chain) -> Mention | None:
    """A bare department in a chain after its organization's post is that organization's unit
    (某医院副院长兼|心内科|主任 → 某医院心内科); a …部 right before its post, unless a ministry
    (某市总工会副主席、|组织部|部长 → 某市总工会组织部). The mention spans the department."""
    unit = ends_with(org.text, unit_suffixes()) if org is not None else None
    if unit is None or len(org.text) > 6 or ends_with(org.text[:-1], org_suffixes()) or (
            unit == "部" and (org.end != title.start or org.text in ministries())):
        return org
    owner = next((p.org for p in chain.posts if p.org is not None and p.org.end <= org.start
                  and not ends_with(p.org.text, department_suffixes())), None)
    if owner is None or org.text.startswith(owner.text):
        return org  # (县委常委、|县委办公室|主任: the unit names its owner already)
    return Mention(org.start, org.end, Kind.ORGANIZATION, owner.text + org.text, "grammar", org.score)


_ZONE_COMMITTEES = ("管委会", "管理委员会")  # a development zone's administration, led with its 党工委


def _zone_committee(org: Mention | None, chain: Chain) -> Mention | None:
    """A bare 管委会 in the chain of the zone's 党工委 is that zone's (西咸新区党工委书记、管委会主任
    → 西咸新区管委会). The mention spans the bare noun; its text is the zone's committee."""
    if org is None or org.text not in _ZONE_COMMITTEES:
        return None
    for post in chain.posts:
        if post.org is not None and post.org.text.endswith("党工委") and len(post.org.text) > 3:
            return Mention(org.start, org.end, Kind.ORGANIZATION, post.org.text[:-3] + org.text, "grammar", org.score)
    return None


def _government(doc: Doc, title: Mention, chain: Chain) -> Mention | None:
    """The people's government a head of government with no organization leads, where its page
    names a government of that level (县人民政府, 县政府): the division
    of the title's level (市长: a 市; 临夏州 for 临夏回族自治州) that an organization of the chain opens
    with (杭州市委副书记、市长), else the last such division the article names before the title (…婺源县… 副县长). The
    mention spans the division; its text is the government's name."""
    level = _GOVERNMENT_HEAD.fullmatch(title.text)
    page = doc.article.page.text
    if level is None or not any(level["suffix"] + body in page for body in _GOVERNMENTS):
        return None  # a government the page never names is no organization of its (副省长 alone)
    gaz = gazetteer.load()
    chain_orgs = [p.org for p in chain.posts if p.org is not None]
    earlier = [m for m in doc.mentions if m.end <= title.start and m.kind in (Kind.PLACE, Kind.ORGANIZATION)]
    for mention in [*chain_orgs, *reversed(earlier)]:
        for end in range(len(mention.text), 1, -1):
            name = mention.text[:end]
            suffix = level["suffix"]
            if name.endswith(suffix) and any(d.name.endswith(suffix) for d in gaz.lookup(name) or gaz.lookup(name[:-1])):
                return Mention(mention.start, mention.start + end, Kind.ORGANIZATION, name + "人民政府", "grammar")
    return None


def _same_unit_later(text: str, previous: Chain, chain: Chain) -> bool:
    """Does this chain open a later clause of a sentence whose earlier chain named the
    article's own unit by its class noun (公司党委书记张某出席并讲话，总经理李某宣读…)?"""
    org = next((p.org for p in previous.posts if p.org is not None), None)
    if org is None or not _is_class_noun(org.text):
        return False
    return _opens_clause(text, chain)


def _is_class_noun(name: str) -> bool:
    """公司, 该院, 本公司党委: an organization named by its class noun."""
    core = re.sub(f"^(?:该|本|这家|这所)|(?:{'|'.join(_PARTY_BODIES)}|工会)$", "", name)
    return core in org_class_nouns()


def _share_organization(previous: Chain, chain: Chain) -> None:
    """Posts of a chain that name no organization are at the previous chain's; not at a party
    committee unless they are party posts, but at what it belongs to (校党委书记某、校长某)."""
    org = next((p.org for p in previous.posts if p.org is not None), None)
    if org is None:
        return
    for post in chain.posts:
        if post.org is None:
            post.org = org if _may_share(org, post.title) else _owner_of(org)


def _may_share(org: Mention, title: Mention) -> bool:
    """May a title without an organization take this one from the post before it? Not a party
    committee's for a post that is no party post (市委副书记、市长: the mayor is no committee's)."""
    if not org.text.endswith(_PARTY_ORGS) and not _DIVISION_COMMITTEE.search(org.text):
        return True
    # a division's party committee has a secretary-general (自治区党委常委、秘书长); a 党组 has none
    return title.text.endswith(_PARTY_POSTS) or (title.text == "秘书长" and _is_division_committee(org.text))


def _is_division_committee(name: str) -> bool:
    """Is ``name`` a division's party committee (市委, 郯城县委, 宁夏回族自治区党委)?"""
    return bool(_DIVISION_COMMITTEE.search(name)) or (name.endswith("党委") and _is_division(name[:-2]))


def _owner_of(body: Mention) -> Mention | None:
    """The organization a party body belongs to (校|党委, 某公司|党委), if the body's name gives it."""
    party = next((b for b in _PARTY_BODIES if body.text.endswith(b)), None)
    if party is None or body.text == party:
        return None
    owner = body.text[: -len(party)]
    if (len(owner) < 2 and owner not in org_class_nouns()) or _is_division(owner):
        return None  # (自治区|党委: a division's committee belongs to no organization)
    return Mention(body.start, body.end - len(party), Kind.ORGANIZATION, owner, "grammar", body.score)


def _owner_post(title: Mention, org: Mention) -> tuple[Mention, Mention | None]:
    """A party body's post as its owner's: 北京市总工会党组|书记 → 党组书记 at 北京市总工会; a
    body of no named owner (项目部党支部|书记) gives 党支部书记 at none; a division's body is
    the organization (某村党支部|书记)."""
    body = next((b for b in _PARTY_BODIES if org.text.endswith(b) and len(org.text) - len(b) >= 2), None)
    if body is None or org.end != title.start:
        return title, org
    owner_text = org.text[: -len(body)]
    if _is_division(owner_text):
        return title, org  # 某村党支部|书记: a division's party body is an organization of its own
    title = Mention(org.end - len(body), title.end, Kind.TITLE, body + title.text, title.source, title.score)
    if owner_text in org_generic():
        return title, None
    return title, Mention(org.start, org.end - len(body), Kind.ORGANIZATION, owner_text, org.source, org.score)


_GRASSROOTS = ("村", "社区", "镇", "乡", "街道", "嘎查", "苏木")  # divisions below the county; villages


_LEVEL_WORDS = frozenset(gazetteer.SUFFIXES.split("|"))  # 自治区党委: the division the paper is of


def _is_division(name: str) -> bool:
    """Is the name a division's (某村, 某镇, 兰考县, a bare 自治区), not an organization's?"""
    return (name.endswith(_GRASSROOTS) or name in _LEVEL_WORDS
            or any(d.name == name for d in gazetteer.load().lookup(name)))


def _body_of(title: Mention, org: Mention | None) -> Mention | None:
    """The body whose post a title is: 党委书记 at 某公司 is a post of 某公司党委, 工会主席 of
    某公司工会 (the party committee, group or union every organization may have)."""
    body = next((b for b in ORG_BODIES if title.text.startswith(b) and title.text != b), None)
    if org is None or body is None:
        return None
    return Mention(title.start, title.start + len(body), Kind.ORGANIZATION, org.text + body, "grammar", org.score)


def _split_title(post: Post) -> tuple[Mention, Mention | None]:
    """The title, and its organization: the one named before it, else a committee, a union or
    a department the title itself opens with (``市委书记`` → 书记 at 市委, ``区总工会主席`` → 主席
    at 区总工会, ``铸造车间焊工`` → 焊工 at 铸造车间)."""
    title = _bare_title(post.title)
    if post.org is not None:
        return _department_post(title, post.org)
    if title.start == title.end:
        return title, None
    for cut in range(len(title.text) - 1, 1, -1):
        org_part, rest = title.text[:cut], title.text[cut:]
        department = ends_with(org_part, department_suffixes()) and len(org_part) > 2
        if org_part in _BARE_BODIES or org_part in org_generic() or not (ends_with(org_part, org_suffixes())
                                                                         or department):
            continue
        if ends_with(rest, title_heads()) or (department and is_occupation(rest)):
            org = Mention(title.start, title.start + cut, Kind.ORGANIZATION, org_part, "grammar", title.score)
            return Mention(title.start + cut, title.end, Kind.TITLE, rest, title.source, title.score), org
    return title, None


def _department_post(title: Mention, org: Mention) -> tuple[Mention, Mention]:
    """A title that opens with a department, right after its organization, is a post of that
    department (某公司|人力资源部经理 → 经理 at 某公司人力资源部, 某集团|某项目部钢筋工 → 钢筋工 at
    某集团某项目部); a body every organization
    has (党委书记, 工会主席) stays the organization's post."""
    if org.end != title.start or title.text.startswith(ORG_BODIES) or len(title.text) != title.end - title.start:
        return title, org
    for cut in range(len(title.text) - 1, 1, -1):
        department, rest = title.text[:cut], title.text[cut:]
        if ends_with(department, department_suffixes()) and (without_rank(rest) in title_heads()
                                                             or is_occupation(rest)):
            unit = Mention(org.start, title.start + cut, Kind.ORGANIZATION, org.text + department, "grammar", org.score)
            return Mention(title.start + cut, title.end, Kind.TITLE, rest, title.source, title.score), unit
    return title, org


def _nested(mention: Mention, mentions: list[Mention]) -> bool:
    """Does the mention lie inside another (北京市 in 北京市总工会)?"""
    return any(o is not mention and o.start <= mention.start and mention.end <= o.end
               and (o.start, o.end) != (mention.start, mention.end) for o in mentions)


def _bare_title(title: Mention) -> Mention:
    """The title without a bracketed insert the tagger may have included (副主席（兼职）)."""
    bare = re.sub(r"[(（][^()（）]*[)）]", "", title.text)
    if bare == title.text:
        return title
    return Mention(title.start, title.end, title.kind, bare, title.source, title.score)


def _read_before(text: str, before: list[Mention], chain: Chain, sentence_start: int,
                 places: list[Mention]) -> None:
    """The chain elements that end right before the person, read leftwards one clause at a
    time: the clause that holds the name, then each clause before a ，that is all chain
    elements and names an organization or an honor."""
    elements: list[Mention | Post] = []  # nearest first
    index, position = len(before) - 1, chain.person.start
    clause, index = _clause_elements(text, before, index, position, places, first=True)
    if not clause:
        clause, index = _as_clause(text, before, index, chain.person.start, sentence_start, places)
    while clause:
        elements += clause
        left = _element_start(clause[-1], places)
        comma = re.search(r"[，,]\s*$", text[sentence_start:left])
        if comma is None or index < 0:
            break
        clause, next_index = _clause_elements(text, before, index, sentence_start + comma.start(), places,
                                              first=False)
        if not clause or not _clause_is_chain(text, clause, sentence_start, places):
            break
        index = next_index
    _attach(chain, elements[::-1])


def _as_clause(text: str, before: list[Mention], index: int, position: int, sentence_start: int,
               places: list[Mention]) -> tuple[list[Mention | Post], int]:
    """The elements of a clause 作为/身为 + chain elements + ， right before the name (作为全国劳模、
    某公司高级技师，张某…), nearest first, and the index of the mention left of them."""
    comma = re.search(r"[，,]\s*$", text[sentence_start:position])
    if comma is None:
        return [], index
    clause, left = _clause_elements(text, before, index, sentence_start + comma.start(), places, first=False)
    if not clause:
        return [], index
    start = _element_start(clause[-1], places)
    return (clause, left) if AS_CLAUSE.match(text, _clause_start(text, sentence_start, start)) else ([], index)


def _clause_elements(text: str, before: list[Mention], index: int, position: int, places: list[Mention], *,
                     first: bool) -> tuple[list[Mention | Post], int]:
    """The elements that end at ``position`` and run leftwards inside one clause, nearest
    first, and the index of the mention left of them."""
    found: list[Mention | Post] = []
    while index >= 0:
        mention = before[index]
        gap = text[mention.end : position]
        if not found:  # right before the name, or before a comma; 副主席（兼职）沈某: an insert too
            joined = (gap.strip() == "" or bool(_INSERT.match(gap))) if first else gap == ""
        else:
            joined = gap == "" or bool(_SEPARATOR.match(gap) and not re.search(r"[，,]", gap)) \
                or bool(_INSERT.match(gap))
        if mention.kind == Kind.HONOR and (joined or (not found and _AFTER_HONOR.match(gap) and first)
                                           or (found and _DELEGATE_LISTED.match(gap) and _names_one(mention))):
            found.append(mention)
            index -= 1
        elif mention.kind == Kind.TITLE and joined and not _POSSESSED.search(text, 0, mention.start):
            post = Post(mention)
            index -= 1
            if index >= 0 and before[index].kind == Kind.ORGANIZATION:
                org = before[index]
                if _ORG_TO_TITLE.match(text[org.end : mention.start]):
                    post.org = org
                    index -= 1
                elif _modifies_title(text, org.end, mention.start):
                    post.title = Mention(org.end, mention.end, Kind.TITLE, text[org.end : mention.end],
                                         mention.source, mention.score)
                    post.org = org
                    index -= 1
            found.append(post)
        elif mention.kind == Kind.HONOR and _AFTER_HONOR.match(gap) and found:
            found.append(mention)
            index -= 1
        else:
            break
        position = _element_start(found[-1], places)
    return found, index


def _names_one(honor: Mention) -> bool:
    """Does an honor name one award, more than a bare head (某省五一劳动奖章获得者, not 先进个人:
    受表彰的先进个人代表、某某 stands for those commended)?"""
    return canonical(honor.text) not in honor_heads()


def _modifies_title(text: str, start: int, end: int) -> bool:
    """Are the words between an organization and a title part of the title: a few characters
    the tagger left out, no verb, no punctuation (某分公司|电客车|司机, 某公司|副|总经理, 某厂|人力资源部|经理:
    a department is split off again by the post's reading)?"""
    gap = text[start:end]
    return 0 < len(gap) <= 5 and all("\u4e00" <= c <= "\u9fff" for c in gap) and gap not in ("的", "和", "与", "及", "兼") \
        and not any(verb_at(text, position) is not None for position in range(start, end))


def _element_start(element: Mention | Post, places: list[Mention] = ()) -> int:
    """Where a chain element starts: a post at its organization, and before the divisions
    written right before that (北京市|海淀区|某小学教师: the tagger may leave them out; 某省某县某镇|银匠)."""
    if not isinstance(element, Post):
        return element.start
    start = (element.org or element.title).start
    while division := next((p for p in places if p.end == start), None):
        start = division.start
    return start


def _clause_start(text: str, sentence_start: int, position: int) -> int:
    """Where the clause holding ``position`` starts: after the last clause mark before it."""
    return max(max(text.rfind(mark, sentence_start, position) for mark in "，,。；;：:") + 1, sentence_start)


def _clause_is_chain(text: str, clause: list[Mention | Post], sentence_start: int, places: list[Mention]) -> bool:
    """May a chain run on over a comma into this clause? Only when its elements are all of
    it (no 会上，…) and it names an organization or is all honors."""
    start = _element_start(clause[-1], places)
    clause_start = _clause_start(text, sentence_start, start)
    if text[clause_start:start].strip(" 、") and not AS_CLAUSE.fullmatch(text[clause_start:start]):
        return False  # 会上，…; but 作为全国劳模、某公司高级技师，张某…
    return all(isinstance(e, Mention) for e in clause) or any(isinstance(e, Post) and e.org for e in clause)


def _attach(chain: Chain, elements: list[Mention | Post]) -> None:
    """Left to right: honors are held; a post without an organization shares the last one (or
    its owner's, after a party committee's post)."""
    last_org = None
    for element in elements:
        if isinstance(element, Post):
            if element.org is None:  # 区总工会党组书记: the organization the title opens with
                split_title, split_org = _split_title(element)
                if split_org is not None:
                    element.title, element.org = split_title, split_org
            if element.org is None and last_org is not None and not _opens_with_unit(element.title):
                # 校党委副书记、工会主席: the 校's union; not 集团首席技师、车间副主任 (the 车间's)
                element.org = last_org if _may_share(last_org, element.title) else _owner_of(last_org)
            elif element.org is not None:  # 某党组|书记、副主任: the post is the owner's, and so is the next one
                element.title, element.org = _owner_post(element.title, element.org)
            last_org = element.org
            chain.posts.append(element)
        else:
            chain.honors.append(element)


def _read_title_after(text: str, mentions: list[Mention], index: int, chain: Chain) -> None:
    """``习近平总书记``, ``张良书记``: a title written right after the name, not opening the
    next name's chain."""
    if index + 1 >= len(mentions):
        return
    title = mentions[index + 1]
    if title.kind != Kind.TITLE or title.start != chain.person.end:
        return
    verb = verb_at(text, title.start)
    if verb is not None and verb.word == title.text:
        return  # a verb read as a title: 张某|主持
    following = mentions[index + 2] if index + 2 < len(mentions) else None
    if following is not None and following.kind == Kind.PERSON and following.start == title.end:
        return
    owner = mentions[index - 1] if index > 0 else None  # 宁波大学的宋某教授
    if owner is not None and (owner.kind != Kind.ORGANIZATION or text[owner.end : chain.person.start] != "的"):
        owner = None
    if owner is None and chain.posts and chain.posts[-1].org is not None and title.text in professional_ranks():
        owner = chain.posts[-1].org  # 某学院院长申屠某|教授: a rank held where the post before the name is
    if not any(p.title.text == title.text for p in chain.posts):
        chain.posts.append(Post(title, owner))


def _appointed_posts_start(text: str, person: Mention, sent: Sent) -> tuple[int | None, bool]:
    """Where the posts a verb of appointment gives the person start: after the verb that follows
    the name (张某任|…), or after the 为 that follows it when a verb that appoints its object
    opens the clause before the name (聘任…张某为|…); or inside a bracket right after the name,
    which gives their posts (罗某（|公司党委副书记、总经理）). And whether that verb is a copula
    (张某是|…), whose posts count only where they are all its clause says."""
    if text.startswith(("（", "("), person.end):
        return person.end + 1, False
    released = _released_posts_start(text, person, sent)
    if released is not None:
        return released, False
    position = person.end
    while position < sent.end and position - person.end <= 4:
        verb = verb_at(text, position)
        if verb and (verb.appoints or verb.copula) and _APPOINTED_GAP.match(text[person.end : position]):
            return position + len(verb.word), verb.copula
        position += 1
    if not text.startswith("为", person.end):
        return None, False
    clause_start = max(text.rfind(mark, sent.start, person.start) for mark in "，,。；;：:") + 1
    for start, verb in sent.verbs:
        if verb.appoints_object and max(clause_start, sent.start) <= sent.start + start < person.start:
            return person.end + 1, False
    return None, False


def _released_posts_start(text: str, person: Mention, sent: Sent) -> int | None:
    """Where the posts someone is released from start: after 免去某某(的) (the person right after
    the verb), or after 辞去 in the clause the person opens (张某因个人原因申请辞去…职务)."""
    for start, verb in sent.verbs:
        if not verb.releases:
            continue
        verb_start, verb_end = sent.start + start, sent.start + start + len(verb.word)
        if verb_end == person.start:
            return person.end + text.startswith("的", person.end)
        if person.end <= verb_start and not re.search(r"[，,。；;：:]", text[person.end : verb_start]) \
                and verb_start - person.end <= MAX_RELEASE_GAP:
            return verb_end
    return None


def _read_appointed(text: str, mentions: list[Mention], index: int, chain: Chain, sent: Sent) -> None:
    """``张某任某公司总经理``, ``张某，现任…党委书记、董事长``, ``张某（某公司总经理）``: the
    posts after a verb of appointment whose subject is the person, or in a bracket after the name
    (with the honors there: 张某（全国劳动模范）)."""
    following = mentions[index + 1 :]
    position, copula = _appointed_posts_start(text, chain.person, sent)
    if position is None:
        return
    posts_before = len(chain.posts)
    bracketed = position == chain.person.end + 1 and text[chain.person.end] in "（("
    pending_org = None
    for i, mention in enumerate(following):
        if mention.start < position:
            continue
        gap = text[position : mention.start]
        if mention.kind == Kind.TITLE and i + 1 < len(following) and following[i + 1].kind == Kind.PERSON and \
                following[i + 1].start == mention.end:
            break  # …董事长，副总经理|潘某任…: the next person's post
        if mention.kind == Kind.ORGANIZATION and pending_org is not None and _SHORT_NAME_OPENS.match(gap):
            pass  # the short name the text gives the organization: its posts follow
        elif mention.kind == Kind.ORGANIZATION and (gap == "" or _SEPARATOR.match(gap) or _OWNER.match(gap)):
            pending_org = mention
        elif mention.kind == Kind.TITLE and (gap == "" or _SEPARATOR.match(gap) or _ORG_TO_TITLE.match(gap)
                                             or SCHOOL_GRADE.fullmatch(gap)):  # 张某（高二|语文教师）
            org = pending_org if pending_org is not None and pending_org.end <= mention.start else None
            org = org or (chain.posts[-1].org if chain.posts and gap and _SEPARATOR.match(gap) else None)
            chain.posts.append(Post(mention, org))
            pending_org = None
        elif mention.kind == Kind.HONOR and bracketed and (gap == "" or _SEPARATOR.match(gap)):
            chain.honors.append(mention)  # 张某（全国劳动模范、某公司焊工）
        else:
            break
        position = mention.end
    if copula and not _CLAUSE_END.match(text, position, sent.end):
        del chain.posts[posts_before:]  # 张某是公司首席技师|之一: no post of its own
