"""kg.export.html: a self-contained, offline, deterministic, injection-safe graph.html."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kg.export.html import PHYSICS_MAX_NODES, graph_payload, layout_positions, write_html
from kg.schema import RELATIONS

HOSTILE = "</script><img src=x onerror=alert(1)>"
CHROMIUM = "/usr/bin/chromium"


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    art = "article/2023-05-11-01/1"
    g.add_node("page/2023-05-11-01", type="Page", name="第1版", aliases=[], path="pages/2023-05-11-01.txt")
    g.add_node(
        art, type="Article", name="北京市总工会召开表彰大会", aliases=[], page="page/2023-05-11-01", index=1
    )
    g.add_node("person/张良", type="Person", name="张良", aliases=["张良同志"])
    g.add_node("person/李红梅", type="Person", name="李红梅", aliases=[])
    g.add_node(f"person/{HOSTILE}", type="Person", name=HOSTILE, aliases=["<!--", "&amp;"])
    g.add_node("org/北京市总工会", type="Organization", name="北京市总工会", aliases=["市总工会"])
    g.add_node("title/副主席", type="Title", name="副主席", aliases=[])
    g.add_node("place/北京市", type="Place", name="北京市", aliases=[], kind="city")
    g.add_node("honor/劳动模范", type="Honor", name="劳动模范", aliases=[])
    g.add_node("event/e1", type="Event", name="表彰大会", aliases=[], kind="Ceremony", date="--04-29")
    g.add_node("position/1", type="Position", name="副主席 @ 北京市总工会", aliases=[])
    sentence = "北京市总工会副主席张良出席会议并讲话。"
    ev = {"evidence": {"sentence": sentence, "start": 10, "end": 29}, "article": art}
    g.add_edge("person/张良", "position/1", key="holds", rel="holds", **ev)
    g.add_edge("position/1", "title/副主席", key="role", rel="role", **ev)
    g.add_edge("position/1", "org/北京市总工会", key="at", rel="at", **ev)
    g.add_edge("org/北京市总工会", "place/北京市", key="located_in", rel="located_in")
    g.add_edge("event/e1", "person/张良", key="speaker", rel="speaker", **ev)
    g.add_edge("event/e1", "person/张良", key="attendee", rel="attendee", **ev)
    g.add_edge("event/e1", "place/北京市", key="held_at", rel="held_at")
    bad = {"evidence": {"sentence": f"他说{HOSTILE}。", "start": 40, "end": 80}, "article": art}
    g.add_edge(f"person/{HOSTILE}", "honor/劳动模范", key="award", rel="award", **bad)
    g.add_edge("person/李红梅", "honor/劳动模范", key="award", rel="award")
    g.add_edge("org/北京市总工会", "honor/劳动模范", key="award", rel="award")  # an organization holds an honor too
    g.add_edge("event/e1", "person/李红梅", key="awardee", rel="awardee")
    g.add_edge(art, "person/李红梅", key="author", rel="author")
    g.add_edge(art, "page/2023-05-11-01", key="part_of_page", rel="part_of_page")
    for n in ("person/张良", "org/北京市总工会", f"person/{HOSTILE}"):
        g.add_edge(art, n, key="mentions", rel="mentions")
    return g


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("html") / "graph.html"
    write_html(_graph(), path, title="测试 <图谱>")
    return path, path.read_text(encoding="utf-8")


def _data_block(text: str) -> str:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    assert m, "data block missing"
    return m.group(1)


def test_no_external_urls(page):
    _, text = page
    assert not re.search(r"""(?:src|href|action|poster|srcset)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"""@import""", text, re.I)
    assert "//cdn" not in text
    # nothing in the page names a remote resource except vis-network's own string constants
    # (licence comments, the SVG namespace), none of which is loaded
    for url in re.findall(r"https?://[^\s\"'<>)]+", text):
        assert url.startswith(
            (
                "http://www.w3.org/",
                "http://almende.com",
                "http://opensource.org/",
                "http://www.apache.org/",
                "https://github.com/",
                "https://visjs.github.io/",
            )
        ), url
    assert "sourceMappingURL" not in text
    assert "Content-Security-Policy" in text and "default-src 'none'" in text


class _Checker(HTMLParser):
    VOID = {
        "meta",
        "link",
        "br",
        "img",
        "input",
        "hr",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}>, open: {self.stack[-3:]}")
        else:
            self.stack.pop()


def test_valid_html(page):
    _, text = page
    assert text.startswith("<!DOCTYPE html>")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    assert not checker.errors
    assert checker.stack == []
    assert checker.tags.count("script") == 3
    assert "img" not in checker.tags


def test_data_embedded(page):
    _, text = page
    data = json.loads(_data_block(text))
    names = {n[2] for n in data["nodes"]}
    assert {"张良", "北京市总工会", "副主席 @ 北京市总工会", "北京市", HOSTILE} <= names
    assert "北京市总工会副主席张良出席会议并讲话。" in data["sentences"]
    by_key = {n[0]: n for n in data["nodes"]}
    assert by_key["person/张良"][3] == ["张良同志"]
    assert by_key["event/e1"][7] == {"kind": "Ceremony", "date": "--04-29"}
    rels = {f[2] for f in data["facts"]}
    assert {"holds", "role", "at", "speaker", "attendee", "mentions", "award"} <= rels
    keys = [n[0] for n in data["nodes"]]
    holds = next(f for f in data["facts"] if f[2] == "holds")
    assert keys[holds[0]] == "person/张良" and keys[holds[1]] == "position/1"
    assert keys[holds[4]] == "article/2023-05-11-01/1" and holds[5:] == [10, 29]
    assert data["rels"]["holds"] == ["任职", "任职者"] and data["rels"]["mentions"][0] == "提及"
    # labels and their order come from kg.schema, not from the page script
    assert data["rels"]["award"] == ["荣誉", "获得者"] and data["rels"]["awardee"] == ["获奖", "获奖活动"]
    assert data["relOrder"] == [r.name for r in RELATIONS if r.name in data["rels"]]
    assert data["links"] == ["mentions"] and data["parts"] == ["role", "at"]
    award = {(keys[f[0]], keys[f[1]]) for f in data["facts"] if f[2] == "award"}
    assert ("org/北京市总工会", "honor/劳动模范") in award
    types = {t[0]: t for t in data["types"]}
    assert types["Article"][4] is True and types["Page"][4] is True and types["Person"][4] is False
    assert data["physics"] is True
    # the page text carries names unescaped only inside the JSON block, with < > & escaped
    assert "张良" in text and "北京市总工会" in text


def test_hostile_name_escaped(page):
    _, text = page
    assert HOSTILE not in text
    assert "<img" not in text
    assert "onerror=alert(1)>" not in text
    assert text.count("</script>") == 3
    assert "<!--" not in text
    block = _data_block(text)
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e" in block
    assert "&lt;图谱&gt;" in text  # the title, HTML-escaped


def test_deterministic(tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    write_html(_graph(), a)
    # same graph built with nodes and edges inserted in another order
    g = _graph()
    h = nx.MultiDiGraph()
    h.add_nodes_from(sorted(g.nodes(data=True), key=lambda x: x[0], reverse=True))
    h.add_edges_from(sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]), reverse=True))
    write_html(h, b)
    assert a.read_bytes() == b.read_bytes()
    write_html(_graph(), b)
    assert a.read_bytes() == b.read_bytes()


def test_utf8_regardless_of_locale(tmp_path):
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[2]);"
        "from tests.test_html import _graph; from kg.export.html import write_html;"
        "write_html(_graph(), Path(sys.argv[1]))"
    )
    out = tmp_path / "c.html"
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"}
    subprocess.run([sys.executable, "-c", script, str(out), str(root)], check=True, env=env, cwd=root)
    assert "张良" in out.read_text(encoding="utf-8")


def test_empty_graph(tmp_path):
    path = tmp_path / "empty.html"
    write_html(nx.MultiDiGraph(), path)
    data = json.loads(_data_block(path.read_text(encoding="utf-8")))
    assert data["nodes"] == [] and data["facts"] == []


def test_large_graph_has_layout_and_no_physics():
    g = nx.MultiDiGraph()
    n = PHYSICS_MAX_NODES + 50
    for i in range(n):
        g.add_node(f"person/p{i}", type="Person", name=f"人{i}", aliases=[])
        g.add_node(f"position/{i}", type="Position", name=f"职位{i}", aliases=[])
        g.add_edge(f"person/p{i}", f"position/{i}", key="holds", rel="holds")
        g.add_edge(f"position/{i}", f"org/o{i % 7}", key="at", rel="at")
    for j in range(7):
        g.add_node(f"org/o{j}", type="Organization", name=f"机构{j}", aliases=[])
    data = graph_payload(g)
    assert data["physics"] is False
    points = {(x, y) for _, _, _, _, x, y, _, _ in data["nodes"]}
    assert len(points) == len(data["nodes"])  # no two nodes stacked
    assert {t[0]: t[4] for t in data["types"]}.get("Title", True)


def test_layout_positions_cover_every_node():
    types = ["Person", "Organization", "Article", "Page", "Title", "Place"]
    core = [{1}, {0}, set(), set(), set(), set()]
    anyadj = [{1, 2}, {0, 2}, {0, 1, 3}, {2}, {1}, set()]
    pos = layout_positions(types, core, anyadj)
    assert len(pos) == len(types) and len(set(pos)) == len(types)


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium")
def test_renders_in_headless_chromium(page, tmp_path):
    path, _ = page
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        # any attempt to reach the network fails fast instead of silently succeeding
        "--proxy-server=127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=5000",
        "--dump-dom",
        path.resolve().as_uri(),
    ]
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    dom = proc.stdout
    m = re.search(r'<div id="graph"[^>]*>', dom)
    assert m, proc.stderr[-2000:]
    assert 'data-ready="1"' in m.group(0), proc.stderr[-2000:]
    graph_div = dom[m.start() :]
    assert "<canvas" in graph_div.split("</main>")[0]
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line]
    assert not [c for c in console if "Uncaught" in c or "Refused" in c or "ERR_" in c], console
    # the hostile name stayed text: no <img> element appeared in the live DOM
    assert "<img" not in dom
    # legend rendered one row per type present
    assert dom.count('class="swatch') >= 9


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None and not Path(CHROMIUM).exists(), reason="needs chromium")
def test_panel_opens_from_url_fragment(page, tmp_path):
    path, _ = page
    url = path.resolve().as_uri() + "#person/%E5%BC%A0%E8%89%AF"
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        url,
    ]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    panel = dom[dom.index('<aside id="panel"') :]
    panel = panel[: panel.index("</aside>")]
    assert "hidden" not in panel.split(">")[0]
    assert "张良" in panel and "任职" in panel and "北京市总工会副主席" in panel
    assert "《北京市总工会召开表彰大会》" in panel
