"""An assumption behind a figure: what the input stated, what was used instead or by default,
why, and whether it is a warning (a substitution or a defaulted input that moved the figure)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class AssumptionKind(StrEnum):
    MODEL_SUBSTITUTION = "model_substitution"
    PRECISION = "precision"
    LATENCY_TARGET = "latency_target"
    HOURS_PER_MONTH = "hours_per_month"
    UTILISATION = "utilisation"
    PRICING_MODEL = "pricing_model"
    REGIONAL_PRICE_SOURCE = "regional_price_source"
    DEFAULT = "default"


class Assumption(BaseModel):
    """``stated`` is what the input said (None when it said nothing); ``used`` is what the
    figure was computed with. ``warning`` marks substitutions and defaulted inputs: they are
    shown beside the figure they moved."""

    model_config = ConfigDict(frozen=True)

    kind: AssumptionKind
    subject: str
    stated: str | None
    used: str
    why: str
    warning: bool

    @property
    def text(self) -> str:
        said = f"stated {self.stated}" if self.stated is not None else "not stated"
        return f"{self.kind.value} ({self.subject}): used {self.used}; {said} — {self.why}"
