"""The extraction stage's parts alone: the overlap policy, the verb lexicon, dates, the data
files, and the pipeline's order (sentences written for these tests)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sentence_cases import extract

from kg.extract import chains, span_cuts, tagged
from kg.extract.component import REGISTRY
from kg.extract.dates import dateline, find_dates
from kg.extract.lexicon import DATA, data_lines, verbs, verbs_in
from kg.extract.overlap import choose
from kg.extract.pipeline import PIPELINE
from kg.extract.tagger import TaggedSpan
from kg.model import Kind, Mention

ROLES = {"chair", "speaker", "attendee", "award", "host", "co-host"}


def span(start: int, end: int, kind: Kind, source: str, score: float = 1.0) -> Mention:
    return Mention(start, end, kind, "x" * (end - start), source, score)


def test_a_surer_source_wins_an_overlap():
    byline = span(0, 2, Kind.PERSON, "byline")
    tagged = span(1, 3, Kind.PERSON, "tagger", 0.99)
    assert choose([tagged, byline]) == [byline]


def test_the_tagger_beats_a_short_division_name_it_reads_as_a_name():
    person = span(0, 3, Kind.PERSON, "tagger", 0.95)  # 孙中山
    short_place = span(1, 3, Kind.PLACE, "gazetteer", 0.6)  # 中山
    assert choose([short_place, person]) == [person]


def test_a_division_opening_an_organization_stays_beside_it():
    org = span(0, 6, Kind.ORGANIZATION, "tagger", 0.9)  # 北京市总工会
    place = span(0, 3, Kind.PLACE, "gazetteer", 0.9)  # 北京市
    assert choose([org, place]) == [place, org]


def test_classes_are_not_kept():
    generic = Mention(0, 4, Kind.ORGANIZATION, "各级工会", "tagger", 0.9)
    people = Mention(5, 9, Kind.TITLE, "职工代表", "tagger", 0.9)
    delegate = Mention(10, 14, Kind.TITLE, "人大代表", "tagger", 0.9)
    assert choose([generic, people, delegate]) == [delegate]


@pytest.mark.parametrize(("name", "kept"), [
    ("吴中区产业工人队伍建设改革推进会", False),
    ("彝绣技能培训班", False),
    ("第十届职工运动会", False),
    ("昆山市人民代表大会", True),  # a state body, though 代表大会 heads a congress too
    ("中国足球协会超级联赛", True),  # a league is both
    ("宁波市企业家协会", True),
])
def test_an_organization_named_like_an_event_is_not_kept(name, kept):
    assert choose([Mention(0, len(name), Kind.ORGANIZATION, name, "tagger", 0.9)]) == (
        [Mention(0, len(name), Kind.ORGANIZATION, name, "tagger", 0.9)] if kept else [])


def test_every_verb_row_is_well_formed():
    for verb in verbs().values():
        assert verb.role in ROLES | {None}, verb
        assert verb.reports in ("before", "after", "both", None), verb
    assert verbs()["主持"].role == "chair" and verbs()["召开"].organizes and verbs()["赴"].motion


def test_verbs_in_takes_the_longest_verb_at_each_place():
    found = [(position, verb.word) for position, verb in verbs_in("市总工会联合主办并出席会议")]
    assert found == [(4, "联合主办"), (9, "出席")]


def test_dates_count_today_from_the_dateline():
    assert dateline("新华社雅加达10月20日电 中国国家主席特使…").value == "--10-20"
    assert [d.value for d in find_dates("国务院总理李强今天上午出席", today="--03-24")] == ["--03-24"]
    assert [d.value for d in find_dates("昨天", today="--03-01")] == ["--02-29"]
    assert [d.value for d in find_dates("2024年6月3日和7月8日")] == ["2024-06-03", "--07-08"]


def test_a_one_character_verb_counts_only_where_a_word_starts():
    from kg.extract.doc import _verbs
    from kg.extract.words import segment
    text = "华北制药集团有限责任公司维修焊工李明任车间主任"
    assert [verb.word for _, verb in _verbs(text, segment(text))] == ["任"]  # not the 任 of 责任
    assert [position for position, _ in _verbs(text, segment(text))] == [text.rindex("任车间")]


def test_a_bare_day_counts_back_from_the_filing_date():
    assert [d.value for d in find_dates("论坛27日在西宁开幕", filed="--05-28")] == ["--05-27"]
    assert [d.value for d in find_dates("展会30日闭幕", filed="2024-06-02")] == ["2024-05-30"]
    assert [d.value for d in find_dates("1月5日至6日举行", filed="--01-07")] == ["--01-05"]
    assert find_dates("论坛27日在西宁开幕") == []  # no dateline, no month to count in


@pytest.mark.parametrize("path", sorted(p.name for p in DATA.iterdir() if p.suffix in (".tsv", ".txt")))
def test_every_data_file_names_its_source(path):
    header = (DATA / path).read_text(encoding="utf-8").split("\n\n")[0]
    assert "Source" in header or "source" in header, path
    assert data_lines(path), path


def test_the_pipeline_runs_registered_components_proposers_first():
    assert all(name in REGISTRY for name in PIPELINE)
    assert PIPELINE.index("overlap") < PIPELINE.index("chains") < PIPELINE.index("events") < PIPELINE.index("roles")
    assert PIPELINE.index("tagger") < PIPELINE.index("bylines")  # credits end where the tagger ends a name


def test_a_party_body_post_is_its_owners():
    found = extract("长城汽车股份有限公司党委副书记、工会主席邓立新出席会议。")
    assert found.positions == {("邓立新", "党委副书记", "长城汽车股份有限公司"),
                               ("邓立新", "工会主席", "长城汽车股份有限公司")}


def test_an_organization_read_off_a_title_is_completed_to_the_one_the_article_names():
    # the tagger may read 应急|管理部党委委员 on a later mention (context-dependent, so built by hand here)
    text = "应急管理部党委书记梁某出席，应急管理部党委委员宋某主持。"
    named = Mention(0, 5, Kind.ORGANIZATION, "应急管理部", "tagger", 0.9)
    cut = Mention(text.index("管理部党委委员"), text.index("管理部党委委员") + 3, Kind.ORGANIZATION, "管理部", "grammar")
    doc = SimpleNamespace(text=text, mentions=[named, cut])
    completed = chains._completed(doc, cut)
    assert (completed.text, text[completed.start : completed.end]) == ("应急管理部", "应急管理部")
    assert chains._completed(doc, named) is named  # the tagger's own span stays


def test_a_title_run_into_a_widened_name_ends_where_the_name_starts():
    # the tagger may read 骑手上官|俊杰 (context-dependent, so built by hand here)
    text = "饿了么骑手上官俊杰说。"
    title = Mention(3, 7, Kind.TITLE, "骑手上官", "tagger", 0.8)
    person = Mention(5, 9, Kind.PERSON, "上官俊杰", "tagger", 0.9)
    doc = SimpleNamespace(proposals=[title, person],
                          mention=lambda s, e, kind, source, score: Mention(s, e, kind, text[s:e], source, score))
    tagged._titles_before_names(doc, [person])
    assert [(m.text, m.kind) for m in doc.proposals] == [("骑手", Kind.TITLE), ("上官俊杰", Kind.PERSON)]


def test_a_name_read_once_is_read_where_the_article_writes_it_again():
    # the tagger may leave out a later mention (context-dependent, so built by hand here)
    text = "芜湖市第一人民医院召开大会。会上，芜湖市第一人民医院表彰了职工王海，王海说。建国同志和马建国在场。"
    org = Mention(0, 9, Kind.ORGANIZATION, "芜湖市第一人民医院", "tagger", 0.9)
    person = Mention(text.index("王海"), text.index("王海") + 2, Kind.PERSON, "王海", "tagger", 0.8)
    short = Mention(text.index("马建国") + 1, text.index("马建国") + 3, Kind.PERSON, "建国", "tagger", 0.5)  # 马|建国
    doc = SimpleNamespace(text=text, article=SimpleNamespace(start=0, end=len(text)), proposals=[org, person, short],
                          mention=lambda s, e, kind, source, score: Mention(s, e, kind, text[s:e], source, score))
    tagged._repeated_names(doc)
    assert sorted((m.start, m.text, m.kind) for m in doc.proposals[3:]) == [
        (text.index("会上") + 3, "芜湖市第一人民医院", Kind.ORGANIZATION),
        (text.rindex("王海"), "王海", Kind.PERSON)]  # not 建国 again: no surname opens it


@pytest.mark.parametrize(("text", "spans", "read"), [
    # the tagger may cut a rank after a department (儿科副主任|医师; context-dependent, so built by hand)
    ("，儿科副主任医师郑某等10人", [(1, 6), (6, 8)], [("儿科", Kind.ORGANIZATION), ("副主任医师", Kind.TITLE)]),
    ("骨科主任|医师", [(0, 4), (5, 7)], [("骨科主任", Kind.TITLE), ("医师", Kind.TITLE)]),  # not side by side
    ("主任医师", [(0, 2), (2, 4)], [("主任医师", Kind.TITLE)]),  # two halves of one title
])
def test_two_titles_side_by_side_are_read_as_one_or_as_a_department_and_a_rank(text, spans, read):
    found = tagged._joined_titles(text, [TaggedSpan(s, e, Kind.TITLE, 0.9) for s, e in spans])
    assert [(text[span.start : span.end], span.kind) for span in found] == read


@pytest.mark.parametrize(("text", "span", "pieces"), [
    # the tagger may read 领衔人马骏是公司 as one organization where jieba cuts 人马|骏是 (context-dependent,
    # so the span is built by hand here)
    ("工作室领衔人马骏是公司压铸车间主任。", "人马骏是公司", ["公司"]),
    ("厂长郑凯是华泰机械厂的创始人。", "凯是华泰机械厂", ["华泰机械厂"]),
    ("该中心是市总工会所属单位。", "中心是市总工会", ["中心", "市总工会"]),  # a whole name before it stays
])
def test_no_organization_holds_the_copula(text, span, pieces):
    from kg.extract.words import segment

    start = text.index(span)
    sent = SimpleNamespace(text=text, words=segment(text))
    cut = span_cuts._at_copulas(sent, [(start, start + len(span))], Kind.ORGANIZATION)
    assert [text[s:e] for s, e in cut if e - s >= 2] == pieces


@pytest.mark.parametrize(("text", "venue", "not_venue"), [
    ("6月21日，淮南学院2025届毕业典礼在明德体育馆隆重举行。", "明德体育馆", None),
    ("当天下午，双方在省政府大楼三楼会议室举行工作座谈会。", "省政府大楼三楼会议室", None),
    ("习近平在人民大会堂东大厅举行欢迎仪式。", "人民大会堂东大厅", "人民大会堂"),
    ("全省劳模表彰大会在北京人民大会堂隆重举行。", "人民大会堂", "北京人民大会堂"),  # 北京|人民大会堂 is named
    ("他现在馆里工作，正在会议室举行的座谈会上发言。", None, "馆里工作"),
    ("5月9日，市长在钓鱼台国宾馆芳华苑为外宾举行欢迎仪式。", "钓鱼台国宾馆芳华苑", None),
    ("全市职工焊工技能大赛在萧山区杭州市职工技能实训基地落下帷幕。", "杭州市职工技能实训基地", "萧山区杭州市职工技能实训基地"),
    ("淮南学院本科生毕业典礼在学校明德体育馆举行。", "明德体育馆", "学校明德体育馆"),
])
def test_a_venue_runs_from_zai_to_the_verb_that_reports_the_event(text, venue, not_venue):
    places = {p.text for _, event in extract("新闻\n" + text).events for p in event.places}
    assert venue is None or venue in places
    assert not_venue not in places


def test_an_honor_runs_over_a_word_jieba_tags_as_a_time():
    found = extract("新闻\n共青团中央近日表彰，中国青年五四奖章获得者王启明出席座谈会。")
    assert ("王启明", "中国青年五四奖章") in found.person_honors


def test_a_chain_runs_over_the_divisions_before_an_organization():
    found = extract("新闻\n活动特邀全国三八红旗手、江苏省南京市鼓楼区琅琊路小学语文教师柏雪梅授课。")
    assert ("柏雪梅", "全国三八红旗手") in found.person_honors


def test_a_company_name_with_dian_is_no_dateline():
    found = extract("新闻\n国网江苏省电力有限公司南京供电分公司荣获全国五一劳动奖状。")
    assert "国网" not in found.organizations
    assert found.org_honors == {("国网江苏省电力有限公司南京供电分公司", "全国五一劳动奖状")}


@pytest.mark.parametrize(("text", "event"), [
    ("5月21日，中国与巴基斯坦建交73周年招待会在伊斯兰堡举行。", "中国与巴基斯坦建交73周年招待会"),
    ("4月10日，市总工会举行新闻通气会，通报职工技能大赛筹备情况。", "新闻通气会"),
])
def test_a_noun_ending_in_hui_names_a_gathering(text, event):
    assert event in {e.name.text for _, e in extract("新闻\n" + text).events}


def test_a_body_ending_in_hui_is_no_gathering():
    events = {e.name.text for _, e in extract("新闻\n6月3日，公司召开监事会，审议年度报告。会议强调要营造全社会尊重劳动的氛围。").events}
    assert not any(name.endswith(("监事会", "社会")) for name in events)


def test_a_going_yet_to_come_is_no_place_of_the_event():
    found = extract("## 李强会见巴西众议院议长桑托斯\n新华社北京6月3日电 国务院副总理李强3日在北京人民大会堂会见巴西众议院议长桑托斯。\n"
                    "桑托斯一行于6月1日抵达北京，开始对中国进行正式友好访问。访华期间代表团还将赴上海、成都参观访问。")
    places = {p.text for _, event in found.events for p in event.places}
    assert "人民大会堂" in places
    assert not places & {"上海", "成都"}  # 还将赴: not where anything happened
