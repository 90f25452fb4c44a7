"""The stored agent facts a report shows, read through the agents' own facts models.

Agents store facts as JSON (``domain.facts``); a report reads them back through the same
models the agents built them with, so the two cannot drift apart. A node whose facts do not
parse (it failed, or the result was stored by an older version) is ``None``, and the section
that needed it says it has no data instead of guessing.
"""

from __future__ import annotations

from pydantic import ValidationError

from infra_mind.domain.facts import Facts
from infra_mind.domain.outcome import AssessmentOutcome


def view[F: Facts](outcome: AssessmentOutcome, node: str, model: type[F]) -> F | None:
    """The node's stored facts read as ``model``; None when absent, failed or malformed."""
    result = outcome.result(node)
    if result is None or not result.ok:
        return None
    try:
        return model.model_validate(result.facts)
    except ValidationError:
        return None
