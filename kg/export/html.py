"""``graph.html``: one self-contained, offline, interactive view of the knowledge graph.

The page is rendered from our own Jinja2 template (``templates/graph.html.j2``) with the
vis-network bundle that ships inside the pyvis package inlined, so it needs no network at all
(a Content-Security-Policy in the page forbids every remote load). pyvis' own template is not
used: it links Bootstrap from a CDN, lists node ids unescaped and mangles option JSON.

All graph data goes into one ``<script type="application/json">`` block, JSON-encoded with
``<``, ``>`` and ``&`` escaped, and the page script builds the DOM with ``textContent`` only,
so names taken from news text cannot break out of the page. Relation labels and their order
come from ``kg.schema.RELATIONS`` through that data; the page script names no relation.

The layout is computed here (``kg.export.layout``), so the page opens still; a graph with more
than ``OVERVIEW_ABOVE`` nodes opens on its ``OVERVIEW_NODES`` best-connected ones, and search
reaches every node. Names of kinds and dates are written in Chinese, and Markdown markers are
taken out of evidence sentences.

Output is deterministic: nodes and edges are sorted, the layout is seeded, and nothing depends
on time or locale.
"""

from __future__ import annotations

import importlib.util
import io
import json
import math
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import IO, Any

import jinja2
import networkx as nx

from kg.export.atomic import atomic_open
from kg.export.layout import layout_positions
from kg.schema import RELATION, RELATIONS, Part

__all__ = ["write_html", "render_html", "write_page", "graph_payload", "OVERVIEW_ABOVE", "OVERVIEW_NODES"]

OVERVIEW_ABOVE = 3000
"""A graph with more nodes than this (of the types shown at first) opens on an overview …"""
OVERVIEW_NODES = 1500
"""… of this many nodes, the best connected; the rest appear around what the reader selects."""

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

#: an Event's or a Place's ``kind`` in Chinese
KIND_ZH = {
    **{"Meeting": "会议", "Ceremony": "仪式", "Contest": "竞赛", "Visit": "走访"},
    **{"Campaign": "主题活动", "Lecture": "讲座", "Exhibition": "展览"},
    **{"country": "国家", "province": "省级行政区", "city": "地级行政区", "district": "县级行政区"},
    **{"town": "乡级行政区", "venue": "场所"},
}

#: Relations that do not shape the layout (``layout`` in ``kg.schema``): articles, and titles
#: (副主席 links positions in every organization; the position's own label already names it),
#: would pull everything together.
_NON_LAYOUT_RELS = frozenset(r.name for r in RELATIONS if not r.layout)
_NON_LAYOUT_TYPES = frozenset({"Article", "Page"})

_FONT_STACK = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
)

_TEMPLATES = Path(__file__).with_name("templates")


# ----------------------------------------------------------------------------------------
# public API


def write_html(graph: nx.MultiDiGraph, path: Path, *, title: str = "kg", note: str = "", focus: str = "") -> None:
    """Write ``graph`` as one self-contained interactive HTML page (UTF-8, atomically).

    ``note`` is shown under the title: what part of a bigger graph this page holds; the page
    opens with the node keyed ``focus`` selected.
    """
    with atomic_open(Path(path)) as out:
        write_page(graph, out, title=title, note=note, focus=focus)


def render_html(graph: nx.MultiDiGraph, *, title: str = "kg", note: str = "", focus: str = "") -> str:
    """The page for ``graph`` as a string (see :func:`write_html`)."""
    out = io.StringIO()
    write_page(graph, out, title=title, note=note, focus=focus)
    return out.getvalue()


def write_page(graph: nx.MultiDiGraph, out: IO[str], *, title: str = "kg", note: str = "", focus: str = "") -> None:
    """Write the page for ``graph`` to ``out`` (see :func:`write_html`) a piece at a time."""
    data = _json_for_script(graph_payload(graph, title=title, note=note, focus=focus))
    template = _environment().get_template("graph.html.j2")
    for piece in template.generate(
        title=title,
        font_stack=_FONT_STACK,
        css=_read_template_file("graph.css"),
        vis_js=_vis_js(),
        app_js=_read_template_file("graph.js"),
        data_json=_DATA,
        vis_version=VIS_VERSION,
    ):
        before, data_here, after = piece.partition(_DATA)
        out.write(before)
        if data_here:
            for text in data:
                out.write(text)
            out.write(after)


_DATA = "\0kg-data\0"
"""Where the template puts the page's data, which is written there a piece at a time."""


def graph_payload(
    graph: nx.MultiDiGraph, *, title: str = "kg", note: str = "", focus: str = ""
) -> dict[str, Any]:
    """The JSON document the page reads: compact arrays, documented in ``graph.js``.

    ``nodes``: ``[key, type, name, aliases, x, y, size, extra]`` (``extra``: kind and date in
    Chinese, page, index, path);
    ``facts``: ``[source, target, rel, sentence index or -1, article (node index, key or null),
    start, end]``; ``sentences``: evidence sentences, deduplicated; ``rels``: each relation
    present → its Chinese labels ``[from the source, from the target]``, and ``relOrder`` the
    order to list them in, both from ``kg.schema.RELATIONS``; ``links``: the relations that
    index the text rather than state facts (``mentions``); ``parts``: the relations that
    complete a Position's membership (its title and organization); ``overview``: how many
    nodes to show at first (0: all); ``note``: what part of a bigger graph this is; ``focus``: the
    key of the node to select at first, if any.
    """
    keys = sorted(graph.nodes, key=_sort_key)
    index = {k: i for i, k in enumerate(keys)}
    attrs = [graph.nodes[k] for k in keys]
    types = [str(a.get("type") or "Other") for a in attrs]

    # facts, sorted for determinism (one source node at a time), each once
    sentences: list[str] = []
    sentence_index: dict[str, int] = {}
    facts: list[tuple] = []
    seen = set()
    plain: dict[str, str] = {}  # each evidence sentence, as read by several facts, cleaned once
    for u, key in enumerate(keys):
        for v, rel, sentence, article, start, end in sorted(_out_edges(graph, key, index), key=_edge_order):
            if sentence not in plain:
                plain[sentence] = plain_sentence(sentence)
            sentence = plain[sentence]
            if sentence:
                s = sentence_index.get(sentence)
                if s is None:
                    s = sentence_index[sentence] = len(sentences)
                    sentences.append(sentence)
            else:
                s = -1
            a = None if article is None else index.get(article, str(article))
            fact = (u, v, rel, s, a, start, end)
            if fact not in seen:
                seen.add(fact)
                facts.append(fact)
    del seen

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
    positions = layout_positions(types, core_adj, any_adj, skip=_NON_LAYOUT_TYPES)

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
        if "kind" in extra:
            extra["kind"] = KIND_ZH.get(str(extra["kind"]), extra["kind"])
        if "date" in extra:
            extra["date"] = chinese_date(str(extra["date"]))
        base = _style(t)[3]
        degree = len(core_adj[i]) if t not in _NON_LAYOUT_TYPES else len(any_adj[i])
        size = round(base + (min(3.5 * math.log2(1 + degree), 22.0) if t != "Position" else 0.0), 1)
        x, y = positions[i]
        nodes.append([str(k), t, name, aliases, x, y, size, extra])

    present = sorted(set(types), key=lambda t: (list(TYPE_STYLE).index(t) if t in TYPE_STYLE else 99, t))
    visible = sum(1 for t in types if not _style(t)[4])
    # the few Title hubs (副主席) tie every organization together: off by default
    type_rows = [[t, *_style(t)[:3], _style(t)[4] or t == "Title"] for t in present]
    rels = _rel_rows({f[2] for f in facts})
    return {
        "version": 2,
        "title": title,
        "note": note,
        "focus": focus if focus in graph else "",
        "overview": OVERVIEW_NODES if visible > OVERVIEW_ABOVE else 0,
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
# helpers

_MARKDOWN_MARK = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]*|>[ \t]*|[-*+][ \t]+|\d+\.[ \t]+)+")
_MONTH_DAY = re.compile(r"--(\d\d)-(\d\d)")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d\d)(?:-(\d\d))?")


def plain_sentence(sentence: str) -> str:
    """An evidence sentence without Markdown's heading, quote and list markers or ``**``."""
    return _MARKDOWN_MARK.sub("", sentence).replace("**", "").strip()


def chinese_date(date: str) -> str:
    """``--04-29`` → ``4月29日``, ``2023-05-11`` → ``2023年5月11日``; anything else unchanged."""
    if m := _MONTH_DAY.fullmatch(date):
        return f"{int(m[1])}月{int(m[2])}日"
    if m := _YEAR_MONTH_DAY.fullmatch(date):
        return f"{m[1]}年{int(m[2])}月" + (f"{int(m[3])}日" if m[3] else "")
    return date



def _out_edges(graph: nx.MultiDiGraph, key: Any, index: dict) -> Iterator[tuple]:
    """``(target index, rel, sentence, article, start, end)`` of each edge leaving ``key``."""
    for _, v, edge_key, data in graph.out_edges(key, keys=True, data=True):
        ev = data.get("evidence") or {}
        if not isinstance(ev, dict):
            ev = {"sentence": str(ev)}
        sentence = ev.get("sentence")
        yield (index[v], str(data.get("rel") or edge_key or ""), "" if sentence is None else str(sentence),
               data.get("article"), _int_or_none(ev.get("start")), _int_or_none(ev.get("end")))


def _edge_order(edge: tuple) -> tuple:
    v, rel, sentence, article, start, end = edge
    return v, rel, sentence, _sort_key(article) if article is not None else (), _num(start), _num(end)


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


def _json_for_script(payload: dict[str, Any], batch: int = 4096) -> Iterator[str]:
    """The payload as compact JSON that is safe inside ``<script type="application/json">`` (no
    ``<``, ``>`` or ``&``), in pieces: each list ``batch`` items at a time, so that the text is
    never whole in memory (nor the encoder's pieces of it)."""
    def dumps(value: Any) -> str:
        return _script_safe(json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False))

    for number, (key, value) in enumerate(payload.items()):
        opening = ("{" if number == 0 else ",") + dumps(key) + ":"
        if not isinstance(value, list) or len(value) <= batch:
            yield opening + dumps(value)
            continue
        yield opening + "["
        for start in range(0, len(value), batch):
            yield ("," if start else "") + dumps(value[start : start + batch])[1:-1]
        yield "]"
    yield "}" if payload else "{}"


def _script_safe(text: str) -> str:
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
