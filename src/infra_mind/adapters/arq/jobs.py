"""Job names, queue names and job ids, shared by the arq queue adapter and the worker
(so the API, which only enqueues, never imports worker code)."""

from __future__ import annotations

import uuid
from typing import Literal

RUN_ASSESSMENT = "run_assessment"
RENDER_REPORT = "render_report"
RECONCILE = "reconcile"

QueueKind = Literal["assessments", "reports"]


def queue_name(prefix: str, kind: QueueKind) -> str:
    return f"{prefix}:queue:{kind}"


def assessment_job_id(tenant_id: str, assessment_id: str) -> str:
    """Deterministic: enqueuing the same assessment twice finds the pending job."""
    return f"assessment:{tenant_id}:{assessment_id}"


def fresh_assessment_job_id(tenant_id: str, assessment_id: str) -> str:
    """For re-enqueues while an older job (maybe a dead worker's) still exists."""
    return f"{assessment_job_id(tenant_id, assessment_id)}:{uuid.uuid4().hex[:12]}"


def report_job_id(tenant_id: str, assessment_id: str, report_type: str, report_format: str) -> str:
    """Deterministic: asking again for a render that is waiting finds its job."""
    return f"report:{tenant_id}:{assessment_id}:{report_type}.{report_format}"
