"""The written-for-the-test sentences of ``tests/sentences/*.jsonl``: run and checked.

Each case is a text (a sentence, or a short article) with what must be extracted from it
(``expect``) and what must not (``absent``). Names are compared as the text writes them, except
in ``resolution.jsonl``, where organizations and places are the resolved entities' names; an
honor is found under its printed form and under the name the graph gives it.
Positions, honors, bylines and event participants are complete sets; the other lists say what
must be among the results (an event's places or organizers are complete too with ``only_places``
or ``only_organizers``, and when listed as none; its name is matched whole with ``exact``). ``python tests/sentence_cases.py`` prints every failure and the
pass rate per file.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.extract.honors import canonical as honor_name
from kg.extract.pipeline import Extractor
from kg.model import ArticleFacts, Kind, Page
from kg.read.articles import split_articles
from kg.read.paragraphs import rebuild
from kg.resolve.entities import Resolver

SENTENCES = Path(__file__).resolve().parent / "sentences"
_QUOTES = re.compile(r"[“”\"‘’《》「」\s]")


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expect: dict
    absent: dict
    note: str


def cases(name: str) -> list[Case]:
    lines = (SENTENCES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [Case(**{"absent": {}, **json.loads(line)}) for line in lines if line.strip()]


@functools.cache
def _extractor() -> Extractor:
    return Extractor()


@dataclass
class Found:
    """What kg read off a case, as names (sets of tuples where facts have several parts)."""

    persons: set
    organizations: set
    places: set
    titles: set
    honors: set
    positions: set
    person_honors: set
    org_honors: set
    bylines: set
    events: list


def extract(text: str, resolved: bool = False) -> Found:
    rebuilt, offsets = rebuild(text)
    corpus = _extractor()(split_articles(Page("case", "case.txt", rebuilt, offsets)))
    name = _names(corpus, resolved)
    kinds = {kind: {name(f, m) for f in corpus for m in f.all_mentions() if m.kind == kind} for kind in Kind}
    return Found(
        persons=kinds[Kind.PERSON],
        organizations=kinds[Kind.ORGANIZATION],
        places=kinds[Kind.PLACE],
        titles=kinds[Kind.TITLE],
        honors={form for h in kinds[Kind.HONOR] | {a.honor.text for f in corpus for a in f.awards}
                for form in (h, _honor(h))},
        positions={(p.person.text, p.title.text, name(f, p.org) if p.org else None)
                   for f in corpus for p in f.positions},
        person_honors={(a.recipient.text, _honor(name(f, a.honor))) for f in corpus for a in f.awards
                       if a.recipient.kind == Kind.PERSON},
        org_honors={(name(f, a.recipient), _honor(a.honor.text)) for f in corpus for a in f.awards
                    if a.recipient.kind == Kind.ORGANIZATION},
        bylines={(b.person.text, b.role) for f in corpus for b in f.bylines},
        events=[(f, e) for f in corpus for e in f.events],
    )


def _honor(surface: str) -> str:
    """An honor by the name the graph gives it (“全国工人先锋号”称号 → 全国工人先锋号)."""
    return honor_name(surface) or surface


def _names(corpus: list[ArticleFacts], resolved: bool):
    """How a mention is named: as written, or (resolved) by its entity's name."""
    if not resolved:
        return lambda facts, mention: mention.text
    resolution = Resolver().resolve(corpus)
    return lambda facts, mention: resolution.entities[resolution.key(facts.article.article_id, mention)].name


def failures(case: Case, resolved: bool = False) -> list[str]:
    """What the case expects and kg did not do, one line each."""
    found = extract(case.text, resolved)
    problems = []
    for key, wanted in case.expect.items():
        if key == "events":
            problems += _event_failures(found, wanted)
        elif key in ("positions", "person_honors", "org_honors", "bylines"):
            got = getattr(found, key)
            wanted_set = {tuple(item) for item in wanted}
            if got != wanted_set:
                problems.append(f"{key}: missing {sorted(wanted_set - got, key=str)} extra {sorted(got - wanted_set, key=str)}")
        else:
            missing = set(wanted) - getattr(found, key)
            if missing:
                problems.append(f"{key}: missing {sorted(missing)}")
    for key, unwanted in case.absent.items():
        if key == "events":
            names = {_QUOTES.sub("", e.name.text) for _, e in found.events}
            for item in unwanted:
                name = item["name"] if isinstance(item, dict) else item
                if _QUOTES.sub("", name) in names:
                    problems.append(f"events: unwanted {name}")
            continue
        got = getattr(found, key)
        items = {tuple(i) if isinstance(i, list) else i for i in unwanted}
        if items & got:
            problems.append(f"{key}: unwanted {sorted(items & got, key=str)}")
    return problems


def _event_failures(found: Found, wanted: list[dict]) -> list[str]:
    problems = []
    for expected in wanted:
        event = _matching_event(found, expected["name"])
        if event is None:
            problems.append(f"event {expected['name']}: not found")
            continue
        if expected.get("exact") and _QUOTES.sub("", event.name.text) != _QUOTES.sub("", expected["name"]):
            problems.append(f"event {expected['name']}: named {event.name.text}")
        if "date" in expected and event.date != expected["date"]:
            problems.append(f"event {expected['name']}: date {event.date} != {expected['date']}")
        for key in ("places", "organizers"):
            got = {m.text for m in getattr(event, key)}
            missing = set(expected.get(key, [])) - got
            if missing:
                problems.append(f"event {expected['name']}: {key} missing {sorted(missing)}")
            if (expected.get(key) == [] or expected.get(f"only_{key}")) and got - set(expected.get(key, [])):
                problems.append(f"event {expected['name']}: {key} unwanted {sorted(got - set(expected[key]))}")
        if "participants" in expected:
            got = {(p.who.text, p.role) for p in event.participants}
            want = {tuple(p) for p in expected["participants"]}
            if got != want:
                problems.append(f"event {expected['name']}: participants missing {sorted(want - got)} "
                                f"extra {sorted(got - want)}")
    return problems


def _matching_event(found: Found, name: str):
    """The event named ``name`` (or with it as an alias), else one whose name contains it or
    is contained in it (three characters at least)."""
    target = _QUOTES.sub("", name)
    events = [e for _, e in found.events]
    for event in events:
        if target in {_QUOTES.sub("", m.text) for m in (event.name, *event.aliases)}:
            return event
    for event in events:
        names = {_QUOTES.sub("", m.text) for m in (event.name, *event.aliases)}
        if any((target in n or n in target) and min(len(n), len(target)) >= 3 for n in names):
            return event
    return None


def report(names: list[str]) -> Iterator[str]:
    for name in names:
        all_cases = cases(name)
        failed = [(c, failures(c, resolved=name == "resolution")) for c in all_cases]
        failed = [(c, f) for c, f in failed if f]
        yield f"== {name}: {len(all_cases) - len(failed)}/{len(all_cases)} pass"
        for case, problems in failed:
            yield f"  {case.id} {case.text[:60]!r}"
            yield from (f"      {p}" for p in problems)


FILES = ("mentions", "chains", "honors", "events", "bylines", "places", "resolution")

if __name__ == "__main__":
    for line in report(sys.argv[1:] or list(FILES)):
        print(line)
