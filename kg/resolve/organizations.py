"""Organizations and venues across the corpus: the parents and places named inside a name, and
one entity for several names.

A name that is another plus a leading place (``北京住总二公司`` / ``住总二公司``) is the same
organization, as is a short name that abbreviates a longer one named in the same article.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.lexicon import (
    VILLAGES,
    branch_suffixes,
    ends_with,
    medical_departments,
    org_parent_suffixes,
    venue_heads,
    zone_suffixes,
)
from kg.model import Kind
from kg.resolve.names import COMPANY_FORMS, ends_with_org_suffix, is_part_name, longer_by_suffix

if TYPE_CHECKING:
    from kg.extract import gazetteer
    from kg.resolve.entities import Entity


_LEVELS = frozenset("省市州县区旗盟")  # the level words that end divisions' names


_OWNER_INSIDE = re.compile("院|大学|中心|公司|局|委")  # 某医院骨科: a department named with its owner


# Places below or beside the gazetteer's divisions that bodies are named after (村党支部, 社区居委会,
# 新区管委会): an organization whose name opens with one the corpus names lies there
_LOCAL_UNITS = (*VILLAGES, "街道", "新区", "开发区", "园区", "新城")


def _page_of(article: str) -> str:
    """The page an article id is of (``page/02`` → ``page``)."""
    return article.rsplit("/", 1)[0]


class OrganizationPasses:
    """The :class:`~kg.resolve.entities.Resolver`'s passes over its organizations and venues once
    every mention has a key: they read and change its entities through its ``_entity``,
    ``_division`` and ``_merge``."""

    def _link_organizations(self) -> None:
        """Parent organizations named inside a name (北京大学|肿瘤医院), and the place a name
        starts with, unless that is its parent's too."""
        orgs = {e.name: e for e in self.entities.values() if e.kind == Kind.ORGANIZATION}
        parent_suffixes = org_parent_suffixes()
        pending = sorted(orgs.values(), key=lambda e: e.key)
        while pending:
            entity = pending.pop()
            for cut in range(len(entity.name) - 2, 2, -1):
                prefix = entity.name[:cut]
                parent = orgs.get(prefix) or orgs.get(self._short_names.get(prefix, "")) or next(  # 华鞍集团|炼钢总厂
                    (orgs[prefix + form] for form in COMPANY_FORMS if prefix + form in orgs), None)  # 某集团(有限公司)
                if parent is None and self.names.implied_parent(prefix, entity.name[cut:], parent_suffixes):
                    parent = orgs[prefix] = self.entities[self._entity(Kind.ORGANIZATION, prefix, prefix)]
                    parent.articles |= entity.articles
                    pending.append(parent)
                if parent is not None and parent is not entity:
                    entity.parent = parent.key
                    break
        local = {}  # each village, community or zone named as a place, by its name with and without its divisions
        for place in self.entities.values():
            if place.kind == Kind.PLACE and not place.place_kind and place.name.endswith(_LOCAL_UNITS):
                _, size = self.names.leading_division(place.name)
                local.update(dict.fromkeys({place.name, place.name[size:]} - {""}, place.key))
        for entity in orgs.values():
            leading = self._leading_place(entity.name)  # (which places a zone it names in its division)
            entity.location = self._local_place(entity.name, local) or self._branch_place(entity.name) or leading
            self._name_leading_divisions(entity)
        for entity in [e for e in self.entities.values() if e.kind == Kind.PLACE and not e.place_kind]:
            division, size = self.names.leading_division(entity.name)
            own = entity.name[size:]  # 3 characters or more, or a village's 2 (某街道|代村)
            if division is not None and (len(own) >= 3 or len(own) == 2 and own.endswith(VILLAGES)) \
                    and own not in venue_heads() and own not in zone_suffixes():
                entity.aliases.add(own)  # 北京|中国职工之家: the venue's own name, without where
            written_in = self._written_in.get(entity.key)
            key = self._division_key(division) if division is not None else None
            if entity.parent is None and written_in is not None and (key is None or key == written_in or key in
                                                                      self._ancestors(written_in)):
                entity.parent = written_in  # 在顺义区|北京农商银行培训中心: the division written before it
            if entity.parent is None:  # a venue lies in the division its name opens with, if named: 深圳|会展中心
                if key in self.entities and size <= len(entity.name) - 2:  # (not 兴安|岭)
                    entity.parent = self._filed_within(entity, key) or (key if self.entities[key].articles else None)
                elif division is None and entity.name.endswith(venue_heads()):
                    entity.parent = self._filed_in(entity)  # …宾馆 with no division named: its dateline's
        for entity in orgs.values():  # 北京某公司党委 lies where 北京某公司 does: said once, of the parent
            parent = self.entities.get(entity.parent) if entity.parent else None
            if parent is not None and entity.location == parent.location:
                entity.location = None

    def _local_place(self, name: str, local: dict[str, str]) -> str | None:
        """The village, community or zone the corpus names as a place that an organization's name
        opens with, after the divisions it opens with if any (某镇|张庄村|党支部, 西咸新区|管委会)."""
        _, size = self.names.leading_division(name)
        for start in dict.fromkeys((0, size)):
            for end in range(len(name) - 2, start + 1, -1):
                if name[start:end] in local:
                    return local[name[start:end]]
        return None

    def _branch_place(self, name: str) -> str | None:
        """The division a branch is named by, written right before its ending (某银行|南宁|分行 →
        南宁市), by its full name or a city's or province's short one."""
        suffix = ends_with(name, branch_suffixes())
        if suffix is None:
            return None
        before = name[: -len(suffix)]
        for start in range(max(0, len(before) - 8), len(before) - 1):
            found, size = self.names.leading_division(before[start:])
            if found is not None and size == len(before) - start:
                return self._division(found)
        return None

    def _leading_place(self, name: str) -> str | None:
        """The most specific division that opens an organization's name (丰台区丰台街道总工会 →
        丰台街道), or the development zone it names after it (北京经济技术开发区总工会 → the zone,
        which lies in 北京市)."""
        found, size = self.names.leading_division(name)
        if found is None:
            return None
        division = self._division(found)
        zone = next((z for z in zone_suffixes() if name.startswith(z, size)), None)
        if zone is None or len(name) == size + len(zone):
            return division
        key = self._entity(Kind.PLACE, name[: size + len(zone)], name[: size + len(zone)])
        if self.entities[key].parent is None and key != division:
            self.entities[key].parent = division
            self._zone_divisions.add(division)
        return key

    def _name_leading_divisions(self, org: Entity) -> None:
        """The division an organization's name opens with goes also by the form the text writes
        there (黔东南州|总工会: 黔东南苗族侗族自治州 is also 黔东南州), which may be its only one."""
        for written in (org.name, *org.aliases):
            found, size = self._written_division(written)
            if found is not None and size < len(written):
                self._division(found, written[:size])

    def _written_division(self, name: str) -> tuple[gazetteer.Division | None, int]:
        """The division a name opens with and how many characters it takes there, the level
        written after a short name included (凉山|州总工会: 凉山州, 3)."""
        division, size = self.names.leading_division(name)
        if division is not None and name[size : size + 1] in _LEVELS and division.name.endswith(name[size]):
            size += 1
        return division, size

    def _filed_in(self, venue: Entity) -> str | None:
        """The named division all the articles naming a venue were filed from, if one (本报沈阳
        5月14日讯 …在辽宁大厦开幕: 沈阳市)."""
        filed = self._filed_at.get(venue.key, set())
        key = next(iter(filed)) if len(filed) == 1 else None
        return key if key in self.entities and self.entities[key].articles else None

    def _ancestors(self, key: str) -> list[str]:
        """The places a place lies in, nearest first."""
        found = []
        parent = self.entities[key].parent
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self.entities[parent].parent
        return found

    def _filed_within(self, venue: Entity, division: str) -> str | None:
        """The dateline's division, where it lies inside the one the venue's name opens with
        (本报沈阳…讯 …在辽宁大厦开幕: 沈阳市, not 辽宁省)."""
        filed = self._filed_in(venue)
        return filed if filed is not None and division in self._ancestors(filed) else None

    def _merge_place_prefixed_orgs(self) -> None:
        """One organization under several names: ``北京住总二公司`` / ``住总二公司`` (a leading
        place), ``怀柔工会`` / ``怀柔区工会`` / ``怀柔区总工会`` (a district's union)."""
        orgs = {e.name: e for e in self.entities.values() if e.kind == Kind.ORGANIZATION}
        longer = longer_by_suffix(orgs)
        for name in sorted(orgs, key=lambda n: (len(n), n)):
            pair = self._same_as(name, orgs, longer.get(name, []))
            if pair is None:
                continue
            self._merge(keep=orgs[pair[0]].key, drop=orgs[pair[1]].key)

    def _merge_division_forms(self) -> None:
        """One organization whose name opens with one division written two ways (凉山州总工会 /
        凉山彝族自治州总工会, 北京总工会 / 北京市总工会): the name with the division's full name."""
        by_division: dict[tuple[str, str], list[str]] = {}
        for entity in self.entities.values():
            if entity.kind == Kind.ORGANIZATION:
                division, size = self._written_division(entity.name)
                if division is not None and 0 < size < len(entity.name):
                    by_division.setdefault((division.code, entity.name[size:]), []).append(entity.key)
        for (code, _), keys in sorted(by_division.items()):
            if len(keys) > 1:
                full = self.gaz.get(code).name
                keep = min(keys, key=lambda k: (not self.entities[k].name.startswith(full), k))
                for key in keys:
                    self._merge(keep=keep, drop=key)

    def _same_as(self, name: str, orgs: dict[str, Entity], longer: list[str]) -> tuple[str, str] | None:
        """(canonical, other) when ``name`` names the same organization as a longer name
        (``longer``: the names that end with it, sorted)."""
        union = re.fullmatch(r"(?P<place>[\u4e00-\u9fff]{2,4}?)区?(?:总)?工会", name)
        if union:
            division = self.gaz.resolve(union["place"], home=self.home)
            full = f"{division.name}总工会" if division and division.level == "district" else None
            if full in orgs and full != name:
                return full, name
        if not ends_with_org_suffix(name):
            return None
        for other in longer:
            if not self.gaz.lookup(other[: -len(name)]):
                continue
            leading = self._leading_place(name)
            level = self.entities[leading].place_kind if leading else None
            # 北京|住总二公司 and 怀柔区|庙城镇总工会: the long name is canonical;
            # 广东省|深圳市总工会: the short one already names its city
            return (name, other) if level in ("city", "district") else (other, name)
        return None

    def _merge_abbreviated_orgs(self) -> None:
        """Two organizations named in one article (a unit or a branch: in one page) are one when
        the shorter name abbreviates the longer: ``住总二公司`` / ``北京住总第二开发建设有限公司``,
        ``骨科`` / ``某医院骨科``, ``链家暖心驿站`` / ``北京链家户外劳动者暖心驿站``, or drops the
        event an ad-hoc body was formed for
        (``北京市总工会筹备工作专班`` / ``第二届…论坛北京市总工会筹备工作专班``). A short name
        that abbreviates two different long ones is left alone."""
        by_article: dict[str, set[str]] = {}  # article → its organizations and their parents
        for entity in self.entities.values():
            if entity.kind == Kind.ORGANIZATION:
                for article in entity.articles:
                    named = by_article.setdefault(article, set())
                    key: str | None = entity.key
                    while key is not None and key not in named:
                        named.add(key)
                        parent = self.entities[key].parent
                        key = None if parent is None else self._current(parent)
        suffixes = {e.name: self.names.abbreviation_suffix(e.name) for e in self.entities.values()
                    if e.kind == Kind.ORGANIZATION}  # each name read once, not once per pair
        by_page: dict[str, set[str]] = {}  # a unit (骨科) may be named in full in another article of its page
        for article, named in by_article.items():
            by_page.setdefault(_page_of(article), set()).update(named)
        longer_of: dict[str, set[str]] = {}
        scopes = [(by_article[a], False) for a in sorted(by_article)] + [(by_page[p], True) for p in sorted(by_page)]
        for scope, units_only in scopes:
            orgs = [self.entities[key] for key in sorted(scope)]
            for short in orgs:
                suffix = suffixes[short.name]
                if suffix is None or (units_only and not is_part_name(short.name)):
                    continue
                for long in orgs:
                    if self.names.abbreviates(short.name, long.name, suffix):
                        longer_of.setdefault(short.key, set()).add(long.key)
        for short_key in sorted(longer_of):
            if len(longer_of[short_key]) == 1:
                self._merge(keep=next(iter(longer_of[short_key])), drop=short_key)

    def _place_bare_departments(self) -> None:
        """A hospital's department named bare (骨科, 针灸科) that no article of its page names with
        its owner is the department of the one hospital its page names: a hospital's own paper,
        or a story about one, writes 骨科 alone."""
        hospitals: dict[str, set[str]] = {}  # page → the hospitals its articles name
        departments = []
        for entity in self.entities.values():
            if entity.kind != Kind.ORGANIZATION:
                continue
            if entity.name.endswith("医院") and not is_part_name(entity.name):
                for article in entity.articles:
                    hospitals.setdefault(_page_of(article), set()).add(entity.key)
            elif entity.parent is None and entity.name.endswith(medical_departments()) and \
                    not _OWNER_INSIDE.search(entity.name):
                departments.append(entity)
        for department in departments:
            owners = {h for article in department.articles for h in hospitals.get(_page_of(article), ())}
            if len(owners) == 1:
                hospital = self.entities[self._current(next(iter(owners)))]
                name = hospital.name + department.name
                key = self._entity(Kind.ORGANIZATION, name, name)
                self.entities[key].parent = hospital.key
                self._merge(keep=key, drop=department.key)

    def _merge_venues(self) -> None:
        """``二七纪念馆`` is ``长辛店二七纪念馆`` when the longer name only adds a place before it."""
        venues = {e.name: e for e in self.entities.values() if e.kind == Kind.PLACE and e.place_kind is None}
        longer_names = longer_by_suffix(venues)
        for name in sorted(venues, key=lambda n: (len(n), n)):
            longer = [o for o in longer_names.get(name, []) if self.gaz.lookup(o[: -len(name)])]
            if longer and len(name) >= 3:
                self._merge(keep=venues[longer[0]].key, drop=venues[name].key)
