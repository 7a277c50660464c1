
import pytest

from kg.extract.gazetteer import Gazetteer, load


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load()


def chain(gaz: Gazetteer, division) -> list[str]:
    return [d.name for d in gaz.parents(division)]


@pytest.mark.parametrize(
    ("name", "full", "parents"),
    [
        ("门头沟区", "门头沟区", ["北京市"]),
        ("门头沟", "门头沟区", ["北京市"]),
        ("深圳", "深圳市", ["广东省"]),
        ("深圳市", "深圳市", ["广东省"]),
        ("广东", "广东省", []),
        ("内蒙古", "内蒙古自治区", []),
        ("新疆", "新疆维吾尔自治区", []),
        ("大兴安岭地区", "大兴安岭地区", ["黑龙江省"]),
        ("加格达奇区", "加格达奇区", ["大兴安岭地区", "黑龙江省"]),
        ("丰台街道", "丰台街道", ["丰台区", "北京市"]),
        ("庙城镇", "庙城镇", ["怀柔区", "北京市"]),
        ("十渡镇", "十渡镇", ["房山区", "北京市"]),
        ("大峪街道", "大峪街道", ["门头沟区", "北京市"]),
        ("延边", "延边朝鲜族自治州", ["吉林省"]),
        ("长哨营", "长哨营满族乡", ["怀柔区", "北京市"]),
    ],
)
def test_lookup_and_parents(gaz, name, full, parents):
    division = gaz.resolve(name, home="北京市")
    assert division is not None and division.name == full
    assert chain(gaz, division) == parents
    assert division in gaz.lookup(name)


def test_municipality_district_sits_directly_under_it(gaz):
    (district,) = gaz.lookup("门头沟区")
    assert district.code == "110109" and district.level == "district"
    assert gaz.parent(district) == gaz.get("110000")
    assert gaz.parent(gaz.get("110000")) is None


def test_levels_and_codes(gaz):
    (town,) = gaz.lookup("庙城镇")
    assert (town.level, len(town.code), town.parent_code) == ("town", 9, "110116")
    assert gaz.lookup("北京")[0].level == "province"


def test_ambiguous_short_name(gaz):
    candidates = gaz.lookup("朝阳")
    names = {(d.name, gaz.parent(d).name) for d in candidates}
    assert {("朝阳区", "北京市"), ("朝阳市", "辽宁省"), ("朝阳县", "朝阳市"), ("朝阳区", "长春市")} <= names
    assert gaz.resolve("朝阳区") is None  # 北京's and 长春's, both districts
    assert chain(gaz, gaz.resolve("朝阳区", home="北京市")) == ["北京市"]
    assert gaz.resolve("朝阳区", context=["长春市"]).parent_code == "220100"
    assert gaz.resolve("朝阳").name == "朝阳市"  # the higher level wins when nothing else decides


@pytest.mark.parametrize(
    ("name", "context", "district"),
    [
        ("张坊镇", ["房山区"], "房山区"),
        ("张坊镇", ["北京市"], "房山区"),
        ("十渡镇", ["房山区"], "房山区"),
        ("大峪街道", ["门头沟区"], "门头沟区"),
        ("丰台街道", ["北京"], "丰台区"),
        ("庙城镇", [], "怀柔区"),
    ],
)
def test_beijing_townships_resolve_with_their_district(gaz, name, context, district):
    division = gaz.resolve(name, context=context)
    assert division is not None and division.level == "town"
    assert chain(gaz, division) == [district, "北京市"]


def test_ambiguous_township_needs_context(gaz):
    assert len(gaz.lookup("张坊镇")) == 3
    assert gaz.resolve("张坊镇") is None
    assert gaz.resolve("张坊镇", home="北京市").parent_code == "110111"


def test_province_abbreviation_only_when_asked(gaz):
    assert gaz.abbreviation("京").name == "北京市"
    assert gaz.abbreviation("粤").name == "广东省"
    assert gaz.lookup("京") == []
    assert "京" not in set(gaz.names())


def test_names_for_matching(gaz):
    names = set(gaz.names())
    assert {"北京市", "北京", "门头沟区", "门头沟", "深圳", "张坊镇", "大峪街道", "内蒙古"} <= names
    assert all(len(name) >= 2 for name in names)
    assert "张坊" not in names  # a town's short form: too often a plain word elsewhere
    assert gaz.lookup("张坊")[0].name == "张坊镇"


def test_short_names(gaz):
    assert gaz.short_name("恩施土家族苗族自治州") == "恩施"
    assert gaz.short_name("神农架林区") == "神农架"
    assert gaz.short_name("浦东新区") == "浦东"
    assert gaz.short_name("鄂温克族自治旗") is None
    assert gaz.short_name("土默特右旗") is None
    assert gaz.short_name("城区") is None


def test_load_is_cached():
    # Load time is measured in benchmarks/bench_gazetteer.py, not asserted here.
    assert load() is load()


def test_a_towns_short_name_needs_a_division_above_it_in_the_text(gaz):
    assert gaz.resolve("中建") is None  # 中建 is a company's short name far more often than 中建苗族彝族乡
    assert gaz.resolve("中建", context=["黔西市"]).name == "中建苗族彝族乡"
    assert gaz.resolve("中建苗族彝族乡").name == "中建苗族彝族乡"  # the full name needs nothing
