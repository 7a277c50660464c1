"""``kg viz``: a graph page for part of a finished build (one person's world, one organization's people)."""

from __future__ import annotations

import json
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli import app
from kg.cli.source import OUTPUT
from kg.errors import UserError

if TYPE_CHECKING:
    import networkx as nx

GRAPH_FILE = "graph.graphml"
CONNECTOR = "Position"
"""A post links a person to a title and an organization: reaching it reaches them in the same step."""


@dataclass(frozen=True)
class Cut:
    """The nodes a page keeps, and a Chinese sentence saying how they were chosen."""

    keep: list[str]
    note: str


@app.command()
def viz(
    source: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="A `kg build` output folder (default: output), or its graph.graphml.",
                       show_default=False),
    ] = OUTPUT,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The page to write; default: <focus>.html or graph.html.")
    ] = None,
    focus: Annotated[
        str | None, typer.Option("--focus", help="Centre the page on the entity with this name, alias or key.")
    ] = None,
    hops: Annotated[int, typer.Option("--hops", min=0, help="With --focus: how many steps out from it.")] = 2,
    types: Annotated[
        list[str] | None,
        typer.Option("--types", help="Keep only these node types (Person or 人物, …; repeat or separate with commas)."),
    ] = None,
    max_nodes: Annotated[
        int | None, typer.Option("--max-nodes", min=1, help="Keep at most this many nodes (nearest, then best connected).")
    ] = None,
) -> None:
    """Write a graph page for part of a build: one entity's neighbourhood, some types, or the best-connected nodes."""
    from kg.export.html import write_html

    graph = read_build_graph(source)
    wanted = parse_types(types or [])
    centres = find_focus(graph, focus) if focus else []
    cut = choose_nodes(graph, centres, hops if focus else None, wanted, max_nodes)
    page = output or Path(f"{graph.nodes[centres[0]]['name'] if centres else 'graph'}.html".replace("/", "_"))
    title = f"kg · {source.resolve().name}" + (f" · {focus}" if focus else "")
    write_html(graph.subgraph(cut.keep).copy(), page, title=title, note=cut.note, focus=centres[0] if centres else "")
    print(f"kg: wrote {page}: {cut.note or f'all {len(cut.keep)} nodes'}", file=sys.stderr)


def read_build_graph(source: Path) -> nx.MultiDiGraph:
    """The graph of a build folder, read back from its GraphML (aliases as lists, evidence as dicts)."""
    import networkx as nx

    path = source / GRAPH_FILE if source.is_dir() else source
    if not path.is_file():
        raise UserError(f"no {GRAPH_FILE} in {source}: run `kg build -o {source}` first")
    try:
        graph = nx.read_graphml(path, force_multigraph=True)
    except Exception as exc:  # a truncated or foreign file
        raise UserError(f"cannot read {path}: {exc}") from exc
    for _, attrs in graph.nodes(data=True):
        aliases = attrs.get("aliases")
        attrs["aliases"] = [a for a in aliases.split("|") if a] if isinstance(aliases, str) else []
    for _, _, attrs in graph.edges(data=True):
        if isinstance(attrs.get("evidence"), str):
            attrs["evidence"] = json.loads(attrs["evidence"])
    return graph


def parse_types(values: list[str]) -> set[str]:
    """Node types from English or Chinese names (Person, 人物), comma-separated or repeated."""
    from kg.export.html import TYPE_STYLE

    by_name = {t: t for t in TYPE_STYLE} | {style[0]: t for t, style in TYPE_STYLE.items()}
    by_name |= {t.lower(): t for t in TYPE_STYLE}
    wanted = set()
    for value in values:
        for name in filter(None, (part.strip() for part in value.replace("，", ",").split(","))):
            if (found := by_name.get(name) or by_name.get(name.lower())) is None:
                raise UserError(f"no node type {name!r}; the types are {', '.join(TYPE_STYLE)}")
            wanted.add(found)
    return wanted


def find_focus(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """The nodes ``name`` stands for: a key, else every node so named (one name, several people),
    else the one node so aliased or whose name contains it."""
    if name in graph:
        return [name]
    if named := sorted(n for n, a in graph.nodes(data=True) if a.get("name") == name):
        return named
    for found in (
        sorted(n for n, a in graph.nodes(data=True) if name in a.get("aliases", [])),
        sorted(n for n, a in graph.nodes(data=True) if name in str(a.get("name", ""))),
    ):
        if len(found) > 1:
            listed = "、".join(f"{graph.nodes[n]['name']} ({n})" for n in found[:8])
            more = " …" if len(found) > 8 else ""
            raise UserError(f"{len(found)} nodes match {name!r}: {listed}{more}; give one, e.g. --focus {found[0]}")
        if found:
            return found
    raise UserError(f"nothing is named {name!r} in the build")


def choose_nodes(
    graph: nx.MultiDiGraph, centres: list[str], hops: int | None, types: set[str], max_nodes: int | None
) -> Cut:
    """The nodes to draw: within ``hops`` of ``centres`` (if any), of ``types`` (if any), at most
    ``max_nodes`` of them (nearest first, then best connected), and a note saying so."""
    from kg.export.html import TYPE_STYLE

    allowed = {n for n, t in graph.nodes(data="type") if not types or t in types or n in centres}
    notes = []
    if centres:
        distance = _distances(graph, centres, hops or 0, allowed)
        names = "、".join(graph.nodes[c]["name"] for c in centres)
        notes.append(f"以「{names}」为中心 {hops} 层内的 {len(distance)} 个节点")
    else:
        distance = dict.fromkeys(allowed, 0)
    if types:
        notes.append("只含" + "、".join(TYPE_STYLE[t][0] for t in sorted(types, key=list(TYPE_STYLE).index)))
    degree = {n: graph.degree(n) for n in distance}
    keep = sorted(distance, key=lambda n: (distance[n], -degree[n], n))
    if max_nodes is not None and len(keep) > max_nodes:
        rule = "离中心近的优先，同样近的按关系数" if centres else f"{len(keep)} 个节点按关系数"
        notes.append(f"超过上限 {max_nodes}：{rule}保留 {max_nodes} 个，略去 {len(keep) - max_nodes} 个")
        keep = keep[:max_nodes]
    elif not centres and not types:
        return Cut(sorted(keep), "")
    return Cut(sorted(set(keep) | _sources(graph, keep)), "；".join(notes))


def _distances(graph: nx.MultiDiGraph, centres: list[str], hops: int, allowed: set[str]) -> dict[str, int]:
    """Steps from the nearest centre over facts (not ``mentions``), within ``hops``; a post is
    reached together with what it links."""
    distance = dict.fromkeys(centres, 0)
    queue = deque(centres)
    while queue:
        node = queue.popleft()
        free = graph.nodes[node].get("type") == CONNECTOR
        if distance[node] >= hops and not free:
            continue
        for other in _fact_neighbours(graph, node):
            if other in distance or other not in allowed:
                continue
            distance[other] = distance[node] + (0 if free else 1)
            (queue.appendleft if free else queue.append)(other)
    return distance


def _sources(graph: nx.MultiDiGraph, keep: list[str]) -> set[str]:
    """The articles the facts among ``keep`` were read from (the page hides them until asked)."""
    kept = set(keep)
    cited = {a for u, v, a in graph.subgraph(kept).edges(data="article") if a in graph}
    return cited - kept


def _fact_neighbours(graph: nx.MultiDiGraph, node: str) -> list[str]:
    from kg.schema import RELATION

    edges = [*graph.out_edges(node, data="rel"), *graph.in_edges(node, data="rel")]
    found = {v if u == node else u for u, v, rel in edges if rel not in RELATION or RELATION[rel].fact}
    return sorted(found - {node})
