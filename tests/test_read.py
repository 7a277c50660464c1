"""Reading: hard-wrapped paragraphs rebuilt, pages split into articles (real pages)."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from kg.model import Page
from kg.read.articles import split_articles
from kg.read.paragraphs import rebuild
from kg.read.sources import find_files, read_pages


def test_wrap_inside_a_word_across_blank_lines():
    text, offsets = rebuild("大家一致认为,习\n\n\n\n近平总书记贺信思想深邃。\n\n下一段。")
    assert text == "大家一致认为,习近平总书记贺信思想深邃。\n下一段。"
    raw = "大家一致认为,习\n\n\n\n近平总书记贺信思想深邃。\n\n下一段。"
    assert raw[offsets[text.index("近平")]] == "近"


def test_headline_lines_do_not_join():
    text, _ = rebuild("## 首届大国工匠创新交流大会在深圳闭幕\n\n北京市总工会获优秀组织单位\n\n本报讯 (记者 白莹) 4月29日下午。")
    assert text.count("\n") == 2


def test_short_news_written_a_sentence_a_line_without_final_marks():
    text, _ = rebuild(
        "## 漳州市举办首届职工茶艺大赛\n"
        "8月6日，漳州市首届职工茶艺大赛在华安县举行，32名选手参赛\n"
        "市总工会副主席林美华出席并讲话，县总工会主席陈志坚主持开幕式\n"
        "获奖选手：黄丽娟 郑晓燕 吴佩玲\n"
        "大赛由市总工会、市农业农村局主办，\n"
        "华安县总工会承办\n"
    )
    assert text.split("\n")[1:] == [
        "8月6日，漳州市首届职工茶艺大赛在华安县举行，32名选手参赛",
        "市总工会副主席林美华出席并讲话，县总工会主席陈志坚主持开幕式",
        "获奖选手：黄丽娟 郑晓燕 吴佩玲",
        "大赛由市总工会、市农业农村局主办，华安县总工会承办",  # stops mid-clause: a wrap
    ]


def test_a_line_of_listed_names_ends_its_paragraph():
    text, _ = rebuild("## 标题\n颁奖仪式上，市总工会为获奖者颁奖。\n获奖选手：林建国 黄秀英 陈志远\n优秀组织奖：吴春生\n")
    assert text.split("\n")[2:] == ["获奖选手：林建国 黄秀英 陈志远", "优秀组织奖：吴春生"]


def test_a_wrapped_section_that_ends_a_sentence_still_joins():
    text, _ = rebuild("## 标题\n会议要求，全市各级工会\n要提高政治站位，把学习贯彻引向深入。\n")
    assert text.split("\n")[1] == "会议要求，全市各级工会要提高政治站位，把学习贯彻引向深入。"


def test_a_markdown_heading_takes_one_bare_subtitle_and_short_news_follows():
    page = Page("p", "p.txt", "## 全市护士长培训班在泉州举行\n泉州市卫生健康委员会主办\n"
                "6月5日至7日 来自各县的80名护士长参加培训\n市卫健委副主任出席开班仪式\n")
    (article,) = split_articles(page)
    assert article.headlines == ("全市护士长培训班在泉州举行", "泉州市卫生健康委员会主办")
    assert page.text[article.body_start :].startswith("6月5日至7日")


@pytest.fixture(scope="module")
def pages():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the checkout")
    return {p.page_id[:3]: p for p in read_pages(find_files([CORPUS]), [])}


def test_real_wraps_are_rebuilt(pages):
    assert "经历了一次深刻的党史党性教育和工运史教育" in pages["000"].text
    assert "密云区总工会党组书记、常务副主席晁怀新" in pages["001"].text


def test_articles_of_a_page_without_markdown(pages):
    headlines = [a.headline for a in split_articles(pages["002"])]
    assert headlines == [
        "第二届大国工匠创新交流大会暨大国工匠论坛北京市总工会筹备工作专班总结会议召开",
        "朝阳区总工会赴结对帮扶乡镇开展对口支援",
        "全国林草行业森林消防员职业技能竞赛开赛",
        "房山工会携手老字号企业慰问抢险救灾消防官兵",
        "北京康复医院举行中国医师节庆祝暨表彰大会",
        "住总二公司项目部工会举办职工篮球赛",
    ]


def test_photo_caption_closes_its_story(pages):
    articles = split_articles(pages["000"])
    assert len(articles) == 7
    link = next(a for a in articles if a.headline == "链家暖心驿站为户外劳动者送关爱")
    assert link.text.rstrip().endswith("本报记者 孙妍 摄影报道")


def test_a_credit_line_closing_an_article_stays_with_it():
    text = ("## 市总工会举办职工运动会\n5月5日，市总工会举办职工运动会。\n文/图 孙悦\n"
            "## 区医院开展义诊\n5月6日，区医院开展义诊。\n摄影：周杰\n")
    rebuilt, offsets = rebuild(text)
    articles = split_articles(Page("p", "p.txt", rebuilt, offsets))
    assert [a.headline for a in articles] == ["市总工会举办职工运动会", "区医院开展义诊"]
    assert articles[0].text.rstrip().endswith("文/图 孙悦")
    assert articles[1].text.rstrip().endswith("摄影：周杰")


def test_a_photo_credit_opening_an_article_closes_nothing():
    text = "## 职代会召开\n撰文：刘洋 摄影：陈晨\n5月4日，某公司召开职工代表大会。\n会议审议了工作报告。\n"
    rebuilt, offsets = rebuild(text)
    articles = split_articles(Page("p", "p.txt", rebuilt, offsets))
    assert len(articles) == 1
    assert articles[0].text.rstrip().endswith("会议审议了工作报告。")
