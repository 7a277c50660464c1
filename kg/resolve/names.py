"""Names and keys: an entity's key from its name, and how names of organizations and places
relate (one abbreviates another, one opens with a division), read against the gazetteer.

Contextual abbreviations (``市总工会``, ``区总工会``, ``省总工会``) take the division named
before them in the sentence, else the article's, else (for ``市``) the home city.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from kg.extract import gazetteer
from kg.extract.lexicon import (
    DEMONSTRATIVE,
    ORG_BODIES,
    OWN,
    UNIVERSITY_UNITS,
    abbreviated_bodies,
    body_abbreviations,
    class_noun_reference,
    ends_with,
    event_heads_by_length,
    org_abbreviations,
    org_class_nouns,
    org_generic,
    org_parent_suffixes,
    org_suffixes,
    unit_suffixes,
    without_body,
)
from kg.extract.places import place_aliases
from kg.extract.words import is_common_word
from kg.model import ArticleFacts, Kind, Mention
from kg.read.patterns import DATELINE

PREFIX = {
    Kind.PERSON: "person",
    Kind.ORGANIZATION: "org",
    Kind.PLACE: "place",
    Kind.TITLE: "title",
    Kind.HONOR: "honor",
    Kind.EVENT: "event",
}
_ABBREVIATED = re.compile(r"^(?P<level>自治区|街道|[省市区县镇乡州])(?!场|民|区|长|委书记)(?P<rest>.+)$")
MAX_IMPLIED_PARENT = 20
# What a company's registered name adds to the name it goes by (中国雄安集团|有限公司)
COMPANY_FORMS = ("有限公司", "有限责任公司", "股份有限公司")
# 党组理论学习中心组: a party body named without the organization it belongs to
OWNERLESS_BODY = re.compile(r"^(?:党组|党委|党总支|党支部)(?=.)")
# The divisions a bare level word stands for (市总工会: a city's, 县级市 included): levels and endings.
PREFIX_FITS = {"省": (("province",), ("省",)), "自治区": (("province",), ("自治区",)),
               "市": (("province", "city", "district"), ("市",)), "州": (("city",), ("州",)),
               "区": (("district",), ("区",)), "县": (("district",), ("县", "旗")), "镇": (("town",), ("镇",)),
               "乡": (("town",), ("乡",)), "街道": (("town",), ("街道",))}


def fits(division: gazetteer.Division, prefix: str) -> bool:
    """Can a bare ``市``/``区``/``省`` … stand for this division?"""
    levels, endings = PREFIX_FITS[prefix]
    return division.level in levels and division.name.endswith(endings)


def _dropped_runs(short: str, long: str) -> list[str] | None:
    """The runs of ``long`` left over when the characters of ``short`` are matched in it
    in order, each as early as possible; None when they do not all occur."""
    runs, position = [], 0
    for char in short:
        found = long.find(char, position)
        if found < 0:
            return None
        if found > position:
            runs.append(long[position:found])
        position = found + 1
    if position < len(long):
        runs.append(long[position:])
    return runs


_COLLEGES = ("职业技术学院", "职业学院", "技师学院", "师范学院", "专科学校")  # institutions of their own


def ends_with_org_suffix(text: str) -> str | None:
    """The organization suffix (``org_suffixes.txt``) ``text`` ends with, if any."""
    return ends_with(text, org_suffixes())


def longer_by_suffix(names: Iterable[str]) -> dict[str, list[str]]:
    """Each name → the sorted names that end with it and are longer: one pass over the
    suffixes of every name, not a scan of all names per name."""
    longer: dict[str, list[str]] = {}
    for name in sorted(names):
        for start in range(1, len(name)):
            longer.setdefault(name[start:], []).append(name)
    return longer


def iri_safe(name: str) -> str:
    """A name as an IRI path segment: characters IRIs forbid become ``_``."""
    return re.sub(r"[\s<>\"{}|\\^`/#?%\[\]]", "_", name)


BRANCHES = ("分公司", "分院", "分行", "支行", "分厂")  # an organization's branches, named by their own name


def is_part_name(name: str) -> bool:
    """Does ``name`` name a unit or a branch of an organization (康复医学科, 第三工程分公司)?"""
    return ends_with(name, unit_suffixes()) is not None or name.endswith(BRANCHES)


class NameReader:
    """Reads organization and place names against the gazetteer, for one home city; knows no
    entities."""

    def __init__(self, gaz: gazetteer.Gazetteer, home_city: str, short_names: dict[str, str] | None = None) -> None:
        self.gaz = gaz
        self.home = home_city
        self.short_names = short_names if short_names is not None else {}  # short name → full, corpus-wide
        self.page_orgs: dict[str, list[str]] = {}  # page → the organizations its articles name
        self._leading: dict[str, tuple[gazetteer.Division | None, int]] = {}  # name → its leading division
        self._longest_division = max(map(len, gaz.names()))  # 双江拉祜族佤族布朗族傣族自治县: 15

    @staticmethod
    def official(name: str) -> str:
        """A department by its full name: 曲靖市人社局 → 曲靖市人力资源和社会保障局, 市卫健委 →
        市卫生健康委员会 (``body_abbreviations.tsv``); a national organization by its full name:
        全总党组 → 全国总工会党组 (``org_abbreviations.tsv``)."""
        national = next((s for s in org_abbreviations() if name.startswith(s)), None)
        rest = name[len(national):] if national else ""
        if national is not None and (not rest or rest in ORG_BODIES or ends_with(rest, org_suffixes())):
            name = org_abbreviations()[national] + rest  # 全总|党组 → 全国总工会党组
        short = next((s for s in abbreviated_bodies() if name.endswith(s)), None)
        return name[: -len(short)] + body_abbreviations()[short] if short else name

    def government(self, name: str) -> str:
        """A division's government by its full name: 昆明市政府 → 昆明市人民政府."""
        division = name[: -len("政府")]
        if name.endswith("政府") and not division.endswith("人民") and any(
                d.name == division for d in self.gaz.lookup(division)):
            return division + "人民政府"
        return name

    def union(self, name: str) -> str:
        """A division's federation of unions by its full name: 沈阳市工会 → 沈阳市总工会 (the body
        the division's unions elect at their congress, 沈阳市工会第十六次代表大会); not a town's."""
        division = name[: -len("工会")]
        if name.endswith("工会") and any(d.name == division and d.level != "town" for d in self.gaz.lookup(division)):
            return division + "总工会"
        return name

    def _own(self, facts: ArticleFacts, endings: tuple[str, ...]) -> str | None:
        """The organization of a class (its name's endings) the article's page names most, by
        its full name: the institution whose paper it is (我院, 我校)."""
        page = facts.article.page
        owners = sorted({owner for text in self.page_orgs.get(page.page_id, ())
                         if (owner := self._full_name(without_body(text))).endswith(endings)})
        return max(owners, key=page.text.count, default=None)

    def _full_name(self, name: str) -> str:
        """The full name a short one stands for (渝铝精工 → 重庆渝铝精工科技股份有限公司), else the name."""
        return self.short_names.get(name, name)

    def expand_abbreviation(self, facts: ArticleFacts, mention: Mention, name: str, places: list[str]) -> str:
        """市总工会 → 北京市总工会 / 深圳市总工会, by the division the context names;
        集团党委 → 北京市自来水集团党委, by the article's group named before (else the page's
        group named most: a company's own paper); 党组理论学习中心组
        → 北京市总工会党组理论学习中心组, by the organization named before it in the sentence."""
        generic = class_noun_reference(name)
        if generic:  # 该院, 公司总经理, 集团党委: the organization of that class named before
            endings = org_class_nouns()[generic[0]]
            named = [(other, owner) for other in facts.mentions if other.kind == Kind.ORGANIZATION
                     and other.end <= mention.start and not class_noun_reference(other.text)
                     and (owner := self._full_name(without_body(other.text))).endswith(endings)]  # 某分公司|工会
            own = self._own(facts, endings) if name.startswith(OWN) or not named else None
            if own is not None:  # 我院, or none named in the article: the one its page names most
                return own + generic[1]
            if named:
                other, owner = named[-1] if DEMONSTRATIVE.match(name) else _most_named(facts, named)
                return self.expand_abbreviation(facts, other, owner, places) + generic[1]
        page = facts.article.page.text
        sentence_start = max(page.rfind("。", 0, mention.start), page.rfind("\n", 0, mention.start)) + 1
        if OWNERLESS_BODY.match(name):  # (a department has a 党支部 at most: 某科|党委办公室 is not the 科's)
            committee = name.startswith(("党委", "党组"))
            for owner in reversed([m for m in facts.mentions if m.kind == Kind.ORGANIZATION
                                   and sentence_start <= m.start and m.end <= mention.start
                                   and not OWNERLESS_BODY.match(m.text)
                                   and not (committee and ends_with(m.text, unit_suffixes()))]):
                return self.expand_abbreviation(facts, owner, owner.text, places) + name
        school = self._university_school(facts, name)
        if school is not None:
            return school
        match = _ABBREVIATED.match(name)
        if not match or not ends_with_org_suffix(name):
            return name
        prefix = match["level"]
        sentence_end = min((i for i in (page.find("。", mention.end), page.find("\n", mention.end)) if i >= 0),
                           default=len(page))
        division = (self._named_in_full(facts, mention, name, prefix, (sentence_start, sentence_end))
                    or self._place_before(facts, mention, sentence_start, prefix, places)
                    or self._named_in_full(facts, mention, name, prefix, (facts.article.start, facts.article.end))
                    or self._article_division(facts, prefix, places))
        if division is not None:
            return division + match["rest"]
        home = self.gaz.resolve(self.home)
        if home and fits(home, prefix):
            return self.home + match["rest"]
        return name

    def _university_school(self, facts: ArticleFacts, name: str) -> str | None:
        """A school or institute named by its fields alone (材料科学与工程学院, 科学技术研究院) in an
        article that names one university is that university's (合肥工业大学材料科学与工程学院); a
        college named by its place (北京教育学院) or its kind (某某职业技术学院) is one of its own."""
        if not name.endswith(UNIVERSITY_UNITS) or name.endswith(_COLLEGES) or \
                self.leading_division(name)[0] is not None:
            return None
        universities = {m.text for m in facts.mentions if m.kind == Kind.ORGANIZATION and m.text.endswith("大学")
                        and m.text != name}
        if len(universities) != 1 or any(u in name for u in universities):
            return None
        return next(iter(universities)) + name

    def _named_in_full(self, facts: ArticleFacts, mention: Mention, name: str, prefix: str,
                       within: tuple[int, int]) -> str | None:
        """The division of a full form of the name (广州市总工会 … 市总工会) within the sentence or
        the article, the nearest before the mention first."""
        rest = name[len(prefix):]
        fulls = [m for m in facts.mentions if m.kind == Kind.ORGANIZATION and m.text.endswith(name)
                 and len(m.text) > len(name) and within[0] <= m.start < within[1]]
        for full in sorted(fulls, key=lambda m: (m.start > mention.start, abs(m.start - mention.start))):
            division = self.gaz.resolve(full.text[: -len(rest)], home=self.home)
            if division and fits(division, prefix) and division.name == full.text[: -len(rest)]:
                return division.name
        return None

    def _place_before(self, facts: ArticleFacts, mention: Mention, sentence_start: int, prefix: str,
                      places: list[str]) -> str | None:
        """A division of the right level named earlier in the sentence (深圳市…市总工会主席)."""
        before = [m for m in facts.mentions if m.kind == Kind.PLACE and sentence_start <= m.start < mention.start]
        for place in reversed(before):
            division = self.gaz.resolve(place_aliases().get(place.text, place.text).replace("{home}", self.home),
                                        context=places, home=self.home)
            if division and fits(division, prefix):
                return division.name
        return None

    def _article_division(self, facts: ArticleFacts, prefix: str, places: list[str]) -> str | None:
        """The division of the right level the article is about: the dateline's place or the
        paper's (本报杭州讯, 河北工人报讯), else the one its places name most, counting the
        divisions that contain them (石家庄市 for 省 gives 河北省). A city only when the article
        does not name the home city."""
        counts: Counter[str] = Counter()
        home_named = False
        dateline = self.dateline_places(facts)
        for rank, place in enumerate(dateline + places):
            division = self.gaz.resolve(place, context=places, home=self.home)
            if division is None:
                continue
            for level_division in [division, *self.gaz.parents(division)]:
                if level_division.name == self.home:
                    home_named = True
                if fits(level_division, prefix):
                    counts[level_division.name] += 100 if rank < len(dateline) else 1
                    break
        if not counts or (home_named and prefix == "市" and self.home not in counts):
            return None
        return max(counts, key=lambda name: (counts[name], -list(counts).index(name)))

    def dateline_places(self, facts: ArticleFacts) -> list[str]:
        """The place a dateline names (本报杭州讯 → 杭州) and the division a paper's name opens
        with (河北工人报 → 河北)."""
        found = []
        for sentence in facts.sentences[:3]:
            dateline = DATELINE.match(sentence.text)
            if dateline:
                if dateline["place"]:
                    found.append(dateline["place"])
                leading, size = self.leading_division(dateline["source"])
                if leading is not None:
                    found.append(leading.name)
                break
        return found

    def abbreviation_suffix(self, short: str) -> str | None:
        """The organization suffix of a name that may abbreviate longer ones, or the ending of
        a unit's (康复医学科): not a generic name nor a common word (护理部 names a unit of
        every hospital); else None."""
        if short in org_generic() or is_common_word(short):
            return None
        return ends_with_org_suffix(short) or ends_with(short, unit_suffixes())

    def abbreviates(self, short: str, long: str, suffix: str) -> bool:
        """Does ``short``, of suffix ``suffix`` (:meth:`abbreviation_suffix`), abbreviate ``long``
        (a unit named without its owner, 骨科 of 某医院骨科, is the unit)?"""
        if len(short) >= len(long) or not long.endswith(suffix) or self._parent_of(short, long):
            return False
        if long.endswith(short):
            owner = long[: -len(short)]
            if is_part_name(short) and ends_with(owner, org_suffixes()):
                return True  # 某医院|骨科, 某集团|第三工程分公司: a unit or a branch, named without its owner
            return len(short) >= 4 and ends_with(owner, event_heads_by_length()) is not None
        short_place, long_place = self._place_prefix(short), self._place_prefix(long)
        if short_place and short_place != long_place:
            return False
        short_core, long_core = short[len(short_place):], long[len(long_place):]
        if len(short_core) < 4 or short_core[0] != long_core[0] or is_common_word(short_core):
            return False
        dropped = _dropped_runs(short_core, long_core)
        # what the short name leaves out must not tell units apart: no place (昌平|项目部)
        # and no unit of its own (公司|昌平项目部|工会)
        return bool(dropped) and not any(
            self.gaz.lookup(run) or ends_with_org_suffix(run) for run in dropped
        )

    @staticmethod
    def _parent_of(short: str, long: str) -> bool:
        """Is ``short`` by its registered name the group ``long`` belongs to (中国宝武钢铁集团有限公司
        of 中国宝武钢铁集团|武汉钢铁有限公司), not its abbreviation?"""
        stem = next((short[: -len(form)] for form in COMPANY_FORMS if short.endswith(form)), short)
        return long.startswith(stem) and stem.endswith(org_parent_suffixes())

    def implied_parent(self, prefix: str, rest: str, parent_suffixes: tuple[str, ...]) -> bool:
        """Is ``prefix`` a parent organization's full name (北京大学 in 北京大学肿瘤医院)?"""
        return (
            prefix.endswith(parent_suffixes)
            and len(prefix) <= MAX_IMPLIED_PARENT
            and prefix.count("(") == prefix.count(")") and prefix.count("（") == prefix.count("）")
            and (rest in ORG_BODIES or rest not in org_suffixes())
            and not self.gaz.lookup(prefix)
        )

    def _place_prefix(self, name: str) -> str:
        """The divisions that open a name (``北京`` of 北京住总二公司), or ``""``."""
        return name[: self.leading_division(name)[1]]

    def leading_division(self, name: str) -> tuple[gazetteer.Division | None, int]:
        """The most specific division opening ``name`` and how many characters the opening
        divisions take; each name is read once, as every pair of an article's organizations
        and every pass over the organizations asks."""
        if name not in self._leading:
            self._leading[name] = self._read_leading_division(name)
        return self._leading[name]

    def _read_leading_division(self, name: str) -> tuple[gazetteer.Division | None, int]:
        position, found = 0, None
        context: list[str] = []
        while position < len(name):
            for size in range(min(self._longest_division, len(name) - position), 1, -1):
                piece = name[position : position + size]
                division = self.gaz.resolve(piece, context=context, home=self.home)
                if division and (division.name == piece or self._is_short_of(piece, division)):
                    found = division
                    context.append(division.name)
                    position += size
                    break
            else:
                break
        return found, position

    def _is_short_of(self, piece: str, division: gazetteer.Division) -> bool:
        """A short form opening a name counts for provinces, cities and the home city's
        districts; a town counts only by its full name (回龙观 in 北京回龙观医院 is no 街道)."""
        if division.level in ("province", "city"):
            return True
        return division.level == "district" and any(p.name == self.home for p in self.gaz.parents(division))


def _most_named(facts: ArticleFacts, named: list[tuple[Mention, str]]) -> tuple[Mention, str]:
    """Of the organizations a bare class noun may refer to (医院党委书记 after 甲医院、乙医院承办),
    the one the page names most, by its full name or the short one written (an institution's own
    page names itself throughout), the last of equals; 该院 refers to the last one named."""
    page = facts.article.page.text
    return max(reversed(named), key=lambda pair: max(page.count(pair[1]), page.count(without_body(pair[0].text))))
