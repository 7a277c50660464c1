"""One article → its mentions and facts: the extraction stage's single entry point."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.extract import events as event_grammar
from kg.extract import places
from kg.extract.bylines import read_credits
from kg.extract.chains import Chain, find_chains
from kg.extract.crf import CrfTagger
from kg.extract.dates import find_dates
from kg.extract.lexicon import load
from kg.extract.mentions import choose
from kg.extract.names import HAN, is_name, read_name
from kg.extract.orgs import OWNERLESS_BODY, ends_with_org_suffix, find_orgs
from kg.extract.titles import title_starts
from kg.extract.tokens import Words, is_common_word, word_spans
from kg.model import (
    Alias,
    Article,
    ArticleFacts,
    Award,
    Byline,
    Event,
    Evidence,
    Kind,
    Mention,
    Participant,
    Position,
    Sentence,
)
from kg.read.articles import sentences as split_sentences
from kg.read.patterns import is_headline

_SHORT_NAME = re.compile(r"[(（]?(?:以下)?简称[“\"「]?(?P<short>[^”\"」()（）]{2,20})[”\"」]?[)）]?")
_HONOR_AWARDED = re.compile(r"(?:荣获|获得|获评|被授予|被评为)(?:了)?(?P<honor>[^，,。；的]{2,20}?)(?:称号)?的")
PARTY_BODIES = ("党组", "党委")
_NAME_ANCHOR = re.compile(r"(?P<title>总书记)|表示|说|指出|强调")




@dataclass(frozen=True)
class Settings:
    """What extraction needs to know beyond the text."""

    home_city: str = "北京市"
    newspaper: str = "本报"


class ArticleExtractor:
    """Reads one article at a time; holds the tagger so it loads once."""

    def __init__(self, settings: Settings | None = None, tagger: CrfTagger | None = None) -> None:
        self.settings = settings or Settings()
        self.tagger = tagger

    def __call__(self, article: Article) -> ArticleFacts:
        facts = ArticleFacts(article=article)
        page = article.page
        facts.sentences = split_sentences(page, article.start, article.end)
        proposals: list[Mention] = []
        chains_by_sentence: list[tuple[Sentence, list[Chain]]] = []
        derived: list[Mention] = []  # mentions implied by others, outside the overlap policy
        for sentence in facts.sentences:
            words = word_spans(sentence.text)
            credits_end = self._bylines(sentence, facts, proposals)
            chains = [c for c in find_chains(sentence.text) if c.start >= credits_end]
            chains_by_sentence.append((sentence, chains))
            for chain in chains:
                self._chain_facts(sentence, chain, facts, proposals)
            proposals += self._shapes(sentence, words)
            derived += self._party_bodies(sentence, chains)
            derived += _studio_eponyms(sentence)
            proposals += self._awarded(sentence, facts)
            proposals += self._speakers_and_leaders(sentence, facts)
            if self.tagger is not None:
                proposals += [_shift(m, sentence.start) for m in self.tagger.tag(sentence.text)
                              if _trusted_tagged(sentence.text, m)]
        facts.mentions = sorted(set(choose(proposals)) | set(derived), key=lambda m: (m.start, m.end, m.kind))
        facts.aliases = self._aliases(facts)
        facts.events = EventReader(facts, chains_by_sentence).read()
        return facts

    # -- bylines -----------------------------------------------------------------------
    def _bylines(self, sentence: Sentence, facts: ArticleFacts, proposals: list[Mention]) -> int:
        """Credits at the start of a paragraph; returns where they end in the sentence."""
        page = facts.article.page
        paragraph_start = sentence.start == 0 or page.text[sentence.start - 1] == "\n"
        if not paragraph_start:
            return 0
        credits = read_credits(sentence.text)
        evidence = _evidence(facts.article, sentence)
        for credit in credits:
            person = Mention(sentence.start + credit.start, sentence.start + credit.end, Kind.PERSON,
                             sentence.text[credit.start : credit.end], "grammar")
            proposals.append(person)
            facts.bylines.append(Byline(person, credit.role, evidence))
            title = Mention(person.start, person.start, Kind.TITLE, credit.title, "grammar")
            org = None
            if credit.title == "记者":
                org = Mention(person.start, person.start, Kind.ORGANIZATION, self.settings.newspaper, "grammar")
            facts.positions.append(Position(person, title, org, evidence))
        return max((c.end for c in credits), default=0)

    # -- appositive chains -----------------------------------------------------------------
    def _chain_facts(self, sentence: Sentence, chain: Chain, facts: ArticleFacts, proposals: list[Mention]) -> None:
        def mention(span: tuple[int, int], kind: Kind) -> Mention:
            return Mention(sentence.start + span[0], sentence.start + span[1], kind,
                           sentence.text[span[0] : span[1]], "grammar")

        evidence = _evidence(facts.article, sentence)
        person = mention(chain.person, Kind.PERSON)
        proposals.append(person)
        for post in chain.posts:
            title = mention(post.title, Kind.TITLE)
            org = mention(post.org, Kind.ORGANIZATION) if post.org else None
            proposals.append(title)
            if org:
                proposals.append(org)
            facts.positions.append(Position(person, title, org, evidence))
        for honor in chain.honors:
            surface = mention(honor.span, Kind.HONOR)
            proposals.append(surface)
            for name in filter(None, (honor.honor.name, honor.honor.broader)):
                facts.awards.append(Award(person, _renamed(surface, name), evidence))

    def _party_bodies(self, sentence: Sentence, chains: list[Chain]) -> list[Mention]:
        """``北京市总工会党组书记`` also names the body ``北京市总工会党组``."""
        found = []
        for chain in chains:
            for post in chain.posts:
                title = sentence.text[post.title[0] : post.title[1]]
                body = next((p for p in PARTY_BODIES if title.startswith(p) and title != p), None)
                if post.org and body and post.org[1] == post.title[0]:
                    start, end = sentence.start + post.org[0], sentence.start + post.title[0] + len(body)
                    body_text = sentence.text[post.org[0] : post.title[0] + len(body)]
                    found.append(Mention(start, end, Kind.ORGANIZATION, body_text, "grammar"))
        return found

    def _speakers_and_leaders(self, sentence: Sentence, facts: ArticleFacts) -> list[Mention]:
        """``芦蕾表示``: a name before a speech verb; ``习近平总书记``: a name before a title
        written after it (a post with no organization named)."""
        found = []
        text, base = sentence.text, sentence.start
        boundaries = {start for start, _ in word_spans(text)}
        for anchor in _NAME_ANCHOR.finditer(text):
            start = next((s for s in (anchor.start() - 3, anchor.start() - 2)
                          if s in boundaries and read_name(text, s) == anchor.start()
                          and not is_common_word(text[s : anchor.start()])), None)
            if start is None:
                continue
            person = Mention(base + start, base + anchor.start(), Kind.PERSON, text[start : anchor.start()], "grammar")
            found.append(person)
            if anchor["title"]:
                title = Mention(base + anchor.start(), base + anchor.end(), Kind.TITLE, anchor["title"], "grammar")
                found.append(title)
                facts.positions.append(Position(person, title, None, _evidence(facts.article, sentence)))
        return found

    def _awarded(self, sentence: Sentence, facts: ArticleFacts) -> list[Mention]:
        """``荣获首都劳动奖章的廉雪``: an honor, then the person who received it."""
        found = []
        lexicon = load()
        for match in _HONOR_AWARDED.finditer(sentence.text):
            honor = lexicon.honors.get(match["honor"])
            name_end = read_name(sentence.text, match.end())
            if honor is None or name_end is None:
                continue
            base = sentence.start
            person = Mention(base + match.end(), base + name_end, Kind.PERSON,
                             sentence.text[match.end() : name_end], "grammar")
            surface = Mention(base + match.start("honor"), base + match.end("honor"), Kind.HONOR,
                              match["honor"], "grammar")
            found += [person, surface]
            for name in filter(None, (honor.name, honor.broader)):
                facts.awards.append(Award(person, _renamed(surface, name), _evidence(facts.article, sentence)))
        return found

    # -- shapes and lexicons ---------------------------------------------------------------
    def _shapes(self, sentence: Sentence, words: Words) -> list[Mention]:
        text, base = sentence.text, sentence.start
        found = [Mention(base + s, base + e, Kind.ORGANIZATION, text[s:e], "lexicon") for s, e in find_orgs(text, words)]
        home = self.settings.home_city
        spans = places.find_divisions(text, home, words) + places.find_venues(text, words) + places.find_aliases(text)
        spans += [p for p in places.find_context_places(text) if _place_shaped(text[p.start : p.end], home)]
        found += [Mention(base + p.start, base + p.end, Kind.PLACE, text[p.start : p.end], "lexicon") for p in spans]
        found += [Mention(base + s, base + e, Kind.TITLE, text[s:e], "lexicon") for s, e in _free_titles(text)]
        return found

    # -- aliases -----------------------------------------------------------------------------
    def _aliases(self, facts: ArticleFacts) -> list[Alias]:
        text = facts.article.page.text
        orgs = [m for m in facts.mentions if m.kind == Kind.ORGANIZATION]
        # 中共中央党校(国家行政学院): the bracketed name is another name of the same body
        aliases = [Alias(inner.text, outer) for outer in orgs for inner in orgs
                   if inner.start == outer.end + 1 and text[outer.end] in "(（" and text[inner.end] in ")）"]
        for match in _SHORT_NAME.finditer(text, facts.article.start, facts.article.end):
            before = [m for m in facts.mentions if m.end == match.start() and m.kind == Kind.ORGANIZATION]
            if before:
                aliases.append(Alias(match["short"], before[0]))
            else:
                full = _event_before(text, match.start())
                if full:
                    aliases.append(Alias(match["short"], full))
        return aliases


def _studio_eponyms(sentence: Sentence) -> list[Mention]:
    """The model workers studios are named after (“苗兴光创新工作室”)."""
    text, found = sentence.text, []
    qualifiers = load().eponym_qualifiers
    for studio in re.finditer("工作室", text):
        end = studio.start()
        while qualifier := next((q for q in qualifiers if text.endswith(q, 0, end)), None):
            end -= len(qualifier)
        for start in (end - 3, end - 2):
            if start >= 0 and is_name(text[start:end]) and not is_common_word(text[start:end]) \
                    and (start == 0 or not HAN.match(text[start - 1]) or ends_with_org_suffix(text[:start])):
                found.append(Mention(sentence.start + start, sentence.start + end, Kind.PERSON,
                                     text[start:end], "grammar"))
                break
    return found


def _trusted_tagged(text: str, mention: Mention) -> bool:
    """The tagger's mentions the build keeps: personal names that read as names (a known
    surname, not a common word). Measured on the dev pages, its organizations, places and
    titles cost more precision than they add recall next to the grammar and lexicons."""
    return (
        mention.kind == Kind.PERSON
        and read_name(text, mention.start) == mention.end
        and not is_common_word(mention.text)
    )


def _shift(mention: Mention, offset: int) -> Mention:
    return Mention(mention.start + offset, mention.end + offset, mention.kind, mention.text, mention.source)


def _renamed(mention: Mention, text: str) -> Mention:
    """The same span, carrying a canonical name instead of its surface text."""
    return Mention(mention.start, mention.end, mention.kind, text, mention.source)


def _evidence(article: Article, sentence: Sentence) -> Evidence:
    page = article.page
    return Evidence(article.article_id, sentence.text, page.raw_offset(sentence.start),
                    page.raw_offset(sentence.end - 1) + 1)


def _place_shaped(name: str, home: str) -> bool:
    """Does a place read off its context look like one: a division or a named venue?"""
    if len(name) == 1:
        return places.gazetteer.load().abbreviation(name) is not None
    lexicon = load()
    name = re.sub(r"[(（][^()（）]*[)）]$", "", name)  # 北京市工会干部学院(草桥校区)
    if name.endswith(lexicon.org_suffixes):
        return True
    if name.endswith(lexicon.venue_suffixes):
        return places.names_one_venue(name)
    return [(p.start, p.end) for p in places.find_divisions(name, home)] == [(0, len(name))]


def _free_titles(text: str) -> list[tuple[int, int]]:
    """Titles in running text where a name or a clause may follow (相关负责人表示, 厨师使用)."""
    lexicon = load()
    followers = lexicon.name_followers + ("的", "是", "们", "使用")
    spans = []
    for end in range(2, len(text) + 1):
        starts = title_starts(text[:end])
        if not starts:
            continue
        if end < len(text) and re.match(r"[\u4e00-\u9fff]", text[end]) and not text.startswith(followers, end):
            continue
        if spans and spans[-1][1] > starts[-1]:
            continue
        spans.append((starts[-1], end))
    return spans


def _event_before(text: str, end: int) -> Mention | None:
    """The event name that ends at ``end`` (what a ``(以下简称…)`` refers to)."""
    sentence_start = max(text.rfind("。", 0, end), text.rfind("\n", 0, end)) + 1
    clause = text[sentence_start:end]
    names = event_grammar.find_event_names(clause, word_spans(clause))
    for name in names:
        if name.end == len(clause):
            return Mention(sentence_start + name.start, sentence_start + name.end, Kind.EVENT,
                           clause[name.start : name.end], "grammar")
    return None


class EventReader:
    """The events an article reports, their dates, places, organizers and participants."""

    def __init__(self, facts: ArticleFacts, chains: list[tuple[Sentence, list[Chain]]]) -> None:
        self.facts = facts
        self.chains = chains
        self.text = facts.article.page.text

    def read(self) -> list[Event]:
        by_head: dict[str, Event] = {}
        references: list[tuple[Sentence, event_grammar.EventName]] = []
        short_names = {a.short: a.full for a in self.facts.aliases if a.full.kind == Kind.EVENT}
        for sentence in self.facts.sentences:
            headline = is_headline(sentence.text)
            for name in event_grammar.find_event_names(sentence.text, word_spans(sentence.text)):
                surface = sentence.text[name.start : name.end]
                if surface in short_names:
                    references.append((sentence, name))
                    continue
                if name.reference:
                    references.append((sentence, name))
                    continue
                reported = event_grammar.is_reported(sentence.text, name)
                host = self._leading_org(sentence, name)
                if host is not None and name.kind == "Visit" and host.end - sentence.start + len(name.head) == name.end:
                    # 住总二公司|走访慰问: the organization is the subject of a bare event noun
                    name = replace(name, start=host.end - sentence.start)
                    surface = sentence.text[name.start : name.end]
                if not (reported or name.quoted or host is not None) or len(surface) < 2:
                    continue
                mention = Mention(sentence.start + name.start, sentence.start + name.end, Kind.EVENT, surface, "grammar")
                event = by_head.get(name.head)
                if event is None:
                    event = by_head[name.head] = Event(name=mention, kind=name.kind)
                    event.evidence = _evidence(self.facts.article, sentence)
                elif len(surface) > len(event.name.text) and not headline:
                    event.aliases.append(event.name)
                    event.name = mention
                else:
                    event.aliases.append(mention)
                # 党组理论学习中心组学习…座谈会: the body is part of the name; its owner hosts
                if host is not None and not OWNERLESS_BODY.match(host.text) \
                        and host.text not in {o.text for o in event.organizers}:
                    event.organizers.append(host)
                    event.participants.append(Participant(host, "host"))
                if event.name is mention:
                    self._ceremony_parent(event, name, by_head)
                if reported and not headline:
                    self._describe(event, sentence, name)
                elif reported:  # 劳模工匠交流活动在京举行: a headline names the place, no more
                    self._add_places(event, sentence)
        events = sorted(by_head.values(), key=lambda e: e.name.start)
        for sentence, name in references:
            surface = sentence.text[name.start : name.end]
            event = by_head.get(name.head) or next(
                (e for head, e in by_head.items() if head.endswith(name.head)), None)
            if event is None and surface not in short_names:
                event = self._event_from_reference(sentence, name, events)
                if event is not None:
                    by_head[name.head] = event
                    events.append(event)
                    continue
            if event is None and surface in short_names:
                event = next((e for e in events if short_names[surface].text in (e.name.text,
                              *(a.text for a in e.aliases))), None) or self._defined_event(short_names[surface])
                if event not in events:
                    events.append(event)
            defining = _DEFINING.search(sentence.text, 0, name.start) is not None
            if event is not None:
                event.aliases.append(Mention(sentence.start + name.start, sentence.start + name.end,
                                             Kind.EVENT, surface, "grammar"))
                if event_grammar.is_reported(sentence.text, name) and not defining:
                    self._describe(event, sentence, name)
        if events:
            self._participants(events)
        return events

    def _ceremony_parent(self, ceremony: Event, name: event_grammar.EventName, by_head: dict[str, Event]) -> None:
        """A ceremony of a named event (…主题参观活动|启动仪式, …大会|开幕式) reports that event
        too, hosted by the ceremony's hosts; an event already known by a shorter form of that
        name (a headline's 主题参观活动) takes the full one."""
        if name.kind != "Ceremony":
            return
        text = ceremony.name.text[: -len(name.head)]
        head = event_grammar.head_of(text)
        if head is None or load().event_heads[head] == "Ceremony" or len(text) == len(head):
            return
        mention = Mention(ceremony.name.start, ceremony.name.end - len(name.head), Kind.EVENT, text, "grammar")
        parent = by_head.get(head)
        if parent is None:
            parent = by_head[head] = Event(name=mention, kind=load().event_heads[head], evidence=ceremony.evidence)
        elif parent.name.text in text and len(parent.name.text) < len(text):
            parent.aliases.append(parent.name)
            parent.name = mention
        else:
            return
        for host in ceremony.organizers:
            if host.text not in {o.text for o in parent.organizers}:
                parent.organizers.append(host)
                parent.participants.append(Participant(host, "host"))

    def _defined_event(self, full: Mention) -> Event:
        """The event a ``(以下简称“工匠大会”)`` defines, when no sentence reports it by its
        full name (which may open another event's name: …论坛(以下简称…)…总结会议)."""
        sentence = next(s for s in self.facts.sentences if s.start <= full.start < s.end)
        return Event(name=full, kind=load().event_heads[event_grammar.head_of(full.text)],
                     evidence=_evidence(self.facts.article, sentence))

    def _event_from_reference(self, sentence: Sentence, name: event_grammar.EventName,
                              events: list[Event]) -> Event | None:
        """A reference that names no known event may still name a new one: a ceremony of the
        main event (闭幕式 → 首届…大会闭幕式), or a reported name after 此次 (此次慰问劳模先进活动)."""
        surface = sentence.text[name.start : name.end]
        mention = Mention(sentence.start + name.start, sentence.start + name.end, Kind.EVENT, surface, "grammar")
        reported = event_grammar.is_reported(sentence.text, name)
        if surface == name.head and name.kind == "Ceremony" and events and reported:
            main = events[0]
            full = Mention(mention.start, mention.end, Kind.EVENT, main.name.text + surface, "grammar")
            event = Event(name=full, kind=name.kind, aliases=[mention])
            event.places = self._opened_at(main, surface)
        elif surface != name.head and reported:
            event = Event(name=mention, kind=name.kind)
        else:
            return None
        event.evidence = _evidence(self.facts.article, sentence)
        self._describe(event, sentence, name)
        return event

    def _opened_at(self, main: Event, ceremony: str) -> list[Mention]:
        """Where an opening or closing ceremony was held: where the text says the main event
        opened or closed (大赛在北京市工会干部学院开幕 → its 开幕式 there too)."""
        verb = next((v for v in ("开幕", "闭幕", "开班", "开营") if ceremony.startswith(v)), None)
        if verb is None:
            return []
        article = self.text[self.facts.article.start : self.facts.article.end]
        return [place for place in main.places
                if re.search(f"在{re.escape(place.text)}[^，,。]{{0,4}}{verb}", article)]

    def _leading_org(self, sentence: Sentence, name: event_grammar.EventName) -> Mention | None:
        start, end = sentence.start + name.start, sentence.start + name.end
        return next((m for m in self.facts.mentions if m.kind == Kind.ORGANIZATION and m.start == start
                     and m.end < end - 1), None)

    def _describe(self, event: Event, sentence: Sentence, name: event_grammar.EventName) -> None:
        """Date, place and organizers from a sentence that reports the event."""
        if event.date is None:
            dates = find_dates(sentence.text)
            before = [d for d in dates if d.end <= name.start]
            if before or dates:
                event.date = (before[-1] if before else dates[0]).value
        self._add_places(event, sentence)
        in_sentence = [m for m in self.facts.mentions if sentence.start <= m.start < sentence.end]
        self._organizers(event, sentence, in_sentence, name)

    def _add_places(self, event: Event, sentence: Sentence) -> None:
        in_sentence = [m for m in self.facts.mentions if sentence.start <= m.start < sentence.end]
        for place in self._event_places(sentence, in_sentence):
            if place.text not in {p.text for p in event.places}:
                event.places.append(place)

    def _event_places(self, sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
        """The most specific place inside each ``在…举行``-style context of the sentence."""
        found = []
        for span in places.find_context_places(sentence.text):
            start, end = sentence.start + span.start, sentence.start + span.end
            inside = [m for m in mentions if m.kind == Kind.PLACE and start <= m.start and m.end <= end]
            whole = [m for m in inside if (m.start, m.end) == (start, end)]
            if whole or inside:  # the named venue itself, else the most specific division in it
                found.append(whole[0] if whole else max(inside, key=lambda m: (m.end, m.end - m.start)))
        return found

    def _organizers(self, event: Event, sentence: Sentence, mentions: list[Mention],
                    name: event_grammar.EventName) -> None:
        orgs = [m for m in mentions if m.kind == Kind.ORGANIZATION]
        roles = _organizer_roles(self.text, orgs)
        for org, role, organizes in roles:
            if organizes and org.text not in {o.text for o in event.organizers}:
                event.organizers.append(org)
            event.participants.append(Participant(org, role))

    def _participants(self, events: list[Event]) -> None:
        lexicon = load()
        target, previous = events[0], None
        for sentence, _ in self.chains:
            # a sentence naming no event speaks of the one before it in its paragraph, else
            # of the article's first
            same_paragraph = previous is not None and "\n" not in self.text[previous.end : sentence.start]
            persons = [m for m in self.facts.mentions if m.kind == Kind.PERSON
                       and sentence.start <= m.start < sentence.end]
            target = self._event_of_sentence(sentence, events, persons) or (target if same_paragraph else events[0])
            previous = sentence
            for place in self._visited_places(sentence):
                if place.text not in {p.text for p in target.places}:
                    target.places.append(place)
            listed: list[Mention] = []
            for person in persons:
                after = self.text[person.end : sentence.end]
                roles = [role for role, pattern in lexicon.event_roles if pattern.match(after)]
                if not roles:
                    if re.match(r"[,，、]", after):
                        listed.append(person)
                    else:
                        listed = []
                    continue
                evidence = _evidence(self.facts.article, sentence)
                for who in [*listed, person]:
                    for role in roles:
                        target.participants.append(Participant(who, role, evidence))
                listed = []

    def _visited_places(self, sentence: Sentence) -> list[Mention]:
        """Places listed right after a verb of going (来到昌平、密云…, 参观A、B), up to the
        clause end; an organization visited (参观…研究院) is a place there too."""
        found = []
        for verb in _GOING.finditer(sentence.text):
            clause_end = _CLAUSE_END.search(sentence.text, verb.end())
            start = sentence.start + verb.end()
            end = sentence.start + (clause_end.start() if clause_end else len(sentence.text))
            inside = [m for m in self.facts.mentions if m.kind in (Kind.PLACE, Kind.ORGANIZATION)
                      and start <= m.start and m.end <= end]
            outermost = sorted((m for m in inside if not any(o is not m and o.start <= m.start and m.end <= o.end
                                                              and o.end - o.start > m.end - m.start
                                                              for o in inside)), key=lambda m: m.start)
            if not outermost or outermost[0].start != start:
                continue  # 深入学习…首都: nothing visited follows the verb
            for mention in outermost:
                place = self._site(mention, inside)
                if place is not None and place not in found:
                    found.append(place)
        return found

    def _site(self, mention: Mention, mentions: list[Mention]) -> Mention | None:
        """The place a visited mention stands for: a place itself, an organization that is a
        site (…研究院), else the division an organization's name opens with (延庆|南菜园项目部)."""
        if mention.kind == Kind.PLACE or mention.text.endswith(load().sited_org_suffixes):
            return Mention(mention.start, mention.end, Kind.PLACE, mention.text, mention.source)
        return next((m for m in mentions if m.kind == Kind.PLACE and m.start == mention.start
                     and m.end < mention.end), None)

    def _event_of_sentence(self, sentence: Sentence, events: list[Event], persons: list[Mention]) -> Event | None:
        """The event a sentence names, unless only in what its first person says (张良指出,
        举办“工匠大会”是…: he speaks about that event, not at it)."""
        speaker_end = persons[0].end if persons else sentence.end
        for event in events:
            for mention in [event.name, *event.aliases]:
                if sentence.start <= mention.start < sentence.end and (
                        mention.start < speaker_end or not _CLAUSE_END.search(self.text, speaker_end, mention.start)):
                    return event
        return None


_DEFINING = re.compile(r"简称[“\"「]$")  # (以下简称“工匠大会”): the short name being defined
_GOING = re.compile(r"(?:来到|前往|走进|深入到?|参观了?|赴)")
_CLAUSE_END = re.compile(r"[，,。；;：:]")
_HOST_AFTER = re.compile(r"^(?:召开|举办|举行|组织|开展|主办|牵头|组织开展|共同组织|共同主办)")
_COHOST_AFTER = re.compile(r"^(?:承办|协办)")
_JOINT_HOST_AFTER = re.compile(r"^(?:联合|共同)(?:主办|举办|召开)")
_JOINT_AFTER = re.compile(r"^(?:联合|携手|会同)")


def _organizer_roles(text: str, orgs: list[Mention]) -> list[tuple[Mention, str, bool]]:
    """Hosts and co-hosts among organizations named before an event in its sentence, and
    whether each organizes it: hosts and 协办 co-organizers do, 承办 contractors do not."""
    roles: list[tuple[Mention, str, bool]] = []
    listed: list[Mention] = []
    joint_pending = False
    for org in orgs:
        after = text[org.end : org.end + 8]
        if text[org.start - 1 : org.start] == "在":
            listed = []
            continue  # 在北京市总工会职工服务中心召开: the venue, not the host
        if joint_pending:
            roles.append((org, "co-host", True))
            joint_pending = False
            listed = []
            continue
        if _HOST_AFTER.match(after) or _JOINT_HOST_AFTER.match(after):
            roles += [(o, "host", True) for o in [*listed, org]]
            listed = []
        elif _JOINT_AFTER.match(after):
            roles += [(o, "host", True) for o in [*listed, org]]
            joint_pending = True
            listed = []
        elif cohost := _COHOST_AFTER.match(after):
            roles += [(o, "co-host", cohost.group() == "协办") for o in [*listed, org]]
            listed = []
        elif after[:1] in "、,，":
            listed.append(org)
        else:
            listed = []
    return roles
