"""Stable ids: the ids in issue files and ledgers, the same from one run to the next."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from letterpress.models import stable_id


def test_an_id_is_the_one_earlier_runs_gave() -> None:
    # Written in ledgers and issue files: an id that changed would make a story new again.
    assert stable_id("https://partners.example.org/news/2024/06/cleaners") == "44cea7e2ab"
    assert stable_id("a", "b") == "c1fd13836b"


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.lists(st.text(), min_size=1, max_size=3), min_size=1, max_size=6))
def test_each_id_is_the_blake2b_of_its_parts_whatever_was_hashed_before(
    ids: list[list[str]],
) -> None:
    """Each id hashed by a copy of one prepared hash: the ids of any sequence, in either
    order, are the BLAKE2b digests of 5 bytes of their parts joined by a unit separator."""
    expected = [
        hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=5).hexdigest()
        for parts in ids
    ]
    assert [stable_id(*parts) for parts in ids] == expected
    assert [stable_id(*parts) for parts in reversed(ids)] == expected[::-1]
