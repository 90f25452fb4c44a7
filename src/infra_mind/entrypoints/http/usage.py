"""Usage metering: the caller's tenant's use this month, beside its quotas."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from infra_mind.domain.access import Permission
from infra_mind.domain.usage import UsageReport
from infra_mind.entrypoints.http.problems import problem_responses
from infra_mind.entrypoints.http.schemas import API
from infra_mind.services.usage import UsageService


class UsageController(Controller):
    path = f"{API}/usage"
    tags = ("usage",)

    @get(
        "/",
        permission=Permission.USAGE,
        responses=problem_responses(),
        summary="This month's assessments, agent runs and LLM tokens and cost, with the quotas",
        description=(
            "The current UTC calendar month (`period`) of the caller's tenant: assessments "
            "created by status and how many are queued or running now, agent results stored "
            "(with attempts), LLM calls with tokens and cost from the usage ledger, and each "
            "quota's limit, use and reset time."
        ),
    )
    async def usage(
        self, tenant: NamedDependency[str], usage: NamedDependency[UsageService]
    ) -> UsageReport:
        return await usage.report(tenant)
