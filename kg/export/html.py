"""``graph.html``: one self-contained, offline, interactive view of the knowledge graph.

The page is rendered from our own Jinja2 template (``templates/graph.html.j2``) with the
vis-network bundle that ships inside the pyvis package inlined, so it needs no network at all
(a Content-Security-Policy in the page forbids every remote load). pyvis' own template is not
used: it links Bootstrap from a CDN, lists node ids unescaped and mangles option JSON.

All graph data goes into one ``<script type="application/json">`` block, JSON-encoded with
``<``, ``>`` and ``&`` escaped, and the page script builds the DOM with ``textContent`` only,
so names taken from news text cannot break out of the page. Relation labels and their order
come from ``kg.schema.RELATIONS`` through that data; the page script names no relation.

Output is deterministic: nodes and edges are sorted, the layout is seeded and pure Python,
and nothing depends on time or locale.
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections import defaultdict
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx

from kg.export.atomic import write_text
from kg.schema import RELATION, RELATIONS, Part

__all__ = ["write_html", "render_html", "graph_payload", "layout_positions", "PHYSICS_MAX_NODES"]

#: Graphs with more (visible) nodes than this get a precomputed layout and no physics.
PHYSICS_MAX_NODES = 300

VIS_VERSION = "9.1.2"

#: type -> (Chinese label, colour, vis shape, base size, hidden by default)
TYPE_STYLE: dict[str, tuple[str, str, str, float, bool]] = {
    "Person": ("人物", "#e15759", "dot", 13, False),
    "Organization": ("机构", "#4e79a7", "square", 12, False),
    "Place": ("地点", "#59a14f", "triangle", 12, False),
    "Title": ("职务", "#f28e2b", "hexagon", 10, False),
    "Honor": ("荣誉", "#d4a514", "star", 13, False),
    "Event": ("活动", "#b07aa1", "diamond", 12, False),
    "Position": ("职位", "#a0a4ab", "dot", 5, False),
    "Article": ("文章", "#76b7b2", "triangleDown", 9, True),
    "Page": ("版面", "#9c755f", "square", 9, True),
}
OTHER_STYLE = ("其他", "#8c8c8c", "dot", 8, False)

#: Relations that do not shape the layout (``layout`` in ``kg.schema``): articles, and titles
#: (副主席 links positions in every organization; the position's own label already names it),
#: would pull everything together.
_NON_LAYOUT_RELS = frozenset(r.name for r in RELATIONS if not r.layout)
_NON_LAYOUT_TYPES = frozenset({"Article", "Page"})

_FONT_STACK = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

_TEMPLATES = Path(__file__).with_name("templates")


# ----------------------------------------------------------------------------------------
# public API


def write_html(graph: nx.MultiDiGraph, path: Path, *, title: str = "kg") -> None:
    """Write ``graph`` as one self-contained interactive HTML page (UTF-8, atomically)."""
    write_text(Path(path), render_html(graph, title=title))


def render_html(graph: nx.MultiDiGraph, *, title: str = "kg") -> str:
    payload = graph_payload(graph, title=title)
    template = _environment().get_template("graph.html.j2")
    return template.render(
        title=title,
        font_stack=_FONT_STACK,
        css=_read_template_file("graph.css"),
        vis_js=_vis_js(),
        app_js=_read_template_file("graph.js"),
        data_json=_json_for_script(payload),
        vis_version=VIS_VERSION,
    )


def graph_payload(graph: nx.MultiDiGraph, *, title: str = "kg") -> dict[str, Any]:
    """The JSON document the page reads: compact arrays, documented in ``graph.js``.

    ``nodes``: ``[key, type, name, aliases, x, y, size, extra]``;
    ``facts``: ``[source, target, rel, sentence index or -1, article (node index, key or null),
    start, end]``; ``sentences``: evidence sentences, deduplicated; ``rels``: each relation
    present → its Chinese labels ``[from the source, from the target]``, and ``relOrder`` the
    order to list them in, both from ``kg.schema.RELATIONS``; ``links``: the relations that
    index the text rather than state facts (``mentions``); ``parts``: the relations that
    complete a Position's membership (its title and organization).
    """
    keys = sorted(graph.nodes, key=_sort_key)
    index = {k: i for i, k in enumerate(keys)}
    attrs = [graph.nodes[k] for k in keys]
    types = [str(a.get("type") or "Other") for a in attrs]

    # facts, sorted for determinism
    raw_edges = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        rel = str(data.get("rel") or key or "")
        ev = data.get("evidence") or {}
        if not isinstance(ev, dict):
            ev = {"sentence": str(ev)}
        sentence = ev.get("sentence")
        article = data.get("article")
        raw_edges.append(
            (
                index[u],
                index[v],
                rel,
                "" if sentence is None else str(sentence),
                article,
                _int_or_none(ev.get("start")),
                _int_or_none(ev.get("end")),
            )
        )
    raw_edges.sort(
        key=lambda e: (
            e[0],
            e[1],
            e[2],
            e[3],
            _sort_key(e[4]) if e[4] is not None else (),
            _num(e[5]),
            _num(e[6]),
        )
    )

    sentences: list[str] = []
    sentence_index: dict[str, int] = {}
    facts = []
    seen = set()
    for u, v, rel, sentence, article, start, end in raw_edges:
        if sentence:
            s = sentence_index.get(sentence)
            if s is None:
                s = sentence_index[sentence] = len(sentences)
                sentences.append(sentence)
        else:
            s = -1
        if article is None:
            a: int | str | None = None
        else:
            a = index.get(article, str(article))
        fact = (u, v, rel, s, a, start, end)
        if fact in seen:
            continue
        seen.add(fact)
        facts.append(list(fact))

    # layout adjacency: entities only, without mentions
    core_adj: list[set[int]] = [set() for _ in keys]
    any_adj: list[set[int]] = [set() for _ in keys]
    for u, v, rel, *_ in facts:
        if u == v:
            continue
        any_adj[u].add(v)
        any_adj[v].add(u)
        if (
            rel not in _NON_LAYOUT_RELS
            and types[u] not in _NON_LAYOUT_TYPES
            and types[v] not in _NON_LAYOUT_TYPES
        ):
            core_adj[u].add(v)
            core_adj[v].add(u)
    positions = layout_positions(types, core_adj, any_adj)

    nodes = []
    for i, (k, a, t) in enumerate(zip(keys, attrs, types, strict=True)):
        name = a.get("name")
        name = str(k) if name is None or name == "" else str(name)
        aliases = a.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        aliases = sorted({str(x) for x in aliases if x is not None and str(x) != name})
        extra = {
            f: _jsonable(a[f])
            for f in ("kind", "date", "page", "index", "path")
            if a.get(f) not in (None, "")
        }
        base = _style(t)[3]
        degree = len(core_adj[i]) if t not in _NON_LAYOUT_TYPES else len(any_adj[i])
        size = round(base + (min(4.0 * math.log2(1 + degree), 20.0) if t != "Position" else 0.0), 1)
        x, y = positions[i]
        nodes.append([str(k), t, name, aliases, x, y, size, extra])

    present = sorted(set(types), key=lambda t: (list(TYPE_STYLE).index(t) if t in TYPE_STYLE else 99, t))
    visible = sum(1 for t in types if not _style(t)[4])
    large = visible > PHYSICS_MAX_NODES
    # in a large graph the few Title hubs tie every organization together: off by default
    type_rows = [[t, *_style(t)[:3], _style(t)[4] or (large and t == "Title")] for t in present]
    rels = _rel_rows({f[2] for f in facts})
    return {
        "version": 1,
        "title": title,
        "physics": not large,
        "types": type_rows,
        "rels": rels,
        "relOrder": list(rels),
        "links": [r for r in rels if r in RELATION and not RELATION[r].fact],
        "parts": [r for r in rels if r in RELATION and isinstance(RELATION[r].rdf, Part)],
        "nodes": nodes,
        "facts": facts,
        "sentences": sentences,
    }


# ----------------------------------------------------------------------------------------
# layout: balloon trees per component, packed on shelves; pure Python, O(n log n)

_LEAF = 30.0  # radius of the disc a leaf needs (node + some label room)
_PAD = 10.0  # between sibling discs
_MIN_RING = 90.0  # shortest parent-child distance
_SPACING = 70.0  # grid spacing for loose nodes
_MARGIN = 160.0  # between packed components


def layout_positions(
    types: list[str], core_adj: list[set[int]], any_adj: list[set[int]]
) -> list[tuple[float, float]]:
    """Deterministic positions for every node (index-aligned with ``types``).

    Entity nodes are laid out by component as balloon trees (each node's children on a circle
    around it, sized to fit their own subtrees) grown from the best-connected node; components
    are packed in rows, largest first. Article and Page nodes, and nodes tied to the rest only by
    relations that do not shape the layout (``mentions``, ``role``), are then set beside the
    nodes they connect to.
    """
    n = len(types)
    if n == 0:
        return []
    pos: list[tuple[float, float] | None] = [None] * n
    core = [i for i in range(n) if types[i] not in _NON_LAYOUT_TYPES]

    # connected components of the core graph, largest first
    seen = [False] * n
    comps: list[list[int]] = []
    for s in core:
        if seen[s]:
            continue
        seen[s] = True
        comp, queue = [], [s]
        while queue:
            x = queue.pop()
            comp.append(x)
            for y in core_adj[x]:
                if not seen[y]:
                    seen[y] = True
                    queue.append(y)
        comp.sort()
        comps.append(comp)
    # loose nodes (degree 0) are gathered into one grid block instead of one block each
    loose = [c[0] for c in comps if len(c) == 1 and not any_adj[c[0]]]
    # singletons with other ties (a title reached only by ``role``) become satellites
    comps = [c for c in comps if len(c) > 1]
    comps.sort(key=lambda c: (-len(c), c[0]))

    blocks: list[tuple[dict[int, tuple[float, float]], float]] = []
    for comp in comps:
        local = _balloon_tree(comp, core_adj)
        radius = max((math.hypot(x, y) for x, y in local.values()), default=0.0)
        blocks.append((local, radius))
    if loose:
        side = max(1, math.ceil(math.sqrt(len(loose))))
        local = {}
        for j, i in enumerate(loose):
            r, c = divmod(j, side)
            local[i] = ((c - (side - 1) / 2) * _SPACING * 1.6, (r - (side - 1) / 2) * _SPACING)
        radius = max((math.hypot(x, y) for x, y in local.values()), default=0.0)
        blocks.append((local, radius))

    # shelf packing of blocks (bounding squares), rows centred
    total = sum((2 * r + _MARGIN) ** 2 for _, r in blocks)
    width = max([2 * r + _MARGIN for _, r in blocks[:1]] + [math.sqrt(total) * 1.15])
    rows: list[list[tuple[dict[int, tuple[float, float]], float]]] = [[]]
    row_w = 0.0
    for block in blocks:
        d = 2 * block[1] + _MARGIN
        if rows[-1] and row_w + d > width:
            rows.append([])
            row_w = 0.0
        rows[-1].append(block)
        row_w += d
    y0 = 0.0
    for row in rows:
        if not row:
            continue
        h = max(2 * r + _MARGIN for _, r in row)
        rw = sum(2 * r + _MARGIN for _, r in row)
        x0 = -rw / 2
        for local, r in row:
            cx, cy = x0 + r + _MARGIN / 2, y0 + h / 2
            for i, (x, y) in local.items():
                pos[i] = (cx + x, cy + y)
            x0 += 2 * r + _MARGIN
        y0 += h

    # satellites (articles, pages, entities only mentioned): beside what they touch
    golden = math.pi * (3 - math.sqrt(5))
    pending = [i for i in range(n) if pos[i] is None]
    # articles before pages, so a page can sit among its articles
    pending.sort(key=lambda i: (types[i] == "Article", types[i] == "Page", i))
    crowd: dict[tuple[int, int], int] = defaultdict(int)
    orphans = []
    for i in pending:
        anchors = [pos[j] for j in sorted(any_adj[i]) if pos[j] is not None]
        if not anchors:
            orphans.append(i)
            continue
        cx = sum(p[0] for p in anchors) / len(anchors)
        cy = sum(p[1] for p in anchors) / len(anchors)
        cell = (round(cx / 40), round(cy / 40))
        k = crowd[cell]
        crowd[cell] += 1
        r = 60.0 + 14.0 * math.sqrt(k)
        pos[i] = (cx + r * math.cos(k * golden + 0.5), cy + r * math.sin(k * golden + 0.5))
    if orphans:
        side = max(1, math.ceil(math.sqrt(len(orphans))))
        for j, i in enumerate(orphans):
            r, c = divmod(j, side)
            pos[i] = ((c - (side - 1) / 2) * _SPACING * 1.6, y0 + _MARGIN + r * _SPACING)

    # centre on the origin and round (stable bytes, smaller file)
    xs = [p[0] for p in pos if p is not None]
    ys = [p[1] for p in pos if p is not None]
    if not xs:
        return []
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return [(round(p[0] - mx, 1), round(p[1] - my, 1)) for p in pos if p is not None]


def _balloon_tree(comp: list[int], adj: list[set[int]]) -> dict[int, tuple[float, float]]:
    """Balloon layout of a BFS tree of one component, rooted at its best-connected node."""
    if len(comp) == 1:
        return {comp[0]: (0.0, 0.0)}
    root = min(comp, key=lambda i: (-len(adj[i]), i))
    seen = {root}
    order = [root]
    children: dict[int, list[int]] = {}
    head = 0
    while head < len(order):
        x = order[head]
        head += 1
        kids = [y for y in sorted(adj[x]) if y not in seen]
        seen.update(kids)
        if kids:
            children[x] = kids
        order.extend(kids)

    gap = math.pi / 3  # keep the side facing the parent free
    disc: dict[int, float] = {}
    ring: dict[int, float] = {}
    for x in reversed(order):
        kids = children.get(x)
        if not kids:
            disc[x] = _LEAF
            continue
        # big subtrees first, then alternate so large discs are not neighbours
        kids.sort(key=lambda c: (-disc[c], c))
        kids[:] = kids[0::2] + kids[1::2][::-1]
        span = 2 * math.pi if x == root else 2 * math.pi - gap
        biggest = max(disc[c] for c in kids)
        circumference = sum(2 * disc[c] + _PAD for c in kids)
        rho = max(_MIN_RING, circumference / span, biggest + _LEAF + _PAD)
        ring[x] = rho
        disc[x] = rho + biggest

    pos = {root: (0.0, 0.0)}
    heading = {root: -math.pi / 2}
    for x in order:
        kids = children.get(x)
        if not kids:
            continue
        span = 2 * math.pi if x == root else 2 * math.pi - gap
        total = sum(2 * disc[c] + _PAD for c in kids)
        a = heading[x] - span / 2
        px, py = pos[x]
        for c in kids:
            w = span * (2 * disc[c] + _PAD) / total
            theta = a + w / 2
            pos[c] = (px + ring[x] * math.cos(theta), py + ring[x] * math.sin(theta))
            heading[c] = theta
            a += w
    return pos


# ----------------------------------------------------------------------------------------
# helpers


def _rel_rows(present: set[str]) -> dict[str, list[str]]:
    """Each relation present, in ``kg.schema.RELATIONS`` order (unknown ones last, by name), with
    its Chinese labels from the source and from the target."""
    rows = {r.name: list(r.labels) for r in RELATIONS if r.name in present}
    rows.update({name: [name, name] for name in sorted(present - set(rows))})
    return rows


def _style(t: str) -> tuple[str, str, str, float, bool]:
    return TYPE_STYLE.get(t, OTHER_STYLE)


def _sort_key(value: Any) -> tuple:
    return (type(value).__name__, str(value))


def _int_or_none(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _num(value: int | None) -> int:
    return -1 if value is None else value


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _json_for_script(payload: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


@cache
def _read_template_file(name: str) -> str:
    return _inline_safe((_TEMPLATES / name).read_text(encoding="utf-8"), name)


@lru_cache(maxsize=1)
def _vis_js() -> str:
    """vis-network's standalone bundle as shipped inside the pyvis package."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed; it provides the vis-network bundle")
    base = Path(next(iter(spec.submodule_search_locations)))
    for rel in (
        f"lib/vis-{VIS_VERSION}/vis-network.min.js",
        f"templates/lib/vis-{VIS_VERSION}/vis-network.min.js",
    ):
        if (base / rel).is_file():
            text = (base / rel).read_text(encoding="utf-8")
            break
    else:
        raise RuntimeError(f"vis-network {VIS_VERSION} not found in {base}")
    # drop the source-map comment: devtools would try to fetch it
    lines = [line for line in text.split("\n") if not line.startswith("//# sourceMappingURL=")]
    return _inline_safe("\n".join(lines), "vis-network.min.js")


def _inline_safe(text: str, name: str) -> str:
    low = text.lower()
    for bad in ("</script", "<!--", "</style"):
        if bad in low:
            raise RuntimeError(f"{name} contains {bad!r} and cannot be inlined")
    return text
