"""Time ``kg.export.html.write_html`` on synthetic news graphs, and the pages in headless Chromium.

    .venv/bin/python benchmarks/bench_html.py            # 200, 2,000, 5,000 and 10,000 nodes
    .venv/bin/python benchmarks/bench_html.py 1000 20000 --keep /tmp/bench --no-browser

For each size: the time to lay out and write the page, its size, and in Chromium (headless,
network off, 1400×900) the time from navigation until the page has drawn its first frame and
answers (``ready``: every node placed, nothing moves after), how many nodes it draws at first,
and how long selecting the best-connected node takes (fit, veil and redraw). The layout is
computed in Python, so ready is also stable.

The graphs follow the schema in ``kg.graph`` (Person → Position → Title / Organization,
places, events, articles with evidence and mentions) with roughly the proportions of a
newspaper corpus. They are seeded, so runs are comparable.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.export.html import write_html

ROOT = Path(__file__).resolve().parents[1]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志雪海燕立良晓"
TITLES = [
    "主席",
    "副主席",
    "党组书记",
    "秘书长",
    "局长",
    "副局长",
    "处长",
    "区长",
    "副区长",
    "书记",
    "主任",
    "副主任",
    "院长",
    "董事长",
    "总经理",
    "会长",
    "高级技师",
    "工程师",
    "校长",
    "所长",
]
ORG_KINDS = [
    "总工会",
    "人民政府",
    "人力资源和社会保障局",
    "街道办事处",
    "集团有限公司",
    "委员会",
    "协会",
    "医院",
    "中学",
    "研究所",
    "工会委员会",
    "服务中心",
]
EVENT_REL = ["chair", "speaker", "attendee", "attendee", "attendee", "host", "co-host", "award"]


def synthetic_graph(n_nodes: int, seed: int = 1) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    n_people = int(n_nodes * 0.32)
    n_orgs = max(3, int(n_nodes * 0.10))
    n_places = max(3, int(n_nodes * 0.03))
    n_events = max(2, int(n_nodes * 0.05))
    n_articles = max(2, int(n_nodes * 0.08))
    n_pages = max(1, n_articles // 6)
    n_honors = max(2, int(n_nodes * 0.01))

    places = [f"place/地点{i}" for i in range(n_places)]
    for i, p in enumerate(places):
        g.add_node(p, type="Place", name=f"{'东西南北中'[i % 5]}{i}区", aliases=[], kind="district")
        if i:
            g.add_edge(p, places[rng.randrange(i)], key="located_in", rel="located_in")
    orgs = [f"org/机构{i}" for i in range(n_orgs)]
    for i, o in enumerate(orgs):
        g.add_node(
            o,
            type="Organization",
            name=f"{g.nodes[places[i % n_places]]['name']}{ORG_KINDS[i % len(ORG_KINDS)]}",
            aliases=[f"机构{i}"],
        )
        g.add_edge(o, rng.choice(places), key="located_in", rel="located_in")
        if i and rng.random() < 0.4:
            g.add_edge(o, orgs[rng.randrange(i)], key="part_of", rel="part_of")
    titles = [f"title/{t}" for t in TITLES]
    for t in TITLES:
        g.add_node(f"title/{t}", type="Title", name=t, aliases=[])
    honors = [f"honor/荣誉{i}" for i in range(n_honors)]
    for i, h in enumerate(honors):
        g.add_node(h, type="Honor", name=f"劳动模范{i}", aliases=[])
    pages = [f"page/p{i}" for i in range(n_pages)]
    for i, p in enumerate(pages):
        g.add_node(p, type="Page", name=f"第{i + 1}版", aliases=[], path=f"pages/p{i}.txt")
    articles = [f"article/p{i % n_pages}/{i}" for i in range(n_articles)]
    for i, a in enumerate(articles):
        g.add_node(
            a,
            type="Article",
            name=f"新闻标题第{i}篇：基层工会服务职工工作纪实",
            aliases=[],
            page=pages[i % n_pages],
            index=i,
        )
        g.add_edge(a, pages[i % n_pages], key="part_of_page", rel="part_of_page")

    def evidence(text: str, article: str) -> dict:
        start = rng.randrange(10_000)
        return {"evidence": {"sentence": text, "start": start, "end": start + len(text)}, "article": article}

    people = []
    n_pos = 0
    for i in range(n_people):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        p = f"person/{name}{i}"
        people.append(p)
        g.add_node(p, type="Person", name=name, aliases=[f"{name}同志"] if rng.random() < 0.1 else [])
        for _ in range(1 if rng.random() < 0.8 else 2):
            org, title = rng.choice(orgs), rng.choice(titles)
            pos = f"position/{n_pos}"
            n_pos += 1
            oname, tname = g.nodes[org]["name"], g.nodes[title]["name"]
            g.add_node(pos, type="Position", name=f"{tname} @ {oname}", aliases=[])
            art = rng.choice(articles)
            ev = evidence(f"{oname}{tname}{name}出席会议并讲话。", art)
            g.add_edge(p, pos, key="holds", rel="holds", **ev)
            g.add_edge(pos, title, key="role", rel="role", **ev)
            g.add_edge(pos, org, key="at", rel="at", **ev)
            g.add_edge(art, p, key="mentions", rel="mentions")
        if rng.random() < 0.05:
            h = rng.choice(honors)
            art = rng.choice(articles)
            g.add_edge(
                p, h, key="award", rel="award", **evidence(f"{name}荣获{g.nodes[h]['name']}称号。", art)
            )
    for i in range(n_events):
        e = f"event/{i}"
        g.add_node(
            e, type="Event", name=f"第{i}届职工技能大赛", aliases=[], kind="Contest", date="2023-05-11"
        )
        art = rng.choice(articles)
        g.add_edge(e, rng.choice(places), key="held_at", rel="held_at", **evidence("大赛在体育馆举行。", art))
        g.add_edge(
            e, rng.choice(orgs), key="organizer", rel="organizer", **evidence("大赛由市总工会主办。", art)
        )
        for _ in range(rng.randint(2, 6)):
            rel = rng.choice(EVENT_REL)
            g.add_edge(e, rng.choice(people), key=rel, rel=rel, **evidence("会议由他主持。", art))
        g.add_edge(art, e, key="mentions", rel="mentions")
    for a in articles:
        g.add_edge(a, rng.choice(people), key="author", rel="author")
    return g


def in_browser(path: Path, profile: Path) -> tuple[float, int, float]:
    """Seconds until the page is ready, the nodes it draws at first, and milliseconds to select one."""
    sys.path.insert(0, str(ROOT))
    from tests.test_html import Chromium  # the tests' DevTools driver

    browser = Chromium(profile)
    try:
        browser.open(path.resolve().as_uri(), timeout=300)
        ready = int(browser.eval("document.getElementById('graph').dataset.readyMs")) / 1000
        drawn = browser.eval("kgViewer.shownCount()")
        select = browser.eval("""(() => {
            const v = kgViewer, top = v.nodes.filter(n => n.type === 'Person').sort((a, b) => b.degree - a.degree)[0];
            const t = performance.now();
            v.select(top.i, false);
            v.network.redraw();
            return performance.now() - t;
        })()""")
        if problems := browser.problems():
            raise RuntimeError(f"{path.name}: {problems}")
    finally:
        browser.close()
    return ready, drawn, select


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[200, 2000, 5000, 10000])
    ap.add_argument("--keep", type=Path, help="write the pages into this directory")
    ap.add_argument("--no-browser", action="store_true", help="only write the pages")
    args = ap.parse_args()
    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-html-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    print("| nodes | edges | write s | size MB | ready s | drawn at first | select ms |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        g = synthetic_graph(n)
        path = out_dir / f"graph-{n}.html"
        start = time.perf_counter()
        write_html(g, path, title=f"bench {n}")
        written = time.perf_counter() - start
        size = path.stat().st_size / 1e6
        row = f"| {g.number_of_nodes():,} | {g.number_of_edges():,} | {written:.1f} | {size:.1f} |"
        if args.no_browser:
            print(row + " | | |")
            continue
        ready, drawn, select = in_browser(path, out_dir / "profile")
        print(f"{row} {ready:.2f} | {drawn:,} | {select:.0f} |", flush=True)
    if args.keep:
        print(f"pages in {out_dir}")


if __name__ == "__main__":
    main()
