"""One node per real entity: resolution on real dev sentences, the place ladder, same-name
people, and builds made separately that merge by plain RDF union."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import CORPUS, GOLD, ROOT, Store, run_kg


def names_of(store: Store, name: str) -> set[str]:
    """Every name (schema:name and alternateName) of the organization called ``name``."""
    rows = store.rows(f"""
        SELECT ?alt WHERE {{ ?o a schema:Organization ; schema:name "{name}"@zh .
                            {{ ?o schema:alternateName ?alt }} UNION {{ ?o schema:name ?alt }} }}""")
    return {alt for (alt,) in rows}


def organizations_named(store: Store, name: str) -> int:
    return len(store.rows(f"""
        SELECT DISTINCT ?o WHERE {{ ?o a schema:Organization .
                                   {{ ?o schema:name "{name}"@zh }} UNION {{ ?o schema:alternateName "{name}"@zh }} }}"""))


def test_dev_pages_have_no_duplicates(corpus_build):
    if not GOLD.is_dir():
        pytest.skip("../shared/gold is not beside the checkout")
    scores = json.loads(run_kg("eval", str(corpus_build), "--gold", str(GOLD), "--json").stdout)["graph"]
    assert {kind: scores[kind]["duplicates"] for kind in ("persons", "organizations", "places")} == {
        "persons": 0, "organizations": 0, "places": 0}


ABBREVIATION_PAGE = """## 华建三公司走访慰问一线职工

本报讯(记者 林晓) 近日,北京华建第三工程有限公司党委书记、董事长钱立新带队走访慰问一线职工。华建三公司工会为职工送去防暑用品。
"""
SHORT_NAME_PAGE = """## 市慈善协会启动助学行动

本报讯(记者 林晓) 近日,北京市慈善协会(以下简称“慈善协会”)启动“金秋助学”行动。慈善协会秘书长孟凡宇介绍了行动安排。
"""


@pytest.mark.parametrize(("page", "full", "short_forms"), [
    # an abbreviation named in the same article: 华建三公司 / 北京华建第三工程有限公司
    (ABBREVIATION_PAGE, "北京华建第三工程有限公司", {"华建三公司"}),
    # a short name the text defines: (以下简称“慈善协会”)
    (SHORT_NAME_PAGE, "北京市慈善协会", {"慈善协会"}),
])
def test_short_and_long_forms_are_one_organization(tmp_path, page, full, short_forms):
    store = build_pages(tmp_path, "forms", {"page.txt": page})
    assert short_forms <= names_of(store, full)
    for form in short_forms:
        assert organizations_named(store, form) == 1


def test_party_body_takes_the_organization_before_it(corpus_store):
    # 北京市总工会召开党组理论学习中心组学习…
    assert organizations_named(corpus_store, "北京市总工会党组理论学习中心组") == 1
    assert organizations_named(corpus_store, "党组理论学习中心组") == 1


def test_organization_names_that_run_over_coordination_and_apposition(corpus_store):
    # 本次竞赛由国家林业和草原局、中国农林水利气象工会全国委员会联合主办
    assert organizations_named(corpus_store, "国家林业和草原局") == 1
    # 携手老字号企业北京王致和食品有限公司: the category word is no part of the name
    assert organizations_named(corpus_store, "北京王致和食品有限公司") == 1
    assert organizations_named(corpus_store, "老字号企业北京王致和食品有限公司") == 0
    # 组织社工到基层工会服务站进行参观: a class of bodies, no organization
    assert organizations_named(corpus_store, "基层工会服务站") == 0


def test_place_ladder_and_organization_places(corpus_store):
    assert corpus_store.ask("""ASK { ?d schema:name "门头沟区"@zh ; schema:containedInPlace ?b .
                                     ?b schema:name "北京市"@zh }""")
    assert corpus_store.ask("""ASK { ?o schema:name "朝阳区总工会"@zh ; schema:location ?p .
                                     ?p schema:name "朝阳区"@zh }""")
    assert corpus_store.ask("""ASK { ?o schema:name "北京市总工会职工服务中心"@zh ; org:subOrganizationOf ?u .
                                     ?u schema:name "北京市总工会"@zh }""")
    # 长辛店二七纪念馆 is a venue in 北京, not 郑州's 二七区; 大小兴安岭 holds no division named 兴安
    assert corpus_store.ask("""ASK { ?v schema:name "长辛店二七纪念馆"@zh ; a schema:Place }""")
    assert not corpus_store.ask("""ASK { ?v schema:name ?n ; kg:kind ?level . FILTER(STRSTARTS(STR(?n), "兴安")) }""")


BRANCH_PAGE = """## 金融职工技能比武举行

本报讯(记者 林晓) 6月5日,交通银行苏州分行行长钱立军、苏州市第十中学语文教研组组长孙敏出席比武。
"""


GROUP_PAGE = """## 集团职工技能竞赛开幕

本报讯(记者 林晓) 6月5日,中国宝武钢铁集团有限公司工会主席刘强出席竞赛。中国宝武钢铁集团武汉钢铁有限公司炼钢厂承办。
"""


def test_a_group_named_inside_a_subsidiary_is_the_registered_company_the_text_names(tmp_path):
    store = build_pages(tmp_path, "group", {"page.txt": GROUP_PAGE})
    assert store.ask("""ASK { ?o schema:name "中国宝武钢铁集团武汉钢铁有限公司"@zh ; org:subOrganizationOf ?p .
                              ?p schema:name "中国宝武钢铁集团有限公司"@zh }""")
    assert organizations_named(store, "中国宝武钢铁集团") == 0


def test_a_branch_or_a_unit_implies_the_body_it_belongs_to(tmp_path):
    store = build_pages(tmp_path, "branch", {"page.txt": BRANCH_PAGE})
    for unit, parent in (("交通银行苏州分行", "交通银行"), ("苏州市第十中学语文教研组", "苏州市第十中学")):
        assert store.ask(f"""ASK {{ ?o schema:name "{unit}"@zh ; org:subOrganizationOf ?p .
                                    ?p schema:name "{parent}"@zh }}"""), unit


POSTS_PAGE = """## 贵州磷化集团与贵州大学签约

本报讯(记者 林晓) 9月12日,贵州磷化集团与贵州大学签订战略合作协议。贵州磷化集团总经理何光亮、贵州大学副校长宋宝安代表双方签约。

## 企业技术创新座谈会召开

本报讯(记者 林晓) 9月20日,企业技术创新座谈会在贵阳召开。总经理何光亮介绍了磷化工新材料的研发进展。副校长宋宝安出席。
"""
TWO_POSTS_PAGE = """## 两家公司签约

本报讯(记者 林晓) 10月8日,贵阳银行与贵州茅台签订合作协议。贵阳银行董事、贵州茅台董事刘静代表双方签约。

## 座谈会召开

本报讯(记者 林晓) 10月9日,座谈会在贵阳召开。董事刘静出席。
"""


def post_orgs(store, person: str, title: str) -> list[tuple]:
    return sorted(store.rows(f"""SELECT ?org (COUNT(DISTINCT ?evidence) AS ?n) WHERE {{
        ?m org:member ?p ; org:role/skos:prefLabel "{title}"@zh ; kg:evidence ?evidence .
        ?p schema:name "{person}"@zh . OPTIONAL {{ ?m org:organization/schema:name ?org }} }} GROUP BY ?org"""),
                  key=lambda row: row[0] or "")


def test_a_post_written_without_its_organization_is_the_one_the_corpus_gives_it(tmp_path):
    store = build_pages(tmp_path, "posts", {"page.txt": POSTS_PAGE})
    # the meeting's 总经理何光亮 is the same post as the signing's, read twice
    assert post_orgs(store, "何光亮", "总经理") == [("贵州磷化集团", "2")]
    # with that title at two organizations, a post written without one stays without one
    two = build_pages(tmp_path, "two", {"page.txt": TWO_POSTS_PAGE})
    assert post_orgs(two, "刘静", "董事") == [(None, "1"), ("贵州茅台", "1"), ("贵阳银行", "1")]


COUNTY_PAGE = """## 龙泉市总工会开展送清凉活动

本报讯(记者 林晓) 7月10日,龙泉市总工会在龙泉市人民广场开展送清凉活动。
"""


def test_a_county_lies_in_its_province_when_no_text_names_its_prefecture(tmp_path):
    store = build_pages(tmp_path, "county", {"page.txt": COUNTY_PAGE})
    assert store.ask("""ASK { ?c schema:name "龙泉市"@zh ; schema:containedInPlace ?p . ?p schema:name "浙江省"@zh }""")
    assert not store.ask("""ASK { ?p schema:name "丽水市"@zh }""")  # the prefecture between, named nowhere


VENUE_PAGE = """## 成都市总工会举办职工技能展

本报讯(记者 林晓) 6月1日,成都市总工会在成都世纪城国际会展中心举办职工技能展。兴安岭林区职工代表参展。
"""


DATELINE_PAGE = """## 兰州市工会第十五次代表大会开幕

本报兰州5月14日讯(记者 林晓) 5月14日上午,兰州市工会第十五次代表大会在宁卧庄宾馆开幕。
"""


def test_a_venue_lies_in_the_city_its_article_is_filed_from(tmp_path):
    store = build_pages(tmp_path, "dateline", {"page.txt": DATELINE_PAGE})
    assert store.ask("""ASK { ?v schema:name "宁卧庄宾馆"@zh ; schema:containedInPlace ?c . ?c schema:name "兰州市"@zh }""")


PROVINCE_VENUE_PAGE = """## 第十届职工技能大赛闭幕

本报南昌9月20日讯(记者 林晓) 9月20日,第十届职工技能大赛闭幕式在江西宾馆举行。
"""


def test_a_venue_named_by_its_province_lies_in_the_city_its_article_is_filed_from(tmp_path):
    store = build_pages(tmp_path, "province-venue", {"page.txt": PROVINCE_VENUE_PAGE})
    assert store.ask("""ASK { ?v schema:name "江西宾馆"@zh ; schema:containedInPlace ?c .
                              ?c schema:name "南昌市"@zh }""")


WRITTEN_IN_PAGE = """## 全市金融系统职工技能竞赛决赛举行

本报讯(记者 林晓) 6月12日,全市金融系统职工技能竞赛决赛在顺义区北京农商银行培训中心举行。
"""


def test_a_venue_lies_in_the_division_written_right_before_it(tmp_path):
    store = build_pages(tmp_path, "written-in", {"page.txt": WRITTEN_IN_PAGE})
    assert store.ask("""ASK { ?v schema:name "北京农商银行培训中心"@zh ; schema:containedInPlace ?d .
                              ?d schema:name "顺义区"@zh }""")


ZONE_PAGE = """## 西安经济技术开发区总工会举办技能比武

本报讯(记者 林晓) 6月3日,西安经济技术开发区总工会举办第五届职工技能比武。
"""


def test_an_organization_named_by_a_development_zone_lies_in_the_zone(tmp_path):
    store = build_pages(tmp_path, "zone", {"page.txt": ZONE_PAGE})
    assert store.ask("""ASK { ?o schema:name "西安经济技术开发区总工会"@zh ; schema:location ?z .
                              ?z schema:name "西安经济技术开发区"@zh ; schema:containedInPlace ?c .
                              ?c schema:name "西安市"@zh }""")
    assert not store.ask("""ASK { ?z schema:alternateName "经济技术开发区"@zh }""")  # a bare zone word names none


VILLAGE_PAGE = """## 兰陵县卞庄街道加强基层组织建设

本报讯(记者 林晓) 近日,记者来到兰陵县卞庄街道代村。代村党支部书记王传喜介绍,村里发展特色产业带动群众增收。
"""


def test_an_organization_named_by_a_village_the_page_names_lies_in_the_village(tmp_path):
    store = build_pages(tmp_path, "village", {"page.txt": VILLAGE_PAGE})
    assert store.ask("""ASK { ?o schema:name "代村党支部"@zh ; schema:location ?v . ?v schema:alternateName "代村"@zh }""")


BRANCH_DIVISION_PAGE = """## 金融系统职工技能竞赛举行

本报讯(记者 林晓) 6月3日,中国工商银行股份有限公司柳州分行举办职工技能竞赛,中国移动通信集团广西有限公司桂林分公司、中国人寿保险股份有限公司玉林分公司派员参加。
"""


def test_a_branch_lies_in_the_division_it_is_named_by(tmp_path):
    store = build_pages(tmp_path, "branch-division", {"page.txt": BRANCH_DIVISION_PAGE})
    for branch, division in (("中国工商银行股份有限公司柳州分行", "柳州市"), ("中国人寿保险股份有限公司玉林分公司", "玉林市"),
                             ("中国移动通信集团广西有限公司桂林分公司", "桂林市")):
        assert store.ask(f"""ASK {{ ?o schema:name "{branch}"@zh ; schema:location ?p .
                                   ?p schema:name "{division}"@zh }}"""), branch


ABROAD_PAGE = """## 省长会见肯尼亚客人

本报讯(记者 林晓) 5月8日,省长李建国在杭州会见肯尼亚总统特使奥马尔一行。奥马尔表示,肯尼亚欢迎中国企业到内罗毕投资。
"""


def test_a_world_city_lies_in_its_country_where_the_page_names_it(tmp_path):
    store = build_pages(tmp_path, "abroad", {"page.txt": ABROAD_PAGE})
    assert store.ask("""ASK { ?c schema:name "内罗毕"@zh ; schema:containedInPlace ?k . ?k schema:name "肯尼亚"@zh }""")


ABROAD_NAMED_WITH_LEVELS_PAGE = """## 副主席会见蒙古国客人

本报讯(记者 林晓) 10月14日,自治区副主席李国平在呼和浩特会见蒙古国乌兰巴托市副市长巴特尔率领的代表团。
"""


def test_a_world_city_and_its_country_written_with_their_levels(tmp_path):
    store = build_pages(tmp_path, "abroad-levels", {"page.txt": ABROAD_NAMED_WITH_LEVELS_PAGE})
    assert store.ask("""ASK { ?c schema:name "乌兰巴托市"@zh ; schema:containedInPlace ?k .
                              ?k schema:name "蒙古国"@zh }""")  # 乌兰巴托 written 乌兰巴托市, 蒙古 蒙古国


def test_a_venue_lies_in_the_named_division_its_name_opens_with(tmp_path):
    store = build_pages(tmp_path, "venue", {"page.txt": VENUE_PAGE})
    assert store.ask("""ASK { ?v schema:name "成都世纪城国际会展中心"@zh ; schema:containedInPlace ?c .
                              ?c schema:name "成都市"@zh }""")
    # the venue is also known by its own name, without where it is; a bare venue word is no name
    assert store.ask("""ASK { ?v schema:name "成都世纪城国际会展中心"@zh ; schema:alternateName "世纪城国际会展中心"@zh }""")
    assert not store.ask("""ASK { ?v schema:alternateName "会展中心"@zh }""")


CAMPAIGN_PAGE = """## 西城区总工会启动“走近新时代劳动者”主题参观活动

本报讯(记者 林晓) 5月10日,西城区总工会“走近新时代劳动者”主题参观活动启动仪式在北京市职工服务中心举行。此次主题参观活动将组织职工参观中国国家博物馆、首都博物馆、北京天文馆。
"""


def test_places_of_a_campaign_and_of_its_launch(tmp_path):
    store = build_pages(tmp_path, "campaign", {"page.txt": CAMPAIGN_PAGE})

    def places(name_end: str) -> set[str]:
        return {p for (p,) in store.rows(f"""
            SELECT ?place WHERE {{ ?e a schema:Event ; schema:name ?n ; schema:location ?l . ?l schema:name ?place .
                                   FILTER(STRENDS(STR(?n), "{name_end}")) }}""")}
    assert places("主题参观活动启动仪式") == {"北京市职工服务中心"}
    assert places("主题参观活动") == {"中国国家博物馆", "首都博物馆", "北京天文馆"}  # 参观 A、B、C


def test_event_defined_by_its_short_name(corpus_store):
    # (以下简称“工匠大会”) … 7月28日至30日“工匠大会”在北京展览馆圆满举办
    rows = corpus_store.rows("""
        SELECT DISTINCT ?date ?place WHERE { ?e schema:name "第二届大国工匠创新交流大会暨大国工匠论坛"@zh ;
            schema:alternateName "工匠大会"@zh ; schema:startDate ?date ; schema:location ?l . ?l schema:name ?place }""")
    assert rows == [("--07-28", "北京展览馆")]


SHENZHEN_PAGE = """## 深圳市总工会开展劳模宣讲活动

本报讯(记者 林晓) 5月6日,深圳市总工会在深圳会展中心举行劳模宣讲活动。深圳市总工会主席王建国出席并讲话。
"""
BEIJING_PAGE = """## 朝阳区总工会召开基层工会工作会

本报讯(记者 郑一鸣) 5月7日,朝阳区总工会召开基层工会工作会。北京市朝阳区总工会副主席王建国主持会议。
"""
MENTION_PAGE = """## 劳模宣讲团走进社区

本报讯(记者 林晓) 5月8日,劳模宣讲团走进社区开展宣讲活动。王建国、陈立华等劳模代表参加活动。
"""


def person_iris(store: Store, name: str) -> set[str]:
    return {iri for (iri,) in store.rows(f'SELECT ?p WHERE {{ ?p a schema:Person ; schema:name "{name}"@zh }}')}


def build_pages(tmp_path: Path, label: str, pages: dict[str, str]) -> Store:
    source = tmp_path / f"{label}-pages"
    source.mkdir()
    for name, text in pages.items():
        (source / name).write_text(text, encoding="utf-8")
    out = tmp_path / f"{label}-out"
    run_kg("build", str(source), "-o", str(out), "-q")
    return Store(out / "graph.nq", ox.RdfFormat.N_QUADS)


def test_same_name_with_posts_in_two_provinces_is_two_people(tmp_path):
    both = build_pages(tmp_path, "both", {"sz.txt": SHENZHEN_PAGE, "bj.txt": BEIJING_PAGE, "mention.txt": MENTION_PAGE})
    iris = person_iris(both, "王建国")
    assert len(iris) == 2
    regional = next(iri for iri in iris if iri.endswith("-广东省"))
    assert both.ask(f"""ASK {{ ?m org:member <{regional}> ; org:organization ?o . ?o schema:name "深圳市总工会"@zh }}""")
    # the mention with no post goes to the home city's 王建国, who chaired the Beijing meeting
    home = next(iri for iri in iris if iri != regional)
    assert both.ask(f"""ASK {{ ?e kg:chair <{home}> }}""")
    # built on its own, the Shenzhen page gives him the same IRI: builds merge by union
    alone = build_pages(tmp_path, "alone", {"sz.txt": SHENZHEN_PAGE})
    assert person_iris(alone, "王建国") == {regional}


def test_separate_builds_merge_by_rdf_union(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the checkout")
    outs = []
    for page in ("000_659268f85b625d99.txt", "002_68cea60221041fa3.txt"):
        source = tmp_path / page.split("_")[0]
        source.mkdir()
        (source / page).write_bytes((CORPUS / page).read_bytes())
        run_kg("build", str(source), "-o", str(source / "out"), "-q")
        outs.append(source / "out" / "graph.nq")
    union = ox.Store()
    for nq in outs:
        union.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    union.bulk_load(path=str(ROOT / "ontology" / "kg.ttl"), format=ox.RdfFormat.TURTLE)
    store = Store.__new__(Store)
    store.store = union

    # 张良 holds posts on both pages: one IRI, his memberships derived from articles of both pages
    assert len(person_iris(store, "张良")) == 1
    pages = {page for (page,) in store.rows("""
        SELECT DISTINCT ?page WHERE { ?p schema:name "张良"@zh . ?m org:member ?p ; prov:wasDerivedFrom ?a .
                                      ?a schema:isPartOf ?pg . ?pg schema:name ?page }""")}
    assert len(pages) == 2, pages
    assert organizations_named(store, "北京市总工会") == 1
    graphs = {g for (g,) in store.rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert any("/000_" in g for g in graphs) and any("/002_" in g for g in graphs)



MINORITY_DIVISIONS_PAGE = """## 州总工会举办职工文艺汇演

本报讯 5月1日，黔西南州总工会在兴义市举办庆祝“五一”职工文艺汇演，州总工会主席罗成刚出席。
"""


def test_a_division_goes_also_by_the_form_an_organization_name_writes(tmp_path):
    """黔西南|州总工会: the division 黔西南布依族苗族自治州 (eleven characters) is also 黔西南州, its
    level kept, the only form the page writes; and 黔西南州总工会 and 州总工会 are one union."""
    store = build_pages(tmp_path, "divisions", {"page.txt": MINORITY_DIVISIONS_PAGE})
    rows = store.rows('SELECT ?alt WHERE { ?p a schema:Place ; schema:name "黔西南布依族苗族自治州"@zh ; '
                      'schema:alternateName ?alt }')
    assert "黔西南州" in {alt for (alt,) in rows}
    assert {"黔西南州总工会", "州总工会"} <= names_of(store, "黔西南布依族苗族自治州总工会")


HOSPITAL_PAGE = """## 延安市人民医院开展义诊活动

本报讯 9月12日，延安市人民医院在宝塔区南关街道开展“关爱老人”义诊活动，30余名专家为居民义诊。

## 骨科团队获评“青年文明号”

本报讯 近日，骨科团队获评“陕西省青年文明号”。骨科主任、主任医师高文斌介绍，团队今年完成手术2100余台。机电科副科长刘建国参加。
"""


def test_a_bare_clinical_department_is_the_page_hospitals(tmp_path):
    """骨科 named bare on a page that names one hospital is that hospital's department; its
    head's rank (主任医师) is held at the hospital, which confers it; 机电科 is no clinical one."""
    store = build_pages(tmp_path, "hospital", {"page.txt": HOSPITAL_PAGE})
    held = set(store.rows("""SELECT ?title ?org WHERE { ?m org:member/schema:name "高文斌"@zh ;
                              org:role/skos:prefLabel ?title ; org:organization/schema:name ?org }"""))
    assert held == {("主任", "延安市人民医院骨科"), ("主任医师", "延安市人民医院")}
    assert organizations_named(store, "延安市人民医院机电科") == 0
