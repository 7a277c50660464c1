"""``kg show``: everything a build knows about one person, organization, place, title, honor or event."""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli import app
from kg.cli.source import BUILD_HELP, OUTPUT, build_and_argument
from kg.errors import UserError

if TYPE_CHECKING:
    from rich.console import Group
    from rich.text import Text

    from kg.query.card import Candidate, Card, Evidence, Match


class CardFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
def show(
    first: Annotated[str | None, typer.Argument(metavar="DIR", help=BUILD_HELP, show_default=False)] = None,
    second: Annotated[
        str | None,
        typer.Argument(metavar="NAME", help="A name or alias (张良, 市总工会), or an IRI such as person:张良.",
                       show_default=False),
    ] = None,
    output_format: Annotated[
        CardFormat, typer.Option("--format", help="text for people, json for programs.")
    ] = CardFormat.TEXT,
) -> None:
    """Show an entity's names, posts, events, honors, places and members, each with its source sentence."""
    source, name = build_and_argument("show", first, second)
    if name is None or not name.strip():
        raise UserError("which entity? give a name, an alias or an IRI: kg show [DIR] NAME")
    from kg.query.card import Match, entity_card, find_entities
    from kg.query.run import output_console
    from kg.query.store import Build

    build = Build(source)
    candidates, match = find_entities(build, name)
    if not candidates:
        raise UserError(f"nothing is named {name!r} in {source}")
    if len(candidates) > 1:
        _print_candidates(name, candidates, match, output_format, source)
        return
    if match is Match.SUBSTRING:
        print(f"kg: nothing is named {name!r} exactly; showing {candidates[0].name}", file=sys.stderr)
    card = entity_card(build, candidates[0].iri)
    if output_format is CardFormat.JSON:
        print(json.dumps(dataclasses.asdict(card), ensure_ascii=False, indent=2))
    else:
        output_console().print(card_text(card))


def card_text(card: Card) -> Group:
    """The card for a terminal: a heading, then each section's facts with their quoted evidence."""
    from rich.console import Group
    from rich.text import Text

    from kg.query.run import shorten

    parts = [
        Text.assemble((card.name, "bold"), "  ", (" ".join(card.types), "cyan")),
        Text(shorten(card.iri), style="dim"),
    ]
    if card.aliases:
        parts.append(Text("also called " + "、".join(card.aliases)))
    for section in card.sections:
        parts.append(Text("\n" + section.title, style="bold underline"))
        for fact in section.facts:
            parts.append(Text("  • " + fact.text))
            parts.extend(_evidence_text(evidence) for evidence in fact.evidence)
    return Group(*parts)


def _evidence_text(evidence: Evidence) -> Text:
    from rich.text import Text

    source = " · ".join(part for part in (evidence.headline, evidence.page) if part)
    text = Text.assemble("      ", (f"“{evidence.sentence}”", "green"))
    if source:
        text.append(f"\n        — {source}", style="dim")
    return text


def _print_candidates(
    name: str, candidates: list[Candidate], match: Match, output_format: CardFormat, source: Path
) -> None:
    from rich.table import Table
    from rich.text import Text

    from kg.query.card import Match
    from kg.query.run import output_console, shorten

    if output_format is CardFormat.JSON:
        listing = {"match": match, "candidates": [dataclasses.asdict(c) for c in candidates]}
        print(json.dumps(listing, ensure_ascii=False, indent=2))
        return
    console = output_console()
    what = {Match.NAME: "are named", Match.ALIAS: "are also called"}.get(match, "have names containing")
    console.print(Text(f"{len(candidates)} entities {what} {name!r}:"))
    table = Table("type", "name", "IRI", box=None, padding=(0, 2, 0, 2))
    for candidate in candidates:
        table.add_row(Text(" ".join(candidate.types)), Text(candidate.name), Text(shorten(candidate.iri)))
    console.print(table)
    build = "" if source == OUTPUT else f"{source} "
    console.print(Text(f"Show one by its IRI, e.g. kg show {build}{shorten(candidates[0].iri)}", style="dim"))
