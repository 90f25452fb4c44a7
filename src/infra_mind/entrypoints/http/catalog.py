"""The age of the price catalog behind an assessment, with the warning once it is stale."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from infra_mind.domain.access import Permission
from infra_mind.domain.errors import NotFound
from infra_mind.domain.knowledge.age import CatalogAge
from infra_mind.entrypoints.http.problems import problem_responses
from infra_mind.entrypoints.http.schemas import API
from infra_mind.services.assessments import AssessmentService


class CatalogAgeController(Controller):
    path = f"{API}/assessments/{{assessment_id:str}}/catalog"
    tags = ("recommendations",)

    @get(
        "/",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="As-of date and age of the catalog prices this assessment used; warns when stale",
    )
    async def catalog_age(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
    ) -> CatalogAge:
        catalog = (await assessments.outcome(tenant, assessment_id)).catalog
        if catalog is None:
            raise NotFound("catalog age", assessment_id)
        return catalog
