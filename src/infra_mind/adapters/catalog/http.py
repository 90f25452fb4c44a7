"""Shared HTTP plumbing of the price sources: one GET returning JSON, errors made explicit."""

from __future__ import annotations

from typing import Any

import httpx

from infra_mind.ports.catalog import PriceSourceError


async def get_json(
    client: httpx.AsyncClient, url: str, params: dict[str, str] | None = None
) -> dict[str, Any]:
    """GET ``url`` and parse a JSON object; ``PriceSourceError`` names the URL otherwise."""
    try:
        response = await client.get(url, params=params)
        response.raise_for_status()
        body = response.json()
    except httpx.HTTPError as exc:
        raise PriceSourceError(f"{url}: {exc}") from exc
    except ValueError as exc:
        raise PriceSourceError(f"{url}: response is not JSON ({exc})") from exc
    if not isinstance(body, dict):
        raise PriceSourceError(f"{url}: expected a JSON object, got {type(body).__name__}")
    return body


def field[T](data: dict[str, Any], key: str, kind: type[T], where: str) -> T:
    """``data[key]`` checked to be a ``kind``; a missing or mistyped field is a format error."""
    value = data.get(key)
    if not isinstance(value, kind):
        raise PriceSourceError(f"{where}: field {key!r} missing or not {kind.__name__}")
    return value


def number(data: dict[str, Any], key: str, where: str) -> float:
    """``data[key]`` as a float: a JSON number, or a decimal string as AWS writes prices."""
    value = data.get(key)
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(value)
        return float(value)
    except ValueError:
        raise PriceSourceError(f"{where}: field {key!r} missing or not a number") from None
