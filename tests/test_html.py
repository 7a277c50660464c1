"""kg.export.html: a self-contained, offline, deterministic, injection-safe, readable graph.html.

The browser tests drive a real headless Chromium over the DevTools protocol on a pipe
(``--remote-debugging-pipe``: no websocket library, no network) and read the page through its
own script API, ``window.kgViewer``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import math
import os
import re
import struct
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kg.export.html import OVERVIEW_NODES, chinese_date, graph_payload, plain_sentence, write_html
from kg.export.layout import layout_positions
from kg.schema import RELATIONS

HOSTILE = "</script><img src=x onerror=alert(1)>"
CHROMIUM = Path("/usr/bin/chromium")
READY = "document.getElementById('graph').dataset.ready === '1'"

needs_chromium = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")]


class Chromium:
    """Headless Chromium with one page, driven over the DevTools protocol on fds 3 and 4."""

    def __init__(self, profile: Path, width: int = 1400, height: int = 900):
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()

        def wire_pipes():  # in the child: commands on fd 3, replies on fd 4
            os.dup2(to_child, 30)
            os.dup2(from_child, 31)
            os.dup2(30, 3)
            os.dup2(31, 4)

        flags = ["--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"]
        self.proc = subprocess.Popen(
            [str(CHROMIUM), *flags, f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=wire_pipes, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", page=True)
        self.resize(width, height)

    def call(self, method: str, page: bool = False, **params) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if page:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._in, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium went away")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") != self._id:
                self.events.append(reply)
            elif "error" in reply:
                raise RuntimeError(f"{method}: {reply['error']}")
            else:
                return reply.get("result", {})

    def resize(self, width: int, height: int) -> None:
        self.call("Emulation.setDeviceMetricsOverride", page=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    def eval(self, expression: str):
        reply = self.call("Runtime.evaluate", page=True, expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(reply["exceptionDetails"])
        return reply["result"].get("value")

    def open(self, url: str, until: str = READY, timeout: float = 60.0) -> float:
        """Load ``url`` and wait until ``until`` holds; the seconds that took."""
        start = time.monotonic()
        self.call("Page.navigate", page=True, url=url)
        while not self.eval(f"(() => {{ try {{ return !!({until}); }} catch (e) {{ return false; }} }})()"):
            if time.monotonic() - start > timeout:
                raise TimeoutError(until)
            time.sleep(0.02)
        return time.monotonic() - start

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", page=True, format="png")["data"]))

    def problems(self) -> list[str]:
        """Errors and warnings on the console, uncaught exceptions, and every request off this machine."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(params["exceptionDetails"].get("exception", {}).get("description", "exception"))
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
                found.append(f"console.{params['type']}: {params['args']}")
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                found.append(params["entry"]["text"])
            elif method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith(("file:", "data:", "about:")):
                    found.append(f"request {url}")
        return found

    def close(self) -> None:
        with contextlib.suppress(RuntimeError):  # it may close the pipe before answering
            self.call("Browser.close")
        self.proc.wait(timeout=30)
        os.close(self._out)
        os.close(self._in)


@pytest.fixture
def browser(tmp_path):
    chromium = Chromium(tmp_path / "profile")
    yield chromium
    chromium.close()


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
    g.add_node("event/e1", type="Event", name="表彰大会", aliases=[], kind="Meeting", date="--04-29")
    g.add_node("position/1", type="Position", name="副主席 @ 北京市总工会", aliases=[])
    sentence = "北京市总工会副主席张良出席会议并讲话。"
    ev = {"evidence": {"sentence": "- " + sentence, "start": 10, "end": 29}, "article": art}
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
    assert by_key["event/e1"][7] == {"kind": "会议", "date": "4月29日"}
    assert by_key["place/北京市"][7] == {"kind": "地级行政区"}
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
    assert data["overview"] == 0 and data["note"] == "" and data["focus"] == ""
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


def test_evidence_without_markdown_markers():
    assert plain_sentence("## 市总工会召开座谈会") == "市总工会召开座谈会"
    assert plain_sentence("> - 张良出席会议。") == "张良出席会议。"
    assert plain_sentence("**张良**出席会议。\n- 李红梅讲话。") == "张良出席会议。\n李红梅讲话。"
    assert plain_sentence("2023-05-11 会议 - 继续") == "2023-05-11 会议 - 继续"  # only at a line's start


def test_dates_in_chinese():
    assert chinese_date("--04-29") == "4月29日"
    assert chinese_date("2023-05-11") == "2023年5月11日"
    assert chinese_date("2023-05") == "2023年5月"
    assert chinese_date("上午") == "上午"


def _news_graph(orgs: int, people: int) -> nx.MultiDiGraph:
    """Organizations in one city, each with its people's posts: the city is a hub."""
    g = nx.MultiDiGraph()
    g.add_node("place/北京市", type="Place", name="北京市", aliases=[])
    for o in range(orgs):
        g.add_node(f"org/{o}", type="Organization", name=f"机构{o}", aliases=[])
        g.add_edge(f"org/{o}", "place/北京市", key="located_in", rel="located_in")
        for p in range(people):
            person, post = f"person/{o}-{p}", f"position/{o}-{p}"
            g.add_node(person, type="Person", name=f"人{o}-{p}", aliases=[])
            g.add_node(post, type="Position", name=f"主席 @ 机构{o}", aliases=[])
            g.add_edge(person, post, key="holds", rel="holds")
            g.add_edge(post, f"org/{o}", key="at", rel="at")
    return g


def test_hub_does_not_pull_everything_into_a_ring():
    data = graph_payload(_news_graph(orgs=30, people=4))
    at = {n[0]: (n[4], n[5]) for n in data["nodes"]}
    hub = at["place/北京市"]
    for o in range(30):
        people = [at[f"person/{o}-{p}"] for p in range(4)]
        centre = (sum(x for x, _ in people) / 4, sum(y for _, y in people) / 4)
        # an organization sits with its own people, not on a circle around the city
        assert math.dist(at[f"org/{o}"], centre) < math.dist(at[f"org/{o}"], hub)
    distances = sorted(math.dist(at[f"org/{o}"], hub) for o in range(30))
    assert distances[-1] > 2 * distances[0]


def test_large_graph_opens_on_an_overview():
    data = graph_payload(_news_graph(orgs=100, people=16))
    assert data["overview"] == OVERVIEW_NODES
    points = {(n[4], n[5]) for n in data["nodes"]}
    assert len(points) == len(data["nodes"])  # no two nodes stacked


def test_layout_positions_cover_every_node():
    types = ["Person", "Organization", "Article", "Page", "Title", "Place"]
    core = [{1}, {0}, set(), set(), set(), set()]
    anyadj = [{1, 2}, {0, 2}, {0, 1, 3}, {2}, {1}, set()]
    pos = layout_positions(types, core, anyadj, skip=frozenset({"Article", "Page"}))
    assert len(pos) == len(types) and len(set(pos)) == len(types)


# ---------------------------------------------------------------------------------------- in Chromium


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_renders_in_headless_chromium(page, browser):
    path, _ = page
    browser.open(path.resolve().as_uri())
    assert browser.eval("!!document.querySelector('#graph canvas')")
    assert browser.eval("document.querySelectorAll('img').length") == 0  # the hostile name stayed text
    assert browser.eval("document.querySelectorAll('#legend-types li').length") == 9
    assert browser.eval("kgViewer.labels().length") > 0
    assert browser.problems() == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_panel_opens_from_url_fragment(page, browser):
    path, _ = page
    browser.open(path.resolve().as_uri() + "#person/%E5%BC%A0%E8%89%AF")
    assert browser.eval("document.getElementById('panel').hidden") is False
    panel = browser.eval("document.getElementById('panel').textContent")
    assert "张良" in panel and "任职" in panel and "北京市总工会副主席" in panel
    assert "《北京市总工会召开表彰大会》" in panel
    assert "- 北京市总工会" not in panel and "Person" not in panel
    assert browser.eval("kgViewer.search('张良')[0].what") == "人物 · 副主席 @ 北京市总工会"
    assert browser.eval("kgViewer.search('副主席 @')[0].what") == "职位 · 张良"
    assert browser.problems() == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_saves_the_view_as_png(page, browser):
    path, _ = page
    browser.open(path.resolve().as_uri())
    url = browser.eval("kgViewer.imageDataURL()")
    assert url.startswith("data:image/png;base64,")
    png = base64.b64decode(url.split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == browser.eval("document.querySelector('#graph canvas').width") and height > 300


# the real dev pages' build: what a reader sees first, and after selecting


def _best_connected(browser, node_type: str) -> int:
    return browser.eval(f"""kgViewer.nodes.filter(n => n.type === '{node_type}')
                             .sort((a, b) => b.degree - a.degree || a.i - b.i)[0].i""")


def _on_screen(browser, ids: str) -> list[dict]:
    """Where the nodes ``ids`` (a JS expression) are drawn, and what covers each spot."""
    return browser.eval(f"""(() => {{
        const net = kgViewer.network, g = document.getElementById('graph').getBoundingClientRect();
        const pos = net.getPositions({ids});
        return Object.keys(pos).map(id => {{
            const p = net.canvasToDOM(pos[id]);
            const top = document.elementFromPoint(g.left + p.x, g.top + p.y);
            return {{id: +id, x: p.x, y: p.y, w: g.width, h: g.height, onCanvas: !!top && top.tagName === 'CANVAS'}};
        }});
    }})()""")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_dev_build_first_view_is_labelled(corpus_build, browser):
    browser.open((corpus_build / "graph.html").resolve().as_uri())
    labels = browser.eval("kgViewer.labels()")
    top = browser.eval(f"kgViewer.nodes[{_best_connected(browser, 'Organization')}].name")
    assert len(labels) >= 30 and top in labels
    assert browser.problems() == []
    sentences = json.loads(_data_block((corpus_build / "graph.html").read_text(encoding="utf-8")))["sentences"]
    assert not [s for s in sentences if re.search(r"(?m)^\s*(#|>|[-*+] )", s)]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
@pytest.mark.parametrize("size", [(1400, 900), (800, 600)])
def test_dev_build_selection_stays_visible_and_its_neighbourhood_fits(corpus_build, browser, size):
    browser.resize(*size)
    browser.open((corpus_build / "graph.html").resolve().as_uri())
    assert browser.eval("document.getElementById('legend').open") is (size[0] >= 900)
    person = _best_connected(browser, "Person")
    for hops in (1, 2):
        if hops == 1:
            browser.eval(f"kgViewer.select({person}, false)")
        else:
            browser.eval("kgViewer.expand(false)")
        area = browser.eval("kgViewer.openArea()")
        spots = _on_screen(browser, "kgViewer.focus()")
        assert len(spots) > 1
        selected = next(s for s in spots if s["id"] == person)
        assert selected["onCanvas"], (hops, selected, area)  # not under the panel or the legend
        for spot in spots:  # the whole neighbourhood is in the open part of the view
            assert area["x0"] - 1 <= spot["x"] <= area["x1"] + 1 and area["y0"] - 1 <= spot["y"] <= area["y1"] + 1
    assert browser.eval("kgViewer.focus().length") >= len(spots)
    assert browser.problems() == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_large_graph_opens_on_an_overview_and_finds_the_rest(tmp_path, browser):
    path = tmp_path / "large.html"
    write_html(_news_graph(orgs=100, people=16), path)
    browser.open(path.resolve().as_uri())
    total, drawn = browser.eval("kgViewer.nodes.length"), browser.eval("kgViewer.shownCount()")
    assert OVERVIEW_NODES <= drawn < total
    hit = browser.eval("kgViewer.search('人99-15')[0]")
    assert hit["what"] == "人物 · 主席 @ 机构99"
    browser.eval(f"kgViewer.select({hit['i']}, false)")
    assert browser.eval("kgViewer.shownCount()") > drawn
    assert _on_screen(browser, f"[{hit['i']}]")[0]["onCanvas"]
    assert browser.problems() == []
