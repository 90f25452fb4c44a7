from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from infra_mind.domain.money import cents, total, unit_price_text, usd


def test_cents_round_half_up() -> None:
    assert [cents(2.675), cents(2.674999), cents(-1.005)] == [2.68, 2.67, -1.01]


def test_total_is_the_exact_sum_of_cent_amounts() -> None:
    assert total([0.1, 0.2, 0.004, 0.006]) == 0.31


def test_unit_price_keeps_the_digits_that_make_the_row_multiply_out() -> None:
    assert unit_price_text(0.023, 25_000) == "$0.023"
    assert usd(25_000 * 0.023) == "$575.00"


@given(
    st.floats(min_value=0.0001, max_value=500, allow_nan=False),
    st.floats(min_value=0, max_value=1e7, allow_nan=False),
)
def test_quantity_times_the_shown_unit_price_is_the_amount_within_a_cent(
    price: float, quantity: float
) -> None:
    shown = float(unit_price_text(price, quantity).lstrip("$").replace(",", ""))
    assert abs(quantity * shown - cents(quantity * price)) <= 0.01
