"""Split a page into articles.

An article opens at a run of headline lines (Markdown headings or bare headline lines:
kicker, title, subtitle), at a dateline paragraph (``本报讯…``) that follows the end of
another article, at the first body paragraph after a photo byline
(``本报记者 孙妍 摄影报道``), which closes the photo story it captions, or at the first
paragraph past :data:`MAX_ARTICLE` characters of body.
"""

from __future__ import annotations

import re

from kg.model import Article, Page, Sentence
from kg.read import patterns

_SENTENCE = re.compile(rf"[^。！？!?；;\n]*(?:[。！？!?；;]+[{patterns.CLOSERS}]*|\n|$)")


MAX_HEADLINES = 3  # kicker, title, subtitle: an unpunctuated line after them is body text
MAX_DECKS = 1  # bare lines under a Markdown heading that are its subtitle: the next one is body text
MAX_ARTICLE = 20_000
"""Characters after which a body paragraph opens an article of its own: every article, and so
every later stage's work on it, stays bounded however long the page. Long enough that a long
feature or report (10–15k characters) stays one article, its names and dates read as one."""


def paragraphs(page: Page) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of the page text."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", page.text)]


def _with_trailing_credits(page: Page, groups: list[list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """The groups, each of nothing but credit lines (文/图 张三 closing an article, before the
    next headline) joined to the article before it: a credit opens an article only with a body."""
    joined: list[list[tuple[int, int]]] = []
    for group in groups:
        if joined and all(patterns.is_byline_line(page.text[start:end]) for start, end in group):
            joined[-1] = joined[-1] + group
        else:
            joined.append(group)
    return joined


def split_articles(page: Page) -> list[Article]:
    """The articles of a page, in reading order."""
    spans = paragraphs(page)
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    in_header = has_body = False
    after_photo_byline = False
    header_run = 0
    decks: int | None = None  # the header's bare lines since its Markdown heading (None: it has none)
    body_ended = True  # the body so far ends a sentence (or a credit): a headline may follow
    for start, end in spans:
        line = page.text[start:end]
        headline = line.startswith("#") or (patterns.is_headline(line) and header_run < MAX_HEADLINES
                                            and (not has_body or body_ended)
                                            and not (in_header and decks is not None and decks >= MAX_DECKS))
        restarts = after_photo_byline or (has_body and patterns.starts_article(line))
        restarts = restarts or (has_body and start - current[0][0] > MAX_ARTICLE)
        opens = (headline and not in_header) or (not headline and restarts)
        if opens and current:
            groups.append(current)
            current, has_body = [], False
        current.append((start, end))
        had_body = has_body  # before this line: a credit opening the article closes nothing
        has_body = has_body or not headline
        decks = _decks_after(line, decks if in_header and headline else None)
        in_header = headline
        header_run = header_run + 1 if headline else 0
        body_ended = bool(patterns.SENTENCE_END.search(line)) or patterns.is_byline_line(line)
        after_photo_byline = patterns.is_byline_line(line) and "摄" in line and had_body
    if current:
        groups.append(current)
    articles = []
    for group in _with_trailing_credits(page, groups):
        header = _header_lines(page, group)
        if len(header) == len(group):
            continue  # a banner or a lone headline with no story under it
        index = len(articles)
        headlines = tuple(_headline_text(page.as_written(s, e)) for s, e in header)
        articles.append(
            Article(
                article_id=f"{page.page_id}/{index + 1:02d}",
                page=page,
                index=index,
                headline=choose_headline(headlines) or _first_clause(page.as_written(*group[0])),
                start=group[0][0],
                end=group[-1][1],
                headlines=headlines,
                body_start=group[len(header)][0],
            )
        )
    return articles


def _header_lines(page: Page, group: list[tuple[int, int]]) -> list[tuple[int, int]]:
    header = []
    decks: int | None = None
    for start, end in group:
        line = page.text[start:end]
        if not (line.startswith("#") or patterns.is_headline(line)) or len(header) == MAX_HEADLINES:
            break
        if not line.startswith("#") and decks is not None and decks >= MAX_DECKS:
            break  # 6月5日至7日 来自全省…参加培训 under a heading and its subtitle: short news, unpunctuated
        decks = _decks_after(line, decks)
        header.append((start, end))
    return header


def _decks_after(line: str, decks: int | None) -> int | None:
    """The header's bare lines since its Markdown heading once ``line`` (a headline line) is
    read: none at a heading, one more after one, None while the header has no heading."""
    if line.startswith("#"):
        return 0
    return None if decks is None else decks + 1


def _headline_text(line: str) -> str:
    return line.lstrip("#").strip()


def choose_headline(headlines: tuple[str, ...]) -> str:
    """The most informative header line: slogans (``A B`` with a space) lose to plain titles,
    then the longest wins."""
    if not headlines:
        return ""
    plain = [h for h in headlines if not re.search(r"\S\s+\S", h)]
    return max(plain or headlines, key=len)


def _first_clause(text: str) -> str:
    return re.split(r"[，,。；;！？!?]", text, maxsplit=1)[0][:40]


def sentences(page: Page, start: int, end: int) -> list[Sentence]:
    """Sentences of a page span (ends kept with their closing quotes), offsets in the page."""
    out = []
    for match in _SENTENCE.finditer(page.text, start, end):
        text = match.group().strip()
        if not text:
            continue
        s = match.start() + match.group().index(text)
        out.append(Sentence(s, s + len(text), text))
    return out
