"""kg's word lists and tables, loaded once each from the data files under ``kg/data``.

Each file says in its header what its entries are and where they come from; the grammar
reads structure off them (which verb reports an event, which noun ends an honor), the tagger
finds the names.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

DATA = Path(str(resources.files("kg") / "data"))


def data_lines(name: str) -> list[str]:
    """Non-comment, non-blank lines of a data file, stripped."""
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def data_rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in data_lines(name)]


def by_length(words) -> tuple[str, ...]:
    """Distinct words, longest first (ties in code-point order)."""
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True, slots=True)
class Verb:
    """One row of ``verbs.tsv``: what the grammar may read off this verb."""

    word: str
    reports: str | None  # before | after | both
    role: str | None  # chair | speaker | attendee | award | host | co-host
    organizes: bool
    motion: bool
    appoints: bool
    awards: bool
    speech: bool
    appoints_object: bool = False  # 聘任 X 为 Y: the person after it holds the post after 为
    views: bool = False  # a verb of saying whose clause after a comma gives views (指出，…), not facts
    invites: bool = False  # those named after it take part (邀请某专家主讲)
    releases: bool = False  # the posts after it were held (辞去…职务, 免去某某的…职务)
    copula: bool = False  # 张某是某公司总经理: the posts after it, where they are all its clause says

    @property
    def has_use(self) -> bool:
        """Does the row give the grammar anything to read? A verb without one only ends an
        honor's name and stops an earlier verb of awarding (申报, 推荐)."""
        return bool(self.reports or self.role or self.organizes or self.motion or self.appoints
                    or self.awards or self.speech or self.appoints_object or self.invites or self.releases
                    or self.copula)

    @property
    def reports_before(self) -> bool:
        return self.reports in ("before", "both")

    @property
    def reports_after(self) -> bool:
        return self.reports in ("after", "both")


@functools.cache
def verbs() -> dict[str, Verb]:
    table = {}
    for word, reports, role, organizes, motion, appoints, awards, speech, invites in data_rows("verbs.tsv"):
        table[word] = Verb(word, None if reports == "-" else reports, None if role == "-" else role,
                           organizes == "y", motion == "y", appoints == "y", awards == "y",
                           speech in ("y", "facts"), appoints == "object", speech == "y", invites == "y",
                           appoints == "released", appoints == "copula")
    return table


# 作 + a talk (作开班动员, 作主旨报告, 作交流发言): the light verb and its object say one thing, to speak
_TALK = re.compile(r"作(?:了)?[\u4e00-\u9fff]{0,6}?(?:报告|动员|发言|讲话|讲座|辅导|点评|总结|宣讲)(?![\u4e00-\u9fff]?会)")


def verb_at(text: str, position: int) -> Verb | None:
    """The longest listed verb that starts at ``position`` of ``text``."""
    table = verbs()
    talk = _TALK.match(text, position) if text.startswith("作", position) else None
    if talk:
        return Verb(talk.group(), None, "speaker", False, False, False, False, False)
    for size in range(min(_longest_verb(), len(text) - position), 0, -1):
        verb = table.get(text[position : position + size])
        if verb is not None:
            return verb
    return None


def verbs_in(text: str) -> tuple[tuple[int, Verb], ...]:
    """(start, verb) of every listed verb of ``text``, longest first at each position, without
    overlaps, left to right."""
    found = []
    position = 0
    while position < len(text):
        verb = verb_at(text, position)
        if verb is None:
            position += 1
        else:
            found.append((position, verb))
            position += len(verb.word)
    return tuple(found)


@functools.cache
def _longest_verb() -> int:
    return max(map(len, verbs()))


@functools.cache
def event_heads() -> dict[str, str]:
    """Event head noun → event class (ontology/kg.ttl)."""
    return {head: cls for head, cls in data_rows("event_heads.tsv")}


@functools.cache
def event_heads_by_length() -> tuple[str, ...]:
    return by_length(event_heads())


@functools.cache
def _longest_head() -> int:
    return max(map(len, event_heads()))


def event_head_of(text: str) -> str | None:
    """The longest event head ``text`` ends with, or None."""
    heads = event_heads()
    for size in range(min(_longest_head(), len(text)), 0, -1):
        if text[-size:] in heads:
            return text[-size:]
    return None


@functools.cache
def stop_words() -> frozenset[str]:
    """Prepositions, particles and framing verbs no name runs across (``event_stopwords.txt``)."""
    return frozenset(data_lines("event_stopwords.txt"))


@dataclass(frozen=True, slots=True)
class HonorHead:
    head: str
    canonical: str
    needs: str | None  # name | qualifier


@functools.cache
def honor_heads() -> dict[str, HonorHead]:
    return {head: HonorHead(head, head if canonical == "-" else canonical, None if needs == "-" else needs)
            for head, canonical, needs in data_rows("honor_heads.tsv")}


@functools.cache
def honor_heads_by_length() -> tuple[str, ...]:
    """The heads of ``honor_heads``, longest first."""
    return by_length(honor_heads())


@functools.cache
def honor_qualifiers() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(qualifiers, grades) of ``honor_qualifiers.txt``, longest first."""
    rows = data_rows("honor_qualifiers.txt")
    return (by_length(w for w, kind in rows if kind == "qualifier"), by_length(w for w, kind in rows if kind == "grade"))


@functools.cache
def org_suffixes() -> tuple[str, ...]:
    """Words an organization's name ends with (总工会, 有限公司), longest first."""
    return by_length(data_lines("org_suffixes.txt"))


@functools.cache
def company_forms() -> tuple[str, ...]:
    """The legal forms that end a company's registered name (股份有限公司, 集团), longest first."""
    return by_length(data_lines("company_forms.txt"))


@functools.cache
def industry_words() -> tuple[str, ...]:
    """Words for a line of business between a company's trade name and its legal form (科技, 实业)."""
    return by_length(data_lines("industry_words.txt"))


@functools.cache
def body_abbreviations() -> dict[str, str]:
    """A government department's short name → its full one (人社局 → 人力资源和社会保障局)."""
    return dict(data_rows("body_abbreviations.tsv"))


@functools.cache
def org_abbreviations() -> dict[str, str]:
    """A national organization's short name → its full one (全总 → 全国总工会)."""
    return dict(data_rows("org_abbreviations.tsv"))


@functools.cache
def abbreviated_bodies() -> tuple[str, ...]:
    """The short names of ``body_abbreviations``, longest first."""
    return by_length(body_abbreviations())


@functools.cache
def org_parent_suffixes() -> tuple[str, ...]:
    """Words a parent organization named at the start of a longer name ends with (北京大学|肿瘤医院)."""
    return tuple(data_lines("org_parent_suffixes.txt"))


@functools.cache
def eponym_units() -> tuple[str, ...]:
    """Words that end the name of a unit named after a person (…工作室, …班组), longest first."""
    return by_length(data_lines("eponym_units.txt"))


@functools.cache
def department_suffixes() -> tuple[str, ...]:
    """Words a department's name ends with (人力资源部, 焊装车间), longest first."""
    return by_length(suffix for suffix, _ in data_rows("department_suffixes.tsv"))


@functools.cache
def unit_suffixes() -> tuple[str, ...]:
    """The department endings a bare name with which is always some organization's unit (科,
    车间, 部 but for the ministries), longest first."""
    return by_length(suffix for suffix, alone in data_rows("department_suffixes.tsv") if alone == "unit")


@functools.cache
def unit_nouns() -> tuple[str, ...]:
    """The unit endings of two characters or more, which name a unit's class alone (车间, 分厂)."""
    return tuple(suffix for suffix in unit_suffixes() if len(suffix) >= 2)


@functools.cache
def _unit_after() -> re.Pattern:
    return re.compile(f"[\\u4e00-\\u9fff]{{0,3}}?(?:{'|'.join(unit_nouns())})")


def with_unit_after(text: str, end: int) -> int:
    """The end of an organization's name with the unit written right after it, if one is: a word
    of up to three characters, then a unit's ending of two or more (某公司|总装车间, 某厂|第二分厂,
    某矿|综采一队 not: 队 is too short to tell); no verb between (某公司|深入生产车间)."""
    unit = _unit_after().match(text, end)
    if unit is None or any(verb_at(text, i) is not None or text[i] in _NO_NAME_CHARS for i in range(end, unit.end())):
        return end
    return unit.end()


_NO_NAME_CHARS = "的和与及在为对向从把被等"  # function words no unit's name holds


@functools.cache
def ministries() -> frozenset[str]:
    """National bodies whose names end like a department's (教育部, 中央组织部)."""
    return frozenset(data_lines("ministries.txt"))


@functools.cache
def title_heads() -> tuple[str, ...]:
    """Words a job title ends with (主席, 董事长, 高级技师), longest first."""
    return by_length(data_lines("title_heads.txt"))


@functools.cache
def occupation_suffixes() -> tuple[str, ...]:
    """The endings of an occupation's name (焊|工, 快递|员, 工程|师), longest first."""
    return by_length(data_lines("occupation_suffixes.txt"))


@functools.cache
def professional_ranks() -> frozenset[str]:
    """Professional ranks (教授, 主任医师, 高级技师): held where the holder works."""
    return frozenset(data_lines("professional_ranks.txt"))


@functools.cache
def professional_ranks_by_length() -> tuple[str, ...]:
    """The professional ranks, longest first."""
    return by_length(professional_ranks())


def is_occupation(word: str) -> bool:
    """Does ``word`` read as an occupation: two to four characters with an occupation's ending
    (钢筋工, 操作员)?"""
    return 2 <= len(word) <= 4 and word.endswith(occupation_suffixes())


def without_rank(title: str) -> str:
    """The post without its rank words (副主席, 常务副主席 → 主席)."""
    return _RANK.sub("", title)


_RANK = re.compile(r"^(?:常务|执行|第一)?副?")


@functools.cache
def org_generic() -> frozenset[str]:
    """Phrases shaped like organization names that name no particular one (各级工会)."""
    return frozenset(data_lines("org_generic.txt"))


@functools.cache
def compound_surnames() -> frozenset[str]:
    """The two-character surnames (欧阳, 司马, 单于 …) of ``compound_surnames.txt``."""
    return frozenset(data_lines("compound_surnames.txt"))


@functools.cache
def medical_departments() -> tuple[str, ...]:
    """How a hospital's clinical department's name ends (骨科, 内科; ``medical_departments.txt``)."""
    return by_length(data_lines("medical_departments.txt"))


@functools.cache
def tibetan_name_parts() -> frozenset[str]:
    """The two-character elements Tibetan names are made of (扎西, 平措; ``tibetan_name_parts.txt``)."""
    return frozenset(data_lines("tibetan_name_parts.txt"))


@functools.cache
def surnames() -> frozenset[str]:
    """Chinese surnames of one character (``tagger_lexicon/surnames.txt``) and of two."""
    return frozenset(word for word in data_lines("tagger_lexicon/surnames.txt") if len(word) == 1) | compound_surnames()


@functools.cache
def _team_words(use: str) -> tuple[str, ...]:
    """The words of ``team_words.tsv`` of one use (head, not_team, squad), longest first."""
    return by_length(word for word, row_use in data_rows("team_words.tsv") if row_use == use)


def team_heads() -> tuple[str, ...]:
    """A production team's heads' titles (班长, 班组长)."""
    return _team_words("head")


def is_team(name: str) -> bool:
    """Does ``name`` end with a production team (钳工班, 运行一班, 客服班组), not a course, a
    school class or a task force (培训班, 专班)?"""
    return name.endswith(("班", "班组")) and len(name) > 2 and ends_with(name, _team_words("not_team")) is None


def squad_ending(name: str) -> str | None:
    """The team gathered for a contest or a task ``name`` ends with (某学院|代表队, 医疗队, a
    visiting 代表团), if any; a permanent mission (常驻某地代表团) is a standing body."""
    ending = ends_with(name, _team_words("squad"))
    return None if ending == "代表团" and "常驻" in name else ending


@functools.cache
def person_classes() -> frozenset[str]:
    """Words for a class of people, not a post (职工, 领导, 代表)."""
    return frozenset(data_lines("person_classes.txt"))


@functools.cache
def org_generic_prefixes() -> tuple[str, ...]:
    return by_length(data_lines("org_generic_prefixes.txt"))


VILLAGES = ("村", "社区", "嘎查")
"""Endings of the places below a town (张庄村, 某社区, 某嘎查): the gazetteer lists none."""


@functools.cache
def branch_suffixes() -> tuple[str, ...]:
    """Endings of a branch named by the division it serves (某银行|南宁|分行), longest first."""
    return by_length(data_lines("branch_suffixes.txt"))


@functools.cache
def zone_suffixes() -> tuple[str, ...]:
    """Words a development zone's name ends with after its division's (…经济技术开发区, …高新区)."""
    return by_length(data_lines("zone_suffixes.txt"))


@functools.cache
def venue_heads() -> tuple[str, ...]:
    """Words a venue's name ends with (…北大厅, …体育馆, …培训基地)."""
    return by_length(data_lines("venue_heads.txt"))


@functools.cache
def sited_org_suffixes() -> tuple[str, ...]:
    """Kinds of organization that are also a site one visits (…研究院, …医院)."""
    return by_length(data_lines("sited_org_suffixes.txt"))


@functools.cache
def org_class_nouns() -> dict[str, tuple[str, ...]]:
    """Class noun (院, 公司) → the name endings of the organizations it can stand for."""
    return {noun: tuple(endings.split(",")) for noun, endings in data_rows("org_class_nouns.tsv")}


@functools.cache
def class_nouns_by_length() -> tuple[str, ...]:
    """The class nouns of ``org_class_nouns``, longest first."""
    return by_length(org_class_nouns())


PLACE_LEVELS = ("省", "市", "州", "县", "区")
"""The level a division's full name may end with after its short form (帕尔马|市, 衡水|市)."""

@functools.cache
def occupation_fields() -> tuple[str, ...]:
    """Fields a post is named with before its head (化学|教师, 动车组|司机), longest first."""
    return by_length(data_lines("occupation_fields.txt"))


SCHOOL_GRADE = re.compile(r"[高初][一二三]|大[一二三四]|[一二三四五六七八九]年级(?!组)")
"""A school grade written before a teacher's post (高二|语文教师, 初三|年级组长, 六年级|数学教师;
not the 年级 of 六年级组长, a grade's head)."""


@functools.cache
def title_classes() -> dict[str, tuple[str, ...]]:
    """Title (院长, 校长) → the name endings of the organizations it heads."""
    return {title: tuple(endings.split(",")) for title, endings in data_rows("title_classes.tsv")}


def title_class(title: str) -> tuple[str, ...] | None:
    """The name endings of the organizations a title is held at (``title_classes.tsv``), read by
    the title without its rank, or by the listed title it ends with after a grade or a subject
    (高三|数学教师, 高一|年级组长, 物理|教研组长)."""
    classes = title_classes()
    bare = without_rank(title)
    if bare in classes:
        return classes[bare]
    return next((classes[t] for t in _title_classes_by_length() if bare.endswith(t)), None)


@functools.cache
def _title_classes_by_length() -> tuple[str, ...]:
    return by_length(title_classes())


def ends_with(text: str, words: tuple[str, ...]) -> str | None:
    """The longest of ``words`` (sorted longest first) that ends ``text``."""
    return next((word for word in words if text.endswith(word)), None)


# A university's schools and institutes, named by their fields (材料科学与工程学院, 科学技术研究院)
UNIVERSITY_UNITS = ("学院", "学系", "研究院", "研究所", "实验室", "研究中心")
# The short name a bracket gives what was just named: （以下简称“某某”）
SHORT_NAME = re.compile(r"[(（](?:以下)?简称[“\"「](?P<short>[^”\"」()（）]{2,20})[”\"」][)）]")
OWNING = ("所属", "旗下", "下属")  # A所属B: B belongs to A, and each is named
# Heads of an unveiling: 为某中心揭牌 is the event, named by the body whose plaque it is (no host)
UNVEILINGS = ("揭牌", "授牌")
ORG_BODIES = ("党委", "党组", "工会", "纪委", "团委", "党支部", "党总支")  # bodies every organization may have


def without_body(name: str) -> str:
    """An organization's name without a body every organization may have (某公司|工会 → 某公司)."""
    body = next((b for b in ORG_BODIES if name.endswith(b) and len(name) > len(b)), "")
    return name[: len(name) - len(body)]


DEMONSTRATIVE = re.compile(r"^(?:该|本|这家|这所|此)")
OWN = "我"  # 我院, 我校, 我公司: the institution whose paper it is
# Units of an organization a class noun may come with (公司人力资源部, 院办公室, 公司培训中心, 公司某研究室).
_UNIT = re.compile(r"^[\u4e00-\u9fff]{0,6}(?:部|科|处|办公室|车间|分厂|作业区|系|培训中心|研发中心|学院|研究院|研究所|研究室|实验室)$")


@functools.lru_cache(maxsize=8192)
def class_noun_reference(name: str) -> tuple[str, str] | None:
    """(class noun, rest) when ``name`` refers by a class noun to an organization named before,
    or to the paper's own (``org_class_nouns.tsv``): 该院 → (院, ''), 集团党委 → (集团, 党委),
    公司人力资源部 → (公司, 人力资源部), 我院急诊医学科 → (院, 急诊医学科)."""
    bare = DEMONSTRATIVE.sub("", name).removeprefix(OWN)
    for noun in class_nouns_by_length():
        rest = bare[len(noun) :]
        if bare.startswith(noun) and (rest == "" or rest in ORG_BODIES or _UNIT.match(rest)):
            return noun, rest
    return None
