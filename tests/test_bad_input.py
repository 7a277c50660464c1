"""Bad input: one clear line, the right exit status, no traceback, no half-written output."""

from __future__ import annotations

from conftest import ROOT, run_kg

PAGE = "本报讯(记者 林晓) 近日,海淀区总工会召开座谈会。海淀区总工会主席吴建平主持会议。\n"


def assert_one_line(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert stderr.strip(), "expected a message"


def test_missing_path(tmp_path):
    result = run_kg("build", str(tmp_path / "nope"), "-o", str(tmp_path / "out"), check=False)
    assert result.returncode == 1
    assert_one_line(result.stderr)
    assert "no such file" in result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_kg("build", str(tmp_path / "empty"), "-o", str(tmp_path / "out"), check=False)
    assert result.returncode == 1
    assert_one_line(result.stderr)


def test_binary_and_non_chinese_files_are_skipped_and_the_build_goes_on(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text(PAGE, encoding="utf-8")
    (pages / "image.txt").write_bytes(bytes(range(256)) * 8)
    (pages / "english.md").write_text("Only English here.\n", encoding="utf-8")
    result = run_kg("build", str(pages), "-o", str(tmp_path / "out"), check=False)
    assert result.returncode == 0, result.stderr
    assert "image.txt" in result.stderr and "english.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert "吴建平" in (tmp_path / "out" / "entities.csv").read_text(encoding="utf-8")


def test_nothing_buildable_exits_non_zero_and_keeps_old_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# previous build\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = run_kg("build", str(bad), "-o", str(out), check=False)
    assert result.returncode == 1
    assert_one_line(result.stderr)
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# previous build\n"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_gbk_utf16_and_bom_pages_decode(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "gbk.txt").write_bytes(PAGE.encode("gbk"))
    (pages / "utf16.txt").write_bytes(PAGE.replace("吴建平", "张海涛").encode("utf-16"))
    (pages / "bom.md").write_bytes(b"\xef\xbb\xbf" + PAGE.replace("吴建平", "李春").encode("utf-8"))
    result = run_kg("build", str(pages), "-o", str(tmp_path / "out"), check=False)
    assert result.returncode == 0, result.stderr
    entities = (tmp_path / "out" / "entities.csv").read_text(encoding="utf-8")
    assert "吴建平" in entities and "张海涛" in entities and "李春" in entities


def test_help_explains_commands():
    result = run_kg("--help")
    for command in ("build", "query"):
        assert command in result.stdout
    assert (ROOT / "README.md").exists()
