"""Money: amounts are whole cents; unit prices keep the digits that make them multiply out."""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
MAX_PRICE_DECIMALS = 10


def cents(amount: float) -> float:
    """``amount`` rounded half-up to the cent (through Decimal, so 2.675 → 2.68)."""
    return float(Decimal(repr(amount)).quantize(CENT, rounding=ROUND_HALF_UP))


def total(amounts: Iterable[float]) -> float:
    """The exact sum of cent amounts, in cents (no float drift over many items)."""
    return float(sum((Decimal(repr(cents(a))) for a in amounts), Decimal(0)))


def usd(amount: float) -> str:
    """``$1,234.57``: an amount as shown to people."""
    return f"${cents(amount):,.2f}"


def price_decimals(unit_price: float, quantity: float) -> int:
    """Decimals of ``unit_price`` to show so that ``quantity × shown price`` is the amount to
    within a cent: the shown price may be off by half its last digit, so
    ``quantity × 0.5 × 10^-d`` must stay under half a cent. At least 2, and never more than the
    price itself has (0.023 shows as 0.023, not 0.0230000)."""
    needed = 2 if quantity < 1 else 3 + math.floor(math.log10(quantity))
    exact = Decimal(repr(unit_price)).normalize()
    own = max(0, -int(exact.as_tuple().exponent))
    return max(2, min(needed, own, MAX_PRICE_DECIMALS))


def unit_price_text(unit_price: float, quantity: float) -> str:
    """``$0.023`` for a price at 25,000 GB-month (not ``$0.02``, which would not multiply out)."""
    return f"${unit_price:,.{price_decimals(unit_price, quantity)}f}"
