"""Plain words: a stored identifier that is also one of the agents' fact keys (say
``audit_logging``, a control named in a task) reads as words (``audit logging``), so no
report ever shows a raw fact key."""

from __future__ import annotations

import re
from typing import Any

from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.report import (
    Block,
    BulletList,
    Cell,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Table,
)

_TOKEN = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def fact_keys(outcome: AssessmentOutcome) -> frozenset[str]:
    keys: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if "_" in str(k):
                    keys.add(str(k))
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for result in outcome.results:
        walk(result.facts)
    return frozenset(keys)


class Plain:
    def __init__(self, keys: frozenset[str]) -> None:
        self._keys = keys

    def text(self, text: str) -> str:
        return _TOKEN.sub(
            lambda m: m.group(0).replace("_", " ") if m.group(0) in self._keys else m.group(0),
            text,
        )

    def cell(self, cell: Cell) -> Cell:
        if not isinstance(cell.value, str):
            return cell
        return Cell(text=self.text(cell.text), value=self.text(cell.value))

    def block(self, block: Block) -> Block:
        match block:
            case Paragraph():
                return block.model_copy(update={"text": self.text(block.text)})
            case BulletList():
                return block.model_copy(update={"items": [self.text(i) for i in block.items]})
            case KeyFigures():
                items = [KeyFigure(label=f.label, value=self.text(f.value)) for f in block.items]
                return block.model_copy(update={"items": items})
            case Table():
                rows = [[self.cell(c) for c in row] for row in block.rows]
                return block.model_copy(update={"rows": rows})
        return block

    def section(self, section: Section) -> Section:
        return section.model_copy(update={"blocks": [self.block(b) for b in section.blocks]})
