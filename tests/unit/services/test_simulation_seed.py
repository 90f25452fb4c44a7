"""The simulation seed is stored in the agent's facts, so every store must hold it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from infra_mind.services.agents.simulation import seed_of


@given(st.text(min_size=1, max_size=40))
def test_the_seed_fits_a_signed_64_bit_integer(assessment_id: str) -> None:
    # BSON (MongoDB) integers are signed 64-bit; a larger seed failed the node on Mongo.
    assert 0 <= seed_of(assessment_id) < 2**63
