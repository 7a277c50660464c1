"""The bad-input matrix of issue 14: each case gives one clear line on stderr (never a
traceback), the right exit status, and a build that every engine reads."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_kg

PAGE = "本报讯(记者 林晓) 近日,海淀区总工会召开座谈会。海淀区总工会主席吴建平主持会议。\n"
RDF = {"graph.nt": ox.RdfFormat.N_TRIPLES, "graph.nq": ox.RdfFormat.N_QUADS, "graph.ttl": ox.RdfFormat.TURTLE,
       "graph.trig": ox.RdfFormat.TRIG, "graph.jsonld": ox.RdfFormat.JSON_LD}


def one_line(stderr: str) -> list[str]:
    """The lines of ``stderr``, asserting there is no traceback."""
    assert "Traceback" not in stderr, stderr
    return stderr.strip().splitlines()


def assert_readable(out) -> None:
    """Every export parses: RDF in pyoxigraph, GraphML as XML, CSV as rectangular tables."""
    for name, fmt in RDF.items():
        assert list(ox.parse(path=str(out / name), format=fmt)), name
    ET.parse(out / "graph.graphml")
    for table in out.glob("*.csv"):
        rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"), newline="")))
        assert len({len(row) for row in rows}) == 1, table.name
    json.loads((out / "stats.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """One build of every hostile page at once (a build costs seconds)."""
    pages = tmp_path_factory.mktemp("pages")
    separators = "本报讯(记者 林晓) 大兴区总工会主席郑明主持会议\u2028并讲话。\v\f\x1c\x1d\x1e\x85\u2029郑明说。\n"
    (pages / "separators.txt").write_text(separators, encoding="utf-8")
    (pages / "controls.txt").write_text("朝阳区总工会主席王\x01\x7f\ue000\ufffd\ufffe芳出席会议。\n", encoding="utf-8")
    (pages / "bom-bad-byte.txt").write_bytes(b"\xef\xbb\xbf" + PAGE.replace("吴建平", "李春").encode() + b"\xff\n")
    (pages / "utf16le.txt").write_bytes(PAGE.replace("吴建平", "张海涛").encode("utf-16-le"))
    (pages / "utf16be.txt").write_bytes(PAGE.replace("吴建平", "赵立新").encode("utf-16-be"))
    (pages / "big5.txt").write_bytes("本報訊 台北市總工會理事長陳明德主持會議。\n".encode("big5"))
    (pages / "gbk.txt").write_bytes(PAGE.replace("吴建平", "孙明").encode("gbk"))
    (pages / "table.md").write_text(
        "# 海淀区总工会召开座谈会\n\n本报讯 **海淀区总工会主席吴建平**主持会议，[详情](http://example.com)。\n\n"
        "| 姓名 | 职务 |\n|---|---|\n| 王伟 | 主席 |\n\n![合影](photo.jpg)\n\n> - 引用的列表\n\n"
        "```\n代码块里的张三不是人\n```\n", encoding="utf-8")
    (pages / "page.html").write_text(
        "<html><head><title>标题</title><script>var 李四 = 1;</script><style>p{}</style></head><body>"
        "<h1>东城区总工会召开会议</h1><p>本报讯 东城区总工会主席刘洋&nbsp;主持会议。</p></body></html>",
        encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = subprocess.run([sys.executable, "-m", "kg", "build", str(pages), "-o", str(out), "--workers", "1"],
                            capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300)
    return result, out


def test_a_build_of_hostile_pages_is_readable_by_every_engine(hostile_build):
    result, out = hostile_build
    assert result.returncode == 0, result.stderr
    lines = one_line(result.stderr)
    assert all(line.startswith("kg: ") for line in lines), lines
    assert_readable(out)
    run_kg("query", str(out), "positions")
    entities = (out / "entities.csv").read_text(encoding="utf-8")
    for name in ("郑明", "李春", "张海涛", "赵立新", "孙明", "吴建平", "刘洋"):
        assert name in entities, name


def test_decoding_problems_are_noted_and_the_rest_is_built(hostile_build):
    result, _ = hostile_build
    assert "bom-bad-byte.txt: 1 invalid UTF-8 bytes read as U+FFFD" in result.stderr
    assert "big5.txt: read as Big5 (Traditional Chinese)" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_as_input_is_skipped_not_waited_on(tmp_path):
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg", "build", str(fifo), str(page), "-o", str(tmp_path / "out")],
                            capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert result.returncode == 0
    assert f"kg: skipped {fifo}: not a regular file" in one_line(result.stderr)


def test_markup_is_not_text(hostile_build):
    _, out = hostile_build
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    texts = [row[0].value for row in store.query(
        "SELECT ?t { { ?e <https://kg.example/ontology#sentence> ?t } UNION { ?a <https://schema.org/headline> ?t } }")]
    assert any("吴建平" in text for text in texts) and any("刘洋" in text for text in texts)
    for leaked in ("**", "](", "|", "代码块", "var 李四", "&nbsp;", "<p>", "合影", "标题"):
        assert not [text for text in texts if leaked in text], leaked
    headlines = [row[0].value for row in store.query("SELECT ?t { ?a <https://schema.org/headline> ?t }")]
    assert not [h for h in headlines if h.startswith("王伟")]


def test_output_folder_problems_fail_before_the_work(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    for out in (a_file, a_file / "under"):
        result = run_kg("build", str(page), "-o", str(out), check=False)
        assert result.returncode == 1
        assert one_line(result.stderr) == [f"kg: -o {out} cannot hold a build: not a folder ({a_file})"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes everything")
def test_unreadable_folder_and_unwritable_output(tmp_path):
    pages = tmp_path / "pages"
    (pages / "locked").mkdir(parents=True)
    (pages / "page.txt").write_text(PAGE, encoding="utf-8")
    (pages / "locked").chmod(0)
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    readonly.chmod(0o555)
    try:
        result = run_kg("build", str(pages), "-o", str(readonly / "out"), check=False)
        assert result.returncode == 1 and "not writable" in result.stderr
        result = run_kg("build", str(pages), "-o", str(tmp_path / "out"), check=False)
        assert result.returncode == 0 and "cannot read folder" in result.stderr
    finally:
        (pages / "locked").chmod(0o755)


def test_one_line_errors_of_every_command(tmp_path, example_build):
    cases = [
        (("serve", str(example_build), "--port", "70000"), "no port 70000"),
        (("show", str(example_build), ""), "which entity?"),
        (("query", str(example_build), "INSERT DATA { <a:b> <a:c> <a:d> }"), "INSERT is an update"),
        (("query", str(example_build), "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
         "SERVICE is not allowed"),
        (("extract", "--jsonl", str(ROOT / "README.md"), "-o", str(tmp_path)), "cannot write"),
        (("build", "--no-such-option"), "No such option"),
    ]
    for args, expected in cases:
        result = run_kg(*args, check=False)
        assert result.returncode != 0, args
        lines = one_line(result.stderr)
        assert len(lines) == 1 and lines[0].startswith("kg: ") and expected in lines[0], (args, lines)


def test_long_messages_stay_on_one_line(tmp_path):
    folder = tmp_path / ("很长的文件夹名" * 5) / ("又一层" * 10)
    folder.mkdir(parents=True)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    result = run_kg("build", str(folder), "-o", str(tmp_path / "out"), check=False)
    assert result.returncode == 0
    skipped = [line for line in one_line(result.stderr) if "binary.txt" in line]
    assert len(skipped) == 1 and skipped[0].startswith("kg: skipped ") and skipped[0].endswith(")")


def test_extract_keeps_the_stream_going(tmp_path):
    source = tmp_path / "in.jsonl"
    lines = ['{"id": 1, "text": "\\udc00张良主持会议。"}', "[" * 100_000 + "]" * 100_000,
             '{"id": 3, "text": "北京市总工会主席张良讲话。"}']
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_kg("extract", "--jsonl", str(source), check=False)
    assert result.returncode == 0
    assert one_line(result.stderr) == [f"kg: {source}:2: skipped: JSON nested too deeply"]
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["id"] for record in records] == [1, None, 3]
    assert any(m["text"] == "张良" for m in records[2]["mentions"])
