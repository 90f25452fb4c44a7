# One image for every Infra Mind process: `serve` (the API, the default) and `worker`.
# Dependencies come from uv.lock exactly (--frozen); the runtime stage has no build tools.
FROM python:3.13-slim AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY src ./src
RUN uv sync --frozen --no-dev --no-editable

FROM python:3.13-slim
RUN useradd --uid 10001 --create-home --home-dir /home/app app
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    INFRA_MIND_DATA_DIR=/home/app/data
USER 10001
EXPOSE 8000
# The API; workers run the same image with `worker` (see docker-compose.yml).
ENTRYPOINT ["infra-mind"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
