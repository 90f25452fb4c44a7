"""Table cells as a reader sees them: money in cents, unit prices that multiply out."""

from __future__ import annotations

from infra_mind.domain.report import Cell


def cents(usd: float) -> float:
    return round(usd + 0.0, 2)


def money_text(usd: float) -> str:
    value = cents(usd)
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


def money(usd: float) -> Cell:
    return Cell(text=money_text(usd), value=cents(usd))


def unit_price_digits(quantity: float, unit_price: float) -> int:
    """The fewest decimals (2 to 6) whose rounded unit price, times the quantity,
    gives the row's monthly amount to the cent; 6 when none does."""
    target = cents(quantity * unit_price)
    for digits in range(2, 7):
        if cents(quantity * round(unit_price, digits)) == target:
            return digits
    return 6


def unit_price(quantity: float, price: float) -> Cell:
    digits = unit_price_digits(quantity, price)
    shown = round(price, digits)
    return Cell(text=f"${shown:,.{digits}f}", value=shown)


def number(value: float, digits: int = 2) -> Cell:
    shown = round(value, digits)
    text = f"{shown:,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{shown:,.0f}"
    return Cell(text=text, value=shown)


def integer(value: int) -> Cell:
    return Cell(text=f"{value:,}", value=value)


def percent(value: float, digits: int = 1) -> Cell:
    return Cell(text=f"{value:.{digits}f} %", value=round(value, digits))


def text(value: object) -> Cell:
    shown = "" if value is None else str(value)
    return Cell(text=shown, value=shown)
