"""Money cells are cents; unit prices keep the digits that make their row multiply out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from infra_mind.services.reports import cells


def test_money_is_shown_and_stored_to_the_cent() -> None:
    cell = cells.money(32223.3335532646)
    assert (cell.text, cell.value) == ("$32,223.33", 32223.33)


def test_negative_money_puts_the_sign_before_the_dollar() -> None:
    assert cells.money_text(-488.6665) == "-$488.67"


def test_unit_price_shows_the_digits_its_row_needs() -> None:
    # 1460 instance-hours × $0.211968 = $309.47 (rounded to 0.21 it would be $306.60)
    assert cells.unit_price(1460, 0.21196800000000002).text == "$0.211968"


@given(
    quantity=st.floats(min_value=0.001, max_value=1e5),
    price=st.floats(min_value=0.0, max_value=1e3),
)
def test_shown_unit_price_times_quantity_is_the_row_to_the_cent(
    quantity: float, price: float
) -> None:
    shown = cells.unit_price(quantity, price).value
    assert isinstance(shown, float)
    digits = cells.unit_price_digits(quantity, price)
    assert digits == 6 or cells.cents(quantity * shown) == cells.cents(quantity * price)
