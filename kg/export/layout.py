"""Node positions for the graph page, computed once in Python so the page opens still.

Communities (greedy modularity; on big graphs over the communities label propagation finds) are
placed first, each component on its own by a force layout among its communities; every node
starts near its community, and one force layout over all nodes (Fruchterman–Reingold with
repulsion only between nodes in neighbouring grid cells, so a step costs O(n)) finishes it.
An edge weighs 1/√(degree × degree) of its ends, so a hub (北京市, 本报) sits among its
neighbours instead of pulling them into a ring. Articles, pages and nodes tied to the rest only
by relations that do not shape the layout are then set beside the nodes they touch.

Seeded, over node indices in a fixed order, rounded: the same graph gives the same positions.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import numpy as np

__all__ = ["layout_positions", "UNIT"]

UNIT = 80.0
"""Distance between two linked nodes of ordinary degree, in page pixels at zoom 1."""

_SEED = 7
_DIRECT_MODULARITY = 1500  # above this many nodes, modularity runs over label-propagation communities
_LOOSE_SPACING = 0.9  # grid spacing of nodes with no edges at all, in units
_MARGIN = 2.0  # between packed components, in units


def layout_positions(
    types: list[str], core_adj: list[set[int]], any_adj: list[set[int]], skip: frozenset[str] = frozenset()
) -> list[tuple[float, float]]:
    """Deterministic positions (pixels, centred on the origin) for every node.

    ``core_adj`` holds the edges that shape the layout, ``any_adj`` all edges; nodes whose type
    is in ``skip`` (articles, pages) are placed beside what they touch, never laid out.
    """
    n = len(types)
    if n == 0:
        return []
    core = [i for i in range(n) if types[i] not in skip and core_adj[i]]
    pos = np.full((n, 2), np.nan)
    if core:
        pos[core] = _force_layout(core, core_adj)
    loose = [i for i in range(n) if types[i] not in skip and not core_adj[i] and not any_adj[i]]
    _grid_below(pos, loose)
    _satellites(pos, types, any_adj)
    _grid_below(pos, [i for i in range(n) if np.isnan(pos[i, 0])])
    pos -= (np.nanmin(pos, axis=0) + np.nanmax(pos, axis=0)) / 2
    return [(round(float(x) * UNIT, 1) + 0.0, round(float(y) * UNIT, 1) + 0.0) for x, y in pos]  # no -0.0


# ----------------------------------------------------------------------------------------
# the force layout of the nodes that have layout edges


def _force_layout(core: list[int], adj: list[set[int]]) -> np.ndarray:
    """Positions (units) of ``core``, in its order: communities placed, one force pass, then
    the components packed by the room they took."""
    local = {node: j for j, node in enumerate(core)}
    degree = np.array([len(adj[node]) for node in core], dtype=float)
    pairs = sorted((local[u], local[v]) for u in core for v in adj[u] if u < v)
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    weights = 1.0 / np.sqrt(degree[edges[:, 0]] * degree[edges[:, 1]])
    graph = nx.Graph()
    graph.add_nodes_from(range(len(core)))
    graph.add_weighted_edges_from((int(u), int(v), float(w)) for (u, v), w in zip(edges, weights, strict=True))
    components = sorted(sorted(c) for c in nx.connected_components(graph))
    pos = _relax(_seed_positions(graph, components, _communities(graph)), edges, weights)
    boxes = [(pos[c].min(0), pos[c].max(0)) for c in components]
    for c, (low, high), centre in zip(components, boxes, _pack([high - low for low, high in boxes]), strict=True):
        pos[c] += centre - (low + high) / 2
    return pos


def _communities(graph: nx.Graph) -> list[list[int]]:
    """Communities of ``graph`` (never across components), each sorted, in order of their first node."""
    # Greedy modularity (Clauset–Newman–Moore), not Louvain: networkx's Louvain can move nodes
    # back and forth forever on float ties (it did on a 24-article build)
    if graph.number_of_nodes() <= _DIRECT_MODULARITY:
        found = nx.community.greedy_modularity_communities(graph, weight="weight")
    else:
        small = [sorted(c) for c in nx.community.fast_label_propagation_communities(graph, seed=_SEED)]
        small.sort()
        owner = {node: k for k, c in enumerate(small) for node in c}
        quotient = nx.Graph()
        quotient.add_nodes_from(range(len(small)))
        for u, v, w in sorted(graph.edges(data="weight")):
            a, b = sorted((owner[u], owner[v]))
            if a != b:
                old = quotient.get_edge_data(a, b, {"weight": 0.0})["weight"]
                quotient.add_edge(a, b, weight=old + w)
        merged = nx.community.greedy_modularity_communities(quotient, weight="weight")
        found = [[node for k in group for node in small[k]] for group in merged]
    return sorted(sorted(c) for c in found)


def _seed_positions(graph: nx.Graph, components: list[list[int]], groups: list[list[int]]) -> np.ndarray:
    """Start positions: each component's communities laid out by force, components apart,
    each node at a seeded random point of its community's disc."""
    group_of = np.empty(graph.number_of_nodes(), dtype=np.int64)
    for g, members in enumerate(groups):
        group_of[members] = g
    radius = np.array([0.75 * math.sqrt(len(m)) for m in groups])
    links: dict[tuple[int, int], float] = defaultdict(float)
    for u, v, w in graph.edges(data="weight"):
        a, b = sorted((int(group_of[u]), int(group_of[v])))
        if a != b:
            links[a, b] += w
    centre = np.zeros((len(groups), 2))
    blocks = []
    for component in components:
        members = sorted({int(group_of[node]) for node in component})
        local = _place_discs(members, radius, links)
        extent = max(math.hypot(*local[k]) + radius[g] for k, g in enumerate(members))
        blocks.append((members, local, np.array([2 * extent, 2 * extent])))
    for (members, local, _), offset in zip(blocks, _pack([b[2] for b in blocks]), strict=True):
        centre[members] = local + offset
    rng = np.random.default_rng(_SEED)
    angle = rng.uniform(0, 2 * math.pi, graph.number_of_nodes())
    reach = np.sqrt(rng.uniform(0, 1, graph.number_of_nodes())) * radius[group_of]
    return centre[group_of] + np.column_stack((np.cos(angle), np.sin(angle))) * reach[:, None]


def _place_discs(members: list[int], radius: np.ndarray, links: dict[tuple[int, int], float]) -> np.ndarray:
    """Centres for the communities ``members`` of one component: linked ones near, none overlapping."""
    m = len(members)
    if m == 1:
        return np.zeros((1, 2))
    index = {g: k for k, g in enumerate(members)}
    weight = np.zeros((m, m))
    for (a, b), w in links.items():
        if a in index and b in index:
            weight[index[a], index[b]] = weight[index[b], index[a]] = w
    r = radius[members]
    rng = np.random.default_rng(_SEED)
    pos = rng.uniform(-1, 1, (m, 2)) * math.sqrt(float((r * r).sum()))
    gap = r[:, None] + r[None, :]
    spring = np.where(weight > 0, 0.2 + np.log1p(weight), 0.0) / gap
    others = 1.0 - np.eye(m)
    for step in range(200):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.sqrt((delta * delta).sum(-1)), 1e-3)
        push = gap * gap / (dist * dist)  # repulsion, stronger for big discs
        push += np.where(dist < gap, 2.0 * (gap - dist) / dist, 0.0)  # overlap: always apart
        force = (push - spring * dist) * others
        move = (force[:, :, None] * delta / dist[:, :, None]).sum(1) - 0.02 * pos
        length = np.maximum(np.sqrt((move * move).sum(1)), 1e-9)
        limit = r.mean() * (1.0 - step / 200)
        pos += move * (np.minimum(length, limit) / length)[:, None]
    return pos - pos.mean(0)


def _pack(sizes: list[np.ndarray]) -> np.ndarray:
    """Centres for boxes of the given (width, height), biggest first, in rows about as wide as
    the whole is high."""
    if not sizes:
        return np.zeros((0, 2))
    boxes = [(float(w) + _MARGIN, float(h) + _MARGIN) for w, h in sizes]
    width = max(max(w for w, _ in boxes), math.sqrt(sum(w * h for w, h in boxes)) * 1.3)
    order = sorted(range(len(boxes)), key=lambda k: (-boxes[k][0] * boxes[k][1], k))
    centre = np.zeros((len(boxes), 2))
    rows: list[list[int]] = [[]]
    used = 0.0
    for k in order:
        if rows[-1] and used + boxes[k][0] > width:
            rows.append([])
            used = 0.0
        rows[-1].append(k)
        used += boxes[k][0]
    y = 0.0
    for row in rows:
        height = max(boxes[k][1] for k in row)
        x = -sum(boxes[k][0] for k in row) / 2
        for k in row:
            centre[k] = (x + boxes[k][0] / 2, y + height / 2)
            x += boxes[k][0]
        y += height
    return centre


def _relax(pos: np.ndarray, edges: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Fruchterman–Reingold from ``pos`` with repulsion cut off at two units (grid cells)."""
    n = len(pos)
    pos = pos.copy()
    steps = 80 if n <= 3000 else 50
    for step in range(steps):
        move = _repulsion(pos)
        delta = pos[edges[:, 0]] - pos[edges[:, 1]]
        dist = np.sqrt((delta * delta).sum(1))
        pull = delta * (weights * dist * 2.0)[:, None]
        for axis in (0, 1):
            move[:, axis] -= np.bincount(edges[:, 0], pull[:, axis], n)
            move[:, axis] += np.bincount(edges[:, 1], pull[:, axis], n)
        length = np.maximum(np.sqrt((move * move).sum(1)), 1e-9)
        limit = 0.5 * (1.0 - step / steps) + 0.02
        pos += move * (np.minimum(length, limit) / length)[:, None]
    return pos


def _repulsion(pos: np.ndarray, reach: float = 1.6) -> np.ndarray:
    """Fruchterman–Reingold repulsion (1/d) between nodes less than ``reach`` apart.

    Nodes are binned in cells ``reach`` wide; each pair is found once, from the cell of one node
    to the same or one of four neighbouring cells of the other, and pushes both.
    """
    n = len(pos)
    cell = np.floor(pos / reach).astype(np.int64)
    cell -= cell.min(0)
    rows = int(cell[:, 1].max()) + 3
    key = (cell[:, 0] + 1) * rows + cell[:, 1] + 1
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    move = np.zeros_like(pos)
    for dx, dy in ((0, 0), (0, 1), (1, -1), (1, 0), (1, 1)):
        target = key + dx * rows + dy
        lo = np.searchsorted(sorted_keys, target, "left")
        count = np.searchsorted(sorted_keys, target, "right") - lo
        total = int(count.sum())
        if not total:
            continue
        i = np.repeat(np.arange(n), count)
        j = order[np.arange(total) - np.repeat(np.cumsum(count) - count - lo, count)]
        keep = i < j if dx == dy == 0 else np.ones(total, dtype=bool)
        i, j = i[keep], j[keep]
        delta = pos[i] - pos[j]
        d2 = np.maximum((delta * delta).sum(1), 1e-4)
        push = delta * np.where(d2 < reach * reach, 1.0 / d2, 0.0)[:, None]
        for axis in (0, 1):
            move[:, axis] += np.bincount(i, push[:, axis], n) - np.bincount(j, push[:, axis], n)
    return move


# ----------------------------------------------------------------------------------------
# nodes outside the force layout


def _satellites(pos: np.ndarray, types: list[str], any_adj: list[set[int]]) -> None:
    """Place each unplaced node that touches placed ones on a small spiral beside them."""
    golden = math.pi * (3 - math.sqrt(5))
    pending = [i for i in range(len(types)) if np.isnan(pos[i, 0])]
    # entities first, then articles, then pages (a page sits among its articles)
    pending.sort(key=lambda i: (types[i] == "Article", types[i] == "Page", i))
    crowd: dict[tuple[int, int], int] = defaultdict(int)
    for i in pending:
        anchors = [pos[j] for j in sorted(any_adj[i]) if not np.isnan(pos[j, 0])]
        if not anchors:
            continue
        cx, cy = np.mean(anchors, axis=0)
        k = crowd[round(cx * 2), round(cy * 2)]
        crowd[round(cx * 2), round(cy * 2)] += 1
        r = 0.75 + 0.18 * math.sqrt(k)
        pos[i] = (cx + r * math.cos(k * golden + 0.5), cy + r * math.sin(k * golden + 0.5))


def _grid_below(pos: np.ndarray, nodes: list[int]) -> None:
    """Set ``nodes`` in a square grid under everything placed so far."""
    if not nodes:
        return
    top = (np.nanmax(pos[:, 1]) + _MARGIN) if not np.all(np.isnan(pos[:, 1])) else 0.0
    left = np.nanmin(pos[:, 0]) if not np.all(np.isnan(pos[:, 0])) else 0.0
    side = max(1, math.ceil(math.sqrt(len(nodes))))
    for k, i in enumerate(nodes):
        row, col = divmod(k, side)
        pos[i] = (left + col * _LOOSE_SPACING * 1.6, top + row * _LOOSE_SPACING)
