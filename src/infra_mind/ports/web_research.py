"""Web research port: dated market and pricing notes for an assessment's topics."""

from __future__ import annotations

from datetime import date
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict


class ResearchNote(BaseModel):
    model_config = ConfigDict(frozen=True)

    topic: str
    text: str
    as_of: date
    source: str


@runtime_checkable
class WebResearch(Protocol):
    """Returns notes for the topics, each with the date it was true and its source; an empty
    list when nothing is known (never invented). May raise on transport failure (live adapters)."""

    async def notes(self, topics: list[str]) -> list[ResearchNote]: ...
