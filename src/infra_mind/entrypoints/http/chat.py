"""Chat: ask a question about an assessment, answered from its stored facts."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath
from litestar.status_codes import HTTP_200_OK
from pydantic import BaseModel

from infra_mind.domain.access import Permission
from infra_mind.entrypoints.http.problems import problem_responses
from infra_mind.entrypoints.http.schemas import API, ChatRequest
from infra_mind.services.assessments import AssessmentService
from infra_mind.services.chat import ChatService

QuestionBody = Annotated[
    ChatRequest,
    Body(examples=[Example(summary="ask", value={"question": "Why this GPU tier?"})]),
]


class ChatReply(BaseModel):
    answer: str
    citations: list[str]
    provider: str
    model: str


class ChatController(Controller):
    path = f"{API}/assessments/{{assessment_id:str}}/chat"
    tags = ("chat",)

    @post(
        "/",
        permission=Permission.WRITE,
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 404, 422, 503),
        summary="Ask a question; the answer cites the stored facts it used",
    )
    async def ask(
        self,
        assessment_id: FromPath[str],
        data: QuestionBody,
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
        chat: NamedDependency[ChatService],
    ) -> ChatReply:
        await assessments.get(tenant, assessment_id)
        answer = await chat.ask(tenant, assessment_id, data.question)
        return ChatReply(
            answer=answer.answer,
            citations=answer.citations,
            provider=answer.provider,
            model=answer.model,
        )
