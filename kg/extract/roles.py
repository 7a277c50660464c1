"""Who took which part in an event: a grammar over (mention, verb, event) in a clause.

A verb of ``verbs.tsv`` with a role gives it to the persons and organizations before it in its
clause: the nearest one, across a short stretch of words (``校长卓国强为毕业生拨穗并致辞``), a
place it happened at (``市总工会在某中心召开…``) and the posts and honors of a chain; then those
listed before it (、 和 与 以及). Names before 联合/携手/会同 host, the ones after co-host. Verbs
joined by 并 share the subjects (``主持会议并讲话``: chair and speaker). Hosts organize the
event, and so do those 联合 joins to them (甲联合乙举办); 承办 and 协办 bodies are co-hosts that
do not. A verb of saying (表示, 指出) makes its subject
a speaker. An organization that opens the event's own name hosts it (怀柔区总工会“…”启动仪式),
unless the text names its hosts (由某工会主办的某集团…竞赛: the union hosts).
The organization of a post (市总工会|主席张某), the names after 在 (在某区|某公司实训基地|举行) and a
body inside the event's name (某集团…竞赛|在某地举行) take no part.

The event is the one the clause names after the verb (主持会议, 出席开幕式), else the one the
sentence names (not one named only inside what someone says: 张某指出，举办“…”是…), else the
one its paragraph spoke of last, else the article's first. Those a sentence commends
(对A和B进行表彰) take the award role in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.component import Component, register
from kg.extract.doc import Doc, Sent
from kg.extract.lexicon import ORG_BODIES, UNVEILINGS, Verb
from kg.model import Event, Kind, Mention, Participant

MAX_GAP = 15  # characters between a verb and its nearest subject
_CLAUSE_MARK = re.compile(r"[，,。；;！？!?：:]")
_LIST = re.compile(r"^\s*(?:、|和|与|及|以及|同|，|,)\s*$")
_JOINT = re.compile(r"^\s*(?:联合|携手|会同)\s*$")
_LOCATIVE = ("在", "于")
_OBJECT_MARKS = ("为", "向", "给", "对")  # 为某人举行仪式: the one it is held for is no subject
_COMMENDED = re.compile(r"对(?P<objects>[^，,。；;：:]{2,80}?)(?:进行|予以|给予)(?:通报)?(?:表彰|表扬|奖励)")
# 与某某亲切交谈: the one a visitor talks with takes part in the visit
_MET = re.compile(r"[与同](?P<objects>[^，,。；;：:与同]{2,40}?)(?:亲切|深入|一一)?(?:交谈|握手|座谈|攀谈)")
# 为外卖骑手某某送上年货: the one a visitor hands something to takes part in the visit too
_GIVEN = re.compile(r"[为向给](?P<objects>[^，,。；;：:为向给]{2,40}?)(?:送上|送去|送来|递上|赠送|发放)")
_OWNERLESS = re.compile(r"^(?:党组|党委|党总支|党支部)")
PARTY_KINDS = (Kind.PERSON, Kind.ORGANIZATION)
_ON_BEHALF = "代表"  # 某某代表某单位发言: the person speaks, for the body


@dataclass(frozen=True, slots=True)
class Role:
    event: Event
    who: Mention
    role: str
    organizes: bool
    sent: Sent


@register("roles")
class RoleReader(Component):
    def match(self, doc: Doc) -> list[Role]:
        if not doc.events:
            return []
        found = []
        for paragraph in doc.paragraphs():
            current = None
            for sent in paragraph:
                named = _event_of_sentence(doc, sent)
                current = named or current or doc.events[0]
                names = [(m.start - sent.start, m.end - sent.start) for e in doc.events for m in (e.name, *e.aliases)
                         if sent.contains(m)]
                views = _views_start(sent)
                for verb_start, verb in _role_verbs(sent):
                    if any(s <= verb_start < e and not (e == verb_start + len(verb.word) and verb.word in UNVEILINGS)
                           for s, e in names):
                        continue  # 签约 in 签约仪式: part of a name (not 为某驿站|揭牌: the act)
                    event = _event_after(doc, sent, verb_start + len(verb.word))
                    if event is None and verb_start >= views:
                        continue  # 指出，市委将支持…开展工作: a view gives a role only in the event it names
                    event = event or current
                    for who, role, organizes in _subjects(doc, sent, verb_start, verb, names):
                        found.append(Role(event, who, role, organizes, sent))
                found += [Role(current, who, "award", False, sent) for who in [
                    *_commended(doc, sent), *(m for m in doc.ranked if sent.contains(m)), *_on_roll(doc, sent)]]
                found += [Role(current, who, "attendee", False, sent) for who in _met(doc, sent)]
                found += [Role(current, who, role, False, sent) for who, role in _invited(doc, sent)]
        hosted = {id(role.event) for role in found if role.role == "host"}
        for event in doc.events:  # the name's opener hosts only where the text names no host
            found += [Role(event, who, role, role == "host", doc.sentence_of(event.name.start))
                      for who, role in _name_openers(doc, event) if role != "host" or id(event) not in hosted]
        return found

    def set_annotations(self, doc: Doc, found: list[Role]) -> None:
        for role in found:
            event, who = role.event, role.who
            if role.organizes and who.kind == Kind.ORGANIZATION and who.text not in {o.text for o in event.organizers}:
                event.organizers.append(who)
            if not any(p.who.text == who.text and p.role == role.role for p in event.participants):
                event.participants.append(Participant(who, role.role, doc.evidence(role.sent)))
        _share_hosts(doc.events)


def _share_hosts(events: list[Event]) -> None:
    """A ceremony of an event (…培训班|开班仪式, …大赛|闭幕式) and that event have the same
    organizers: where one names none, it takes the other's, and their hosts."""
    for ceremony in events:
        parent = max((e for e in events if e is not ceremony and ceremony.name.text.startswith(e.name.text)
                      and len(ceremony.name.text) > len(e.name.text)), key=lambda e: len(e.name.text), default=None)
        if parent is None:
            continue
        for source, target in ((parent, ceremony), (ceremony, parent)):
            if source.organizers and not target.organizers:
                target.organizers = list(source.organizers)
                target.participants += [p for p in source.participants if p.role in ("host", "co-host")]


def _name_openers(doc: Doc, event: Event) -> list[tuple[Mention, str]]:
    """The organization that opens the event's name or is written right before its quotes, its
    host, unless it is the whole name or an ownerless party body (党组理论学习中心组 names no
    owner); a name that opens with two parties (甲与乙…签约仪式) names no host: both attend."""
    name = event.name
    if name.text.removesuffix("仪式").endswith(UNVEILINGS):
        return []  # 某中心揭牌(仪式): the body whose plaque is unveiled hosts nothing
    opener = next((m for m in doc.mentions if m.kind == Kind.ORGANIZATION and not _OWNERLESS.match(m.text) and (
        (m.start == name.start and m.end < name.end - 1) or _owns_quoted(doc.text, m, name))), None)
    if opener is None or any(m.kind == Kind.TITLE and m.start == opener.end for m in doc.mentions):
        return []  # (区委|副书记某某来校调研: the body of a post, no host)
    if doc.text[opener.end : opener.end + 1] not in _PARTIES:
        return [(opener, "host")]
    other = next((m for m in doc.mentions if m.kind == Kind.ORGANIZATION and m.start == opener.end + 1
                  and m.end < name.end), None)
    return [(party, "attendee") for party in (opener, other) if party is not None]


_PARTIES = ("与", "和", "同")  # 甲与乙…: the parties an event's name opens with


def _owns_quoted(text: str, org: Mention, name: Mention) -> bool:
    """Is ``org`` written right before the event's quoted name (某市总工会|“劳模工匠大讲堂”)?"""
    quoted = text[name.start : name.start + 1] in _OPENING_QUOTES
    return text[org.end : name.start] in _OPENING_QUOTES or (quoted and org.end == name.start)


_OPENING_QUOTES = ("“", "「")


def _views_start(sent: Sent) -> int:
    """Where the views a verb of saying introduces start (杨某指出，|各级工会要…), or past the end."""
    return next((position + len(verb.word) for position, verb in sent.verbs if verb.views
                 and sent.text[position + len(verb.word) : position + len(verb.word) + 1] in ("，", ",", "：", ":")),
                len(sent.text))


def _event_of_sentence(doc: Doc, sent: Sent) -> Event | None:
    """The event the sentence names, unless only inside a speech (张某指出，举办“…”是…)."""
    speech = next((p + len(v.word) for p, v in _role_verbs(sent) if v.speech), None)
    for event in doc.events:
        for mention in (event.name, *event.aliases):
            if sent.contains(mention) and (speech is None or mention.start - sent.start < speech):
                return event
    return None


def _event_after(doc: Doc, sent: Sent, position: int) -> Event | None:
    """The event named right after a verb in its clause (主持会议, 出席开幕式)."""
    clause = _CLAUSE_MARK.search(sent.text, position)
    clause_end = sent.start + (clause.start() if clause else len(sent.text))
    best = None
    for event in doc.events:
        for mention in (event.name, *event.aliases):
            if sent.start + position <= mention.start < clause_end and mention.start - sent.start - position <= 12 \
                    and (best is None or mention.start < best[0]):
                best = (mention.start, event)
    return best[1] if best else None


# 某某带队|开展…, 率队赴某县|开展…: leading a team, going, then the act itself (one subject)
_LEADING = re.compile(r"(?=.)(?:带队|率队|率团)?(?:(?:赴|前往|走进|来到|深入)[^，,。；;]{0,12})?")
_COORDINATED = re.compile(r"[\u4e00-\u9fff]{2,4}(?:并|、|和|及|后)")  # 出席并讲话: one subject


def _role_verbs(sent: Sent) -> list[tuple[int, Verb]]:
    return [(position, verb) for position, verb in sent.verbs if verb.role]


def _subjects(doc: Doc, sent: Sent, verb_start: int, verb: Verb,
              names: list[tuple[int, int]]) -> list[tuple[Mention, str, bool]]:
    """(who, role, organizes) for the subjects of the verb at ``verb_start``; ``names`` are the
    sentence's event names (offsets in the sentence)."""
    text, base = sent.text, sent.start
    clause = max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, verb_start)), default=0)
    # 全国总工会对A等单位和B等单位进行表彰: everything after the 对 is its object
    object_start = next((s for s, e, pos in sent.words
                         if clause <= s < verb_start and text[s:e] in _OBJECT_MARKS and pos == "p"), verb_start)
    before = [m for m in doc.in_sentence(sent) if clause <= m.start - base and m.end - base <= verb_start]
    outer = [m for m in before if not any(o is not m and o.start <= m.start and m.end <= o.end
                                          and (o.start, o.end) != (m.start, m.end) for o in before)]
    subjects: list[Mention] = []
    co_hosts: list[Mention] = []
    employers: list[Mention] = []  # the organizations of the subjects' posts (市总工会|主席张某)
    position = verb_start
    hosting = verb.role in ("host", "co-host")
    for index in range(len(outer) - 1, -1, -1):
        mention = outer[index]
        gap = text[mention.end - base : position]
        following = outer[index + 1] if index + 1 < len(outer) else None
        name = next(((start, end) for start, end in names if start <= mention.start - base and mention.end - base <= end),
                    None)
        if name is not None:  # 某集团…竞赛|在某地|举行: the body in the event's name is no subject
            position = min(position, name[0])
            continue
        post_org = _is_post_org(mention, following, text, base)
        if text[: mention.start - base].endswith(_OBJECT_MARKS) or _in_locative(sent, mention, before, hosting) \
                or mention.start - base > object_start \
                or mention.kind in (Kind.TITLE, Kind.HONOR, Kind.PLACE) or post_org:
            if _CLAUSE_MARK.search(gap):
                break
            if post_org and subjects:  # 某工会党组|书记: the body whose party group it is
                employers.append(next((m for m in before if m.start == mention.start and m.end < mention.end
                                       and mention.text[len(m.text):] in ORG_BODIES), mention))
            position = mention.start - base
            continue  # a place, a post, an honor or an object: look further left
        if mention.kind not in PARTY_KINDS or mention.source == "byline":
            break  # (a dateline's paper is no subject: 新华社北京电 某大会…举行)
        if not subjects:
            if len(gap) > MAX_GAP or _CLAUSE_MARK.search(gap) or (any(
                    mention.end - base <= p < position and v.role for p, v in sent.verbs)
                    and not _COORDINATED.fullmatch(gap) and not _LEADING.fullmatch(gap)):
                break  # too far, or another verb's subject (A主办、B协办的…在某地举行), unless 出席并|讲话
        elif _JOINT.match(gap):
            co_hosts, subjects = subjects, []
        elif not _LIST.match(gap):
            break
        subjects.append(mention)
        position = mention.start - base
        if text[:position].endswith(_ON_BEHALF) and any(m.kind == Kind.PERSON for m in outer[:index]):
            subjects, position = [], position - len(_ON_BEHALF)  # 某某|代表|党中央、国务院|宣读: for whom, not who
    if subjects and not text[clause:position].strip(_OPENERS):
        subjects += _listed_clauses(doc, sent, clause)
    if not subjects and not co_hosts:
        subjects = _serial_subject(doc, sent, clause, verb_start)
    if hosting:  # a person does not host (某工会主席张某带队开展…: the body does)
        persons = [m for m in subjects if m.kind == Kind.PERSON]
        subjects = [m for m in subjects if m.kind == Kind.ORGANIZATION] or \
            list({m.text: m for m in employers if persons}.values()) or _employer(doc, persons)
        co_hosts = [m for m in co_hosts if m.kind == Kind.ORGANIZATION]
    roles = [(who, verb.role, verb.organizes) for who in subjects]
    if hosting:  # 某某一行|来到…开展…: the one who leads the party chairs what it does
        roles += [(p, "chair", False) for p in persons if text.startswith(_PARTY_LED, p.end - base)]
    if co_hosts:
        roles += [(who, "co-host", True) for who in co_hosts] if verb.role == "host" else \
            [(who, verb.role, verb.organizes) for who in co_hosts]
    return roles


_OPENERS = " \u3000“\""  # what may stand between a clause mark and the subject
_PARTY_LED = ("一行", "率队", "带队")  # 某某一行: the party 某某 leads
_SERIAL_GAP = re.compile(r"^(?:一行|等人|等)?$")
_SERIAL_ADVERBS = "并还又随后同时"


def _serial_subject(doc: Doc, sent: Sent, clause: int, verb_start: int) -> list[Mention]:
    """The subject of a clause that opens on its verb, after a clause whose subject went
    somewhere (某某一行来到某厂，|开展慰问活动): who went."""
    if clause == 0 or sent.text[clause:verb_start].strip(_SERIAL_ADVERBS + _OPENERS):
        return []
    previous = max((m.end() for m in _CLAUSE_MARK.finditer(sent.text, 0, clause - 1)), default=0)
    first = next((m for m in doc.in_sentence(sent, (Kind.PERSON, Kind.ORGANIZATION))
                  if m.start - sent.start >= previous), None)
    if first is None or sent.text[previous : first.start - sent.start].strip(_OPENERS):
        return []
    rest = first.end - sent.start
    motion = next((p for p, v in sent.verbs if v.motion and rest <= p < clause), None)
    return [first] if motion is not None and _SERIAL_GAP.match(sent.text[rest:motion]) else []


def _employer(doc: Doc, persons: list[Mention]) -> list[Mention]:
    """The one organization the article gives these persons posts at (省总工会副主席马某 …
    马某一行来到某厂，开展…: the union hosts)."""
    names = {m.text for m in persons}
    orgs = {p.org.text: p.org for p in doc.positions if p.org is not None and p.person.text in names}
    return list(orgs.values()) if len(orgs) == 1 else []


def _in_locative(sent: Sent, mention: Mention, before: list[Mention], gone_to: bool) -> bool:
    """Does the mention end a run of names right after 在/于 (在|南宁市|邕宁区|某公司实训基地举行)
    or, with ``gone_to``, after a verb of going (赴|某医院、某医院|开展): where the event is, not
    who holds it?"""
    text, base = sent.text, sent.start
    motion_ends = {position + len(verb.word) for position, verb in sent.verbs if verb.motion} if gone_to else set()
    start, listed = mention.start, False
    while start - base not in motion_ends:
        if text[: start - base].endswith(_LOCATIVE) and not listed:
            return True
        left = next((m for m in before if m.end == start), None)
        if left is None and text[start - base - 1 : start - base] == "、":  # 赴A、B: the places gone to
            left, listed = next((m for m in before if m.end == start - 1), None), True
        if left is None:
            return False
        start = left.start
    return True


def _listed_clauses(doc: Doc, sent: Sent, clause: int) -> list[Mention]:
    """The persons of the clauses before ``clause`` that are nothing but a person's chain, each
    after a comma (省总工会主席孙某，市委副书记杨某|出席…): one subject, listed with commas
    because its items hold 、. Counts back from ``clause`` to the first clause that is not."""
    text, base = sent.text, sent.start
    persons: list[Mention] = []
    end = clause - 1  # the comma before the verb's clause
    while end > 0 and text[end] in "，,":
        start = max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, end)), default=0)
        inside = [m for m in doc.in_sentence(sent) if start <= m.start - base and m.end - base <= end]
        last = max(inside, key=lambda m: (m.end, -m.start), default=None)
        if last is None or last.kind != Kind.PERSON or last.end - base != end or any(
                start <= p < end for p, _ in sent.verbs) or not _chain_only(sent, start, end, inside):
            break
        persons.insert(0, last)
        end = start - 1
    return persons


def _chain_only(sent: Sent, start: int, end: int, inside: list[Mention]) -> bool:
    """Is ``sent.text[start:end]`` only mentions, list marks and words that are no verbs?"""
    covered = {p - sent.start for m in inside for p in range(m.start, m.end)}
    return not any(pos.startswith("v") and not covered.issuperset(range(s, e))
                   for s, e, pos in sent.words if start <= s and e <= end)


def _invited(doc: Doc, sent: Sent) -> list[tuple[Mention, str]]:
    """Those a verb of inviting names after it, in its clause (邀请A医院、B医院等医院的专家, 邀请
    某标兵、某传承人张某主讲), with the role the verb right after them gives, else attendee."""
    found = []
    for position, verb in ((p, v) for p, v in sent.verbs if v.invites):
        end = position + len(verb.word)
        clause = _CLAUSE_MARK.search(sent.text, end)
        clause_end = clause.start() if clause else len(sent.text)
        following = next(((p, v) for p, v in sent.verbs if end <= p < clause_end and v.role), None)
        stop = following[0] if following else clause_end
        parts = [m for m in doc.in_sentence(sent) if end <= m.start - sent.start and m.end - sent.start <= stop]
        invited = [m for i, m in enumerate(parts) if m.kind in PARTY_KINDS
                   and not _is_post_org(m, parts[i + 1] if i + 1 < len(parts) else None, sent.text, sent.start)]
        role = following[1].role if following and invited and invited[-1].end - sent.start == stop else "attendee"
        found += [(who, role) for who in invited]
    return found


def _met(doc: Doc, sent: Sent) -> list[Mention]:
    """The persons someone talks with (与装配工某某亲切交谈, 同职工代表张某、李某座谈) or hands
    something to (为快递员某某送上…)."""
    found = []
    for match in [*_MET.finditer(sent.text), *_GIVEN.finditer(sent.text)]:
        start, end = sent.start + match.start("objects"), sent.start + match.end("objects")
        found += [m for m in doc.in_sentence(sent, (Kind.PERSON,)) if start <= m.start and m.end <= end]
    return found


def _on_roll(doc: Doc, sent: Sent) -> list[Mention]:
    """The persons of a line an honor heads (“某市优秀教师”：张某、李某): the roll of those it honors."""
    heading = _ROLL_HEAD.match(sent.text)
    if heading is None:
        return []
    return [a.recipient for a in doc.awards if a.recipient.kind == Kind.PERSON and sent.contains(a.recipient)
            and (a.honor.start - sent.start, a.honor.end - sent.start) == heading.span("honor")]


_ROLL_HEAD = re.compile(r"“?(?P<honor>[^“”：:，,。]+)”?[：:]")


def _commended(doc: Doc, sent: Sent) -> list[Mention]:
    """The persons and organizations a sentence commends: 对A等单位和B进行(通报)表彰/表扬/奖励."""
    titles = doc.in_sentence(sent, (Kind.TITLE,))
    found = []
    for match in _COMMENDED.finditer(sent.text):
        start, end = sent.start + match.start("objects"), sent.start + match.end("objects")
        for mention in doc.in_sentence(sent, PARTY_KINDS):
            title_after = next((t for t in titles if t.start >= mention.end), None)
            if start <= mention.start and mention.end <= end and \
                    not _is_post_org(mention, title_after, sent.text, sent.start):
                found.append(mention)
    return found


def _is_post_org(mention: Mention, following: Mention | None, text: str, base: int) -> bool:
    """Is this the organization of a post (市总工会|主席张某)?"""
    return (mention.kind == Kind.ORGANIZATION and following is not None and following.kind == Kind.TITLE
            and text[mention.end - base : following.start - base] in ("", "的"))
