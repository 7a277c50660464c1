"""The layout grammar of a news page: sentence ends, bylines, article openings."""

from __future__ import annotations

import re

CLOSERS = "”’」』）)》〉】"
SENTENCE_END = re.compile(rf"[。！？!?…；;][{CLOSERS}]*$")
SOFT_END = re.compile(r"[，,、：:（(“‘《—\-]$")
CLAUSE_PUNCT = re.compile(r"[，,。；;：:！？!?、]")

NAME = r"[\u4e00-\u9fff·]{2,12}"
_NAMES = rf"{NAME}(?:\s*[、\s]\s*{NAME})*"
# The paper a credit may name before its role word: 本报, or another paper or agency by name
PAPER = r"本报|本刊|[\u4e00-\u9fff]{1,10}?(?:日报|晚报|报|网|社|台|客户端|融媒体中心|融媒)"
_ROLE = rf"(?:{PAPER})?(?:特约|首席|实习|见习|全媒体|融媒体)?(?:记者|通讯员|实习生|摄影记者)"
# 本报记者 陈艺 摄 / 本报记者 孙妍 摄影报道 / 记者 张三 李四 摄 / 张三/摄 / （通讯员 李四 摄）
PHOTO_LINE = re.compile(
    rf"^[(（]?(?:{_ROLE})?\s*(?P<names>{_NAMES})\s*[/／]?\s*(?P<role>摄影报道|摄影|摄)[)）]?$"
)
# Lines that are nothing but a credit: （记者 马超 通讯员 钟尔轩）, 记者 张三 报道, ■本报记者 张三, 文｜张三,
# 文/图 张三, 作者：张三, 摄影：张三, 文 / 本报记者 张三  图 / 本报通讯员 李四, 王浩/文 陈立新/图
BULLETS = "■□●○◆◇▲△★☆◎"  # what may open a credit line (■本报记者 张三, ★本报记者 张三)
CREDIT_MARKS = "/／｜|：:"  # what may follow a credit's role word (文/, 文｜, 作者：)
_CREDIT_WORD = (rf"(?:文\s*[/／｜|]\s*图|图\s*[/／｜|]\s*文|文|图|作者|撰文|责任编辑|编辑|摄影(?=\s*[{CREDIT_MARKS}]))"
                rf"\s*[{CREDIT_MARKS}]?")
_CREDIT_PART = rf"(?:{_CREDIT_WORD}\s*(?:{_ROLE})?|{_ROLE})\s*{_NAMES}"
# 王浩/文 陈立新/图, 王浩/文 陈立新/摄: each name before its role
_POSTFIX_WORD = r"文\s*[/／]\s*图|图\s*[/／]\s*文|文图|文|图|摄影|摄"
POSTFIX_ROLE = re.compile(rf"[/／]\s*(?P<word>{_POSTFIX_WORD})(?![\u4e00-\u9fff])")
_POSTFIX_PART = rf"{NAME}\s*[/／]\s*(?:{_POSTFIX_WORD})(?![\u4e00-\u9fff])"
CREDIT_LINE = re.compile(
    rf"^[(（]{_ROLE}\s*{_NAMES}(?:\s*{_ROLE}\s*{_NAMES})*[)）]$"
    rf"|^[{BULLETS}\s]*{_CREDIT_PART}(?:\s*{_CREDIT_PART})*\s*(?:报道)?[:：]?$"
    rf"|^{_POSTFIX_PART}(?:\s+{_POSTFIX_PART})*$"
)
# A paper's or agency's dateline: 本报讯, 本报成都讯, 河北工人报讯, 新华社北京5月20日电
DATELINE = re.compile(
    r"^(?!据)(?P<source>本报|本刊|本台|本网|[\u4e00-\u9fff]{1,10}?(?:日报|晚报|报|网|社|台|客户端|融媒体中心|融媒))"
    r"(?P<place>[\u4e00-\u9fff]{2,6}?)?(?:\d{1,2}月\d{1,2}日)?(?:讯|电(?![\u4e00-\u9fff]))"  # not 国网上海市|电力
)


# An article's closing line of names alone in brackets, its writers' (（宋佳）, （张三 李四）)
NAMES_CREDIT = re.compile(r"^[(（][\u4e00-\u9fff]{2,4}(?:[\s、][\u4e00-\u9fff]{2,4}){0,2}[)）]$")


def is_byline_line(line: str) -> bool:
    """A line that only credits people (a photo credit, a bracketed credit, 文/图 …)."""
    return bool(PHOTO_LINE.match(line) or CREDIT_LINE.match(line) or NAMES_CREDIT.match(line))


def starts_article(line: str) -> bool:
    """A paragraph that can only be the first of an article: a dateline, or a credit that
    opens a story (记者 X 报道, 文/图 X)."""
    if PHOTO_LINE.match(line) or line.startswith(("(", "（")):
        return False
    return bool(DATELINE.match(line) or CREDIT_LINE.match(line))


def is_headline(line: str) -> bool:
    """A short line with no clause punctuation and no sentence end: a headline or kicker."""
    body = line.lstrip("#").strip()
    if not body or len(body) > 60 or is_byline_line(body) or DATELINE.match(body):
        return False
    if re.search(r"[，,。；;！？!?：:]", body):
        return False
    return re.search(r"[\u4e00-\u9fff]", body) is not None
