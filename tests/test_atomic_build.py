"""A build is switched in whole: SIGKILL a writer at random moments and the output folder is
always entirely the old build or entirely the new one; the next build leaves no staging behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, run_kg

from kg.export.atomic import CURRENT, LOCK, STATE
from kg.export.outputs import STORE
from kg.query.run import run
from kg.query.store import Build

CI = os.environ.get("CI", "").lower() == "true"
NAMES = [f"file{i}.txt" for i in range(8)]
WRITER = f"""
import sys, time
from pathlib import Path
from kg.export.atomic import publish
out, tag = Path(sys.argv[1]), sys.argv[2]
def write(folder):
    for name in {NAMES!r}:
        (folder / name).write_text(tag * 20000)
        time.sleep(0.01)
publish(out, {NAMES!r}, write)
"""


def contents(out: Path, names: list[str]) -> set[bytes]:
    """The distinct contents of the exports (one when the folder holds one build)."""
    return {(out / name).read_bytes() for name in names if (out / name).exists()}


def assert_clean(out: Path) -> None:
    """Only the current build is left under .kg, and no staging of older kg versions."""
    state = sorted(p.name for p in (out / STATE).iterdir())
    assert state == sorted([CURRENT, LOCK, os.readlink(out / STATE / CURRENT)])
    assert not [p for p in out.iterdir() if p.name.startswith((".kg-build-", ".file"))]


def test_killed_writers_leave_the_old_build_or_the_new_one(tmp_path):
    out = tmp_path / "out"
    rng = random.Random(14)
    subprocess.run([sys.executable, "-c", WRITER, str(out), "0"], check=True, cwd=ROOT)
    kills = 100 if CI else 25
    for n in range(1, kills + 1):
        before = contents(out, NAMES)
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(out), str(n % 10)], cwd=ROOT)
        time.sleep(rng.uniform(0.05, 0.4))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        after = contents(out, NAMES)
        assert len(after) == 1, f"kill {n}: a mix of builds"
        assert after == before or after == {(str(n % 10) * 20000).encode()}
    subprocess.run([sys.executable, "-c", WRITER, str(out), "x"], check=True, cwd=ROOT)
    assert contents(out, NAMES) == {b"x" * 20000}
    assert_clean(out)


def test_a_folder_of_an_older_kg_switches_to_the_new_scheme(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in NAMES:
        (out / name).write_text("old", encoding="utf-8")
    (out / ".kg-build-abc123").mkdir()
    (out / f".{NAMES[0]}.xyz.tmp").write_text("half", encoding="utf-8")
    subprocess.run([sys.executable, "-c", WRITER, str(out), "n"], check=True, cwd=ROOT)
    assert contents(out, NAMES) == {b"n" * 20000}
    assert all((out / name).is_symlink() for name in NAMES)
    assert_clean(out)


def test_killed_kg_builds_leave_a_whole_build(tmp_path):
    pages = {}
    for tag, person in (("a", "吴建平"), ("b", "张海涛")):
        pages[tag] = tmp_path / f"pages-{tag}"
        pages[tag].mkdir()
        (pages[tag] / "page.txt").write_text(
            f"本报讯(记者 林晓) 海淀区总工会召开座谈会。海淀区总工会主席{person}主持会议。\n", encoding="utf-8")
    reference = {}
    for tag in pages:
        run_kg("build", str(pages[tag]), "-o", str(tmp_path / f"ref-{tag}"), "-q", "--workers", "1")
        # the query store's bytes differ from run to run: it is checked by what it answers
        names = sorted(p.name for p in (tmp_path / f"ref-{tag}").iterdir() if p.name[0] != "." and p.name != STORE)
        reference[tag] = {name: (tmp_path / f"ref-{tag}" / name).read_bytes() for name in names}
    out = tmp_path / "out"
    run_kg("build", str(pages["a"]), "-o", str(out), "-q", "--workers", "1")
    rng = random.Random(25)
    kills = 12 if CI else 4
    for n in range(kills):
        tag = "ab"[n % 2 == 0]
        build = subprocess.Popen([sys.executable, "-m", "kg", "build", str(pages[tag]), "-o", str(out), "-q",
                                  "--workers", "1"], cwd=ROOT, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 5.0))
        build.send_signal(signal.SIGKILL)
        build.wait()
        seen = {name: (out / name).read_bytes() for name in reference["a"]}
        assert seen in (reference["a"], reference["b"]), f"kill {n}: a mix of builds"
        person = "吴建平" if seen == reference["a"] else "张海涛"
        assert run(Build(out), f'ASK {{ ?p schema:name "{person}"@zh }}'), f"kill {n}: the store is of another build"
    run_kg("build", str(pages["b"]), "-o", str(out), "-q", "--workers", "1")
    assert {name: (out / name).read_bytes() for name in reference["b"]} == reference["b"]
    assert_clean(out)
