"""A page keeps where each character came from as runs of offsets, and gives back each one."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from kg.model import Offsets, Page

# offsets as a page rebuilt from its lines has them: mostly one after another, with jumps
offsets = st.lists(st.integers(-3, 5), max_size=60).map(
    lambda steps: [max(0, sum(steps[: i + 1]) + i) for i in range(len(steps))])


@given(offsets)
def test_offsets_give_back_what_they_were_given(given_offsets):
    kept = Offsets(given_offsets)
    assert list(kept) == given_offsets and len(kept) == len(given_offsets)
    assert [kept[i] for i in range(-len(kept), len(kept))] == given_offsets * 2
    assert pickle.loads(pickle.dumps(kept)) == kept and hash(kept) == hash(Offsets(iter(given_offsets)))


def test_a_page_maps_its_text_back_to_the_file():
    page = Page("p", "p.txt", "abcd", (0, 1, 5, 6))
    assert [page.raw_offset(i) for i in range(5)] == [0, 1, 5, 6, 7]
    assert page == Page("p", "p.txt", "abcd", [0, 1, 5, 6]) and page != Page("p", "p.txt", "abcd", (0, 1, 2, 3))
    assert Page("p", "p.txt", "ab").raw_offset(1) == 1
