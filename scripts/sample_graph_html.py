"""Write a small, realistic sample ``graph.html`` (for docs/graph.png until real output exists).

.venv/bin/python scripts/sample_graph_html.py /tmp/sample.html
"""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx

from kg.export.html import write_html


def sample_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()

    def node(key, type_, name, aliases=(), **extra):
        g.add_node(key, type=type_, name=name, aliases=sorted(aliases), **extra)

    def edge(u, v, rel, sentence=None, article=None, start=0):
        attrs = {"rel": rel}
        if sentence:
            attrs["evidence"] = {"sentence": sentence, "start": start, "end": start + len(sentence)}
            attrs["article"] = article
        g.add_edge(u, v, key=rel, **attrs)

    node("page/2023-05-11-01", "Page", "2023年5月11日 第1版", path="pages/2023-05-11-01.txt")
    node("page/2023-05-11-02", "Page", "2023年5月11日 第2版", path="pages/2023-05-11-02.txt")
    a1, a2, a3 = "article/2023-05-11-01/1", "article/2023-05-11-01/2", "article/2023-05-11-02/1"
    node(a1, "Article", "北京市总工会召开庆祝“五一”国际劳动节暨表彰大会", page="page/2023-05-11-01", index=1)
    node(a2, "Article", "首都职工技能大赛在朝阳区开幕", page="page/2023-05-11-01", index=2)
    node(a3, "Article", "市总工会深入基层走访慰问一线劳动者", page="page/2023-05-11-02", index=1)
    for a, p in ((a1, "page/2023-05-11-01"), (a2, "page/2023-05-11-01"), (a3, "page/2023-05-11-02")):
        edge(a, p, "part_of_page")

    people = {
        "张良": ("男",),
        "李红梅": (),
        "王建国": ("王建国同志",),
        "赵雪": (),
        "陈志强": (),
        "刘芳": (),
        "孙立军": (),
        "周敏": (),
        "吴海涛": (),
        "郑晓燕": (),
    }
    for p, aliases in people.items():
        node(f"person/{p}", "Person", p, [a for a in aliases if a != "男"])

    orgs = [
        "北京市总工会",
        "北京市人民政府",
        "朝阳区总工会",
        "北京市劳动模范协会",
        "中华全国总工会",
        "北京市人力资源和社会保障局",
        "首钢集团有限公司",
    ]
    for o in orgs:
        node(f"org/{o}", "Organization", o, ["市总工会"] if o == "北京市总工会" else [])
    for pl, kind in (
        ("北京市", "city"),
        ("朝阳区", "district"),
        ("人民大会堂", "venue"),
        ("石景山区", "district"),
    ):
        node(f"place/{pl}", "Place", pl, kind=kind)
    for t in ("主席", "副主席", "副市长", "党组书记", "会长", "高级技师", "局长"):
        node(f"title/{t}", "Title", t)
    for h in ("全国劳动模范", "北京市劳动模范", "首都劳动奖章"):
        node(f"honor/{h}", "Honor", h)
    node("event/e1", "Event", "庆祝“五一”国际劳动节暨劳模表彰大会", kind="Ceremony", date="--04-29")
    node("event/e2", "Event", "首都职工职业技能大赛开幕式", kind="Contest", date="2023-05-10")

    s1 = "北京市总工会党组书记、副主席张良出席会议并讲话。"
    s2 = "副市长李红梅为受表彰的劳动模范颁奖。"
    s3 = "首钢集团高级技师王建国荣获全国劳动模范称号。"
    s4 = "朝阳区总工会主席赵雪主持开幕式。"
    s5 = "市人力社保局局长陈志强介绍了大赛总体情况。"
    s6 = "北京市劳动模范协会会长刘芳、首都劳动奖章获得者孙立军等参加活动。"
    s7 = "大会在人民大会堂举行，由北京市总工会主办。"

    posts = [
        ("张良", "副主席", "北京市总工会", s1, a1),
        ("张良", "党组书记", "北京市总工会", s1, a1),
        ("李红梅", "副市长", "北京市人民政府", s2, a1),
        ("王建国", "高级技师", "首钢集团有限公司", s3, a1),
        ("赵雪", "主席", "朝阳区总工会", s4, a2),
        ("陈志强", "局长", "北京市人力资源和社会保障局", s5, a2),
        ("刘芳", "会长", "北京市劳动模范协会", s6, a3),
        ("周敏", "副主席", "朝阳区总工会", None, None),
        ("吴海涛", "副主席", "中华全国总工会", None, None),
    ]
    for k, (person, title, org, sent, art) in enumerate(posts):
        pos = f"position/{k}"
        node(pos, "Position", f"{title} @ {org}")
        edge(f"person/{person}", pos, "holds", sent, art)
        edge(pos, f"title/{title}", "role", sent, art)
        edge(pos, f"org/{org}", "at", sent, art)

    edge("person/王建国", "honor/全国劳动模范", "award", s3, a1)
    edge("person/孙立军", "honor/首都劳动奖章", "award", s6, a3)
    edge("person/郑晓燕", "honor/北京市劳动模范", "award", s2, a1)
    edge("org/北京市总工会", "place/北京市", "located_in")
    edge("org/朝阳区总工会", "place/朝阳区", "located_in")
    edge("org/首钢集团有限公司", "place/石景山区", "located_in")
    edge("place/朝阳区", "place/北京市", "located_in")
    edge("place/石景山区", "place/北京市", "located_in")
    edge("org/朝阳区总工会", "org/北京市总工会", "part_of")
    edge("org/北京市总工会", "org/中华全国总工会", "part_of")
    edge("event/e1", "place/人民大会堂", "held_at", s7, a1)
    edge("event/e1", "org/北京市总工会", "organizer", s7, a1)
    edge("event/e1", "person/张良", "speaker", s1, a1)
    edge("event/e1", "person/张良", "attendee", s1, a1)
    edge("event/e1", "person/李红梅", "attendee", s2, a1)
    edge("event/e1", "person/王建国", "award", s3, a1)
    edge("event/e2", "place/朝阳区", "held_at")
    edge("event/e2", "person/赵雪", "chair", s4, a2)
    edge("event/e2", "person/陈志强", "speaker", s5, a2)
    edge("event/e2", "org/朝阳区总工会", "host", s4, a2)
    edge("event/e2", "org/北京市人力资源和社会保障局", "organizer", s5, a2)
    edge(a1, "person/周敏", "author")
    edge(a2, "person/吴海涛", "photographer")
    edge(a3, "person/郑晓燕", "correspondent")
    for a, ents in (
        (a1, ["person/张良", "person/李红梅", "person/王建国", "org/北京市总工会", "event/e1"]),
        (a2, ["person/赵雪", "person/陈志强", "event/e2", "place/朝阳区"]),
        (a3, ["person/刘芳", "person/孙立军", "org/北京市劳动模范协会"]),
    ):
        for e in ents:
            edge(a, e, "mentions")
    return g


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "graph.html")
    write_html(sample_graph(), out, title="北京工会新闻 · 知识图谱")
    print(out)
