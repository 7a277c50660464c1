"""The layout grammar of a news page: sentence ends, bylines, article openings."""

from __future__ import annotations

import re

CLOSERS = "”’」』）)》〉】"
SENTENCE_END = re.compile(rf"[。！？!?…；;][{CLOSERS}]*$")
SOFT_END = re.compile(r"[，,、：:（(“‘《—\-]$")
CLAUSE_PUNCT = re.compile(r"[，,。；;：:！？!?、]")

NAME = r"[\u4e00-\u9fff·]{2,4}"
# 本报记者 陈艺 摄 / 本报记者 孙妍 摄影报道 / 记者 张三 李四 摄
PHOTO_LINE = re.compile(
    rf"^(?:本报)?(?:记者|通讯员|实习生)?\s*(?P<names>{NAME}(?:\s+{NAME})*)\s*(?P<role>摄影报道|摄影|摄)$"
)
# 本报讯 (记者 白莹) / 本报讯(记者任洁) / (记者 马超 通讯员 钟尔轩)
DATELINE = re.compile(r"^本报[讯电]|^本报[\u4e00-\u9fff]{2,4}[讯电]")


def is_byline_line(line: str) -> bool:
    return bool(PHOTO_LINE.match(line))


def starts_article(line: str) -> bool:
    """A paragraph that can only be the first of an article."""
    return bool(DATELINE.match(line))


def is_headline(line: str) -> bool:
    """A short line with no clause punctuation and no sentence end: a headline or kicker."""
    body = line.lstrip("#").strip()
    if not body or len(body) > 60 or is_byline_line(body):
        return False
    if re.search(r"[，,。；;！？!?：:]", body):
        return False
    return re.search(r"[\u4e00-\u9fff]", body) is not None
