"""graph.jsonld's own JSON writer gives the text ``json.dumps`` gives with an indent (whose
pure-Python encoder it stands in for)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from kg.export import jsonld

_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
_VALUES = st.recursive(
    st.one_of(_TEXT, st.integers()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=12,
)


@given(_VALUES, st.integers(0, 3))
def test_jsonld_text_is_json_dumps_with_an_indent(value, depth):
    expected = json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)
    assert jsonld._dumps(value, depth) == expected

