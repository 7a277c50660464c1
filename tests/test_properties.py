"""Property tests (hypothesis): whatever the text, the reader yields clean, bounded, mapped text,
and every export of a graph holding that text parses back.

``CI=true`` selects the ``ci`` profile (over 10,000 examples in all); locally a smaller one runs.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.export.outputs import render
from kg.read.articles import MAX_ARTICLE, sentences, split_articles
from kg.read.decode import UndecodableError, clean, decode_file
from kg.read.markup import html_text, markdown_text
from kg.read.paragraphs import MAX_PARAGRAPH, cut_long_paragraphs
from kg.read.sources import page_text

settings.register_profile("ci", max_examples=2500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")
BASE = settings().max_examples


def examples(share: float) -> settings:
    """``share`` of the profile's examples for one test."""
    return settings(max_examples=max(10, int(BASE * share)))


NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\u2028\u2029]")
NEWS = [
    "本报讯(记者 林晓) 大兴区总工会主席郑明主持会议并讲话。",
    "北京市总工会党组书记、主席张良出席会议。",
    "海淀区总工会召开座谈会，副主席吴建平讲话。",
    "史晓刚荣获全国五一劳动奖章。",
]
HOSTILE = "\x00\x01\x0b\x0c\x1c\x1d\x1e\x7f\x85\u2028\u2029\ud800\udc00\ue000\ufeff\ufffd\ufffe\uffff\U0010fffe"
# arbitrary Unicode, weighted towards what breaks formats: controls, separators, surrogates,
# private use, noncharacters, markup characters and CJK
hostile_text = st.text(
    st.one_of(
        st.characters(codec=None),
        st.sampled_from(HOSTILE),
        st.sampled_from("<>&\"'|*_`#[]()!-=+@%\\{}\n\r\t 　。，、"),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    ),
    max_size=80,
)


@st.composite
def edited_news(draw) -> str:
    """A realistic page with random insertions of hostile characters and deletions."""
    text = draw(st.sampled_from(NEWS)) + draw(st.sampled_from(NEWS))
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:position] + draw(hostile_text) + text[position:]
        else:
            text = text[:position] + text[position + draw(st.integers(1, 3)) :]
    return text


def assert_mapped(text: str, offsets: tuple[int, ...], source: str) -> None:
    assert len(offsets) == len(text)
    assert all(0 <= offset <= len(source) for offset in offsets)


@examples(1.0)
@given(hostile_text)
def test_clean_text_holds_only_what_every_export_can_carry(text):
    cleaned = clean(text)
    assert NOT_TEXT.search(cleaned) is None
    assert len(cleaned) == len(text) - text.count("\r\n")


@examples(1.0)
@given(st.one_of(hostile_text, edited_news()), st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_page_text_is_clean_bounded_and_mapped(text, name):
    source = clean(text)
    page, offsets = page_text(Path(name), source)
    assert_mapped(page, offsets, source)
    assert NOT_TEXT.search(page) is None
    assert all(len(line) <= MAX_PARAGRAPH for line in page.split("\n"))


@examples(0.6)
@given(st.binary(max_size=300))
def test_decode_reads_or_refuses_any_bytes(data):
    try:
        decoded = decode_file(data)
    except UndecodableError:
        return
    assert NOT_TEXT.search(decoded.text) is None


@examples(0.4)
@given(st.builds(lambda unit, length: (unit * (length // len(unit) + 1))[:length],
                 st.text(st.sampled_from("张良主席，。会议讲话\n"), min_size=1, max_size=60),
                 st.integers(0, 6 * MAX_PARAGRAPH)))
def test_long_paragraphs_are_cut_into_bounded_pieces(text):
    cut, offsets = cut_long_paragraphs(text, tuple(range(len(text))))
    assert cut.replace("\n", "") == text.replace("\n", "")
    assert all(len(line) <= MAX_PARAGRAPH for line in cut.split("\n"))
    assert_mapped(cut, offsets, text)


@examples(0.6)
@given(st.lists(st.sampled_from(["| 张良 | 主席 |", "|---|---|", "**北京市总工会**召开会议。", "![图](a.png)",
                                 "[链接](http://x)", "> 引用", "- 列表", "```\nprint(1)\n```", "# 标题", "`代码`"]),
                max_size=12), hostile_text)
def test_markdown_markers_do_not_leak(lines, noise):
    source = clean("\n".join(lines) + noise)
    text, offsets = markdown_text(source)
    assert_mapped(text, offsets, source)
    for marker in ("**", "![", "](", "|", "```"):
        if marker not in noise:
            assert marker not in text
    if "print(1)" not in noise:
        assert "print(1)" not in text


@examples(0.6)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<script>var x = '张良';</script>", "<h1>", "</h1>",
                                 "<table><tr><td>张良</td><td>主席</td></tr></table>", "&amp;", "&#20013;",
                                 "<!-- 注释 -->", "<br/>", "<div class='a>b'>", "北京市总工会召开会议。"]),
                max_size=12), hostile_text)
def test_html_tags_and_scripts_are_not_text(parts, noise):
    source = clean("".join(parts) + noise)
    text, offsets = html_text(source)
    assert_mapped(text, offsets, source)
    if "<" not in noise and ">" not in noise:
        assert "<" not in text and "var x" not in text


@examples(0.3)
@given(st.one_of(hostile_text, edited_news()))
def test_articles_and_sentences_stay_inside_the_page(text):
    from kg.model import Page

    rebuilt, offsets = page_text(Path("a.txt"), clean(text))
    page = Page("p", "p.txt", rebuilt, offsets)
    for article in split_articles(page):
        assert 0 <= article.start < article.end <= len(rebuilt)
        assert article.end - article.start <= MAX_ARTICLE + MAX_PARAGRAPH + 1
        for sentence in sentences(page, article.start, article.end):
            assert rebuilt[sentence.start : sentence.end] == sentence.text


@pytest.fixture(scope="module")
def small_graph() -> nx.MultiDiGraph:
    """The graph of a two-sentence page, built once."""
    from kg.pipeline import build

    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"kg-properties-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    (folder / "page.txt").write_text(NEWS[0] + "\n" + NEWS[3] + "\n", encoding="utf-8")
    return build([folder]).graph


def _relabelled(graph: nx.MultiDiGraph, names: list[str]) -> nx.MultiDiGraph:
    """``graph`` with each entity's key, name and aliases and each sentence made of ``names``."""
    names = [clean(name) for name in names] or [""]
    renamed = {}
    for i, (key, attrs) in enumerate(sorted(graph.nodes(data=True))):
        if attrs["type"] in ("Person", "Organization", "Place", "Title", "Honor"):
            renamed[key] = f"{key.split('/')[0]}/{names[i % len(names)]}{i}"
    copy = nx.relabel_nodes(graph, renamed, copy=True)
    for i, (_, attrs) in enumerate(sorted(copy.nodes(data=True), key=lambda item: item[0])):
        if attrs["type"] != "Page":
            attrs["name"] = names[i % len(names)] + attrs["name"]
            attrs["aliases"] = [names[(i + 1) % len(names)]]
    for _, _, attrs in copy.edges(data=True):
        if "evidence" in attrs:
            attrs["evidence"] = {**attrs["evidence"], "sentence": names[-1] + attrs["evidence"]["sentence"]}
    return copy


def assert_every_export_parses(graph: nx.MultiDiGraph) -> None:
    outputs = render(graph, ["ttl", "trig", "nt", "nq", "jsonld", "graphml", "csv", "stats"], title="t",
                     pages=1, skipped=[], base="https://kg.example/", mentions=True)
    counts = {}
    for name, fmt in (("graph.nt", ox.RdfFormat.N_TRIPLES), ("graph.ttl", ox.RdfFormat.TURTLE),
                      ("graph.jsonld", ox.RdfFormat.JSON_LD), ("graph.nq", ox.RdfFormat.N_QUADS),
                      ("graph.trig", ox.RdfFormat.TRIG)):
        counts[name] = len(list(ox.parse(outputs[name].encode("utf-8"), format=fmt)))
    assert counts["graph.nt"] == counts["graph.ttl"] == counts["graph.jsonld"] > 0
    assert counts["graph.nq"] == counts["graph.trig"] >= counts["graph.nt"]
    ET.fromstring(outputs["graph.graphml"].encode("utf-8"))
    for name, text in outputs.items():
        if name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(text, newline="")))
            assert len({len(row) for row in rows}) == 1, name
    json.loads(outputs["stats.json"])


@examples(0.3)
@given(st.lists(hostile_text, min_size=1, max_size=4))
def test_every_export_of_any_names_parses_back(small_graph, names):
    assert_every_export_parses(_relabelled(small_graph, names))


@pytest.fixture(scope="module")
def extractor():
    from kg.extract.pipeline import Extractor

    return Extractor()


@examples(0.1)
@given(edited_news())
def test_extraction_of_edited_news_exports_cleanly(extractor, text):
    from kg.graph.build import GraphBuilder
    from kg.model import Page
    from kg.resolve.entities import Resolver

    rebuilt, offsets = page_text(Path("a.txt"), clean(text))
    corpus = extractor(split_articles(Page("p", "p.txt", rebuilt, offsets)))
    if corpus:
        assert_every_export_parses(GraphBuilder(Resolver().resolve(corpus)).build(corpus))
