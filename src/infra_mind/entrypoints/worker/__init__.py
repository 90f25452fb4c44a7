"""arq worker entrypoint: ``infra-mind worker`` or ``python -m infra_mind.entrypoints.worker``."""

from __future__ import annotations

import logging
import time
from typing import NoReturn

from arq.worker import run_worker
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from infra_mind.adapters.arq.jobs import QueueKind
from infra_mind.adapters.redis.faults import REFUSED
from infra_mind.adapters.redis.settings import CredentialsRejected
from infra_mind.config import ConfigurationError
from infra_mind.entrypoints.redaction import install_redaction
from infra_mind.entrypoints.worker.settings import ContainerFactory, make_worker_settings

__all__ = ["make_worker_settings", "run"]

log = logging.getLogger(__name__)
RECONNECT_S = 1.0


def run(
    queue: QueueKind = "assessments", container_factory: ContainerFactory | None = None
) -> None:
    """Serve one queue until SIGTERM/SIGINT; running assessments are handed back.

    arq stops when it loses Redis (say, the master died and Sentinel has not yet
    promoted a replica); the worker then starts again, with a fresh container,
    until Redis answers: a failover costs seconds, not the process."""
    install_redaction()
    while True:
        try:
            run_worker(make_worker_settings(container_factory, queue=queue))
            return
        except REFUSED:  # arq's own connection: the user or password, not an outage
            _stop(str(CredentialsRejected()))
        except ConfigurationError as exc:
            _stop(str(exc))
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            log.warning("lost Redis (%s); starting again in %.0f s", exc, RECONNECT_S)
            time.sleep(RECONNECT_S)


def _stop(reason: str) -> NoReturn:
    """Settings no restart can fix: say which, and exit 2 as the CLI does."""
    log.error("infra-mind worker: %s", reason)
    raise SystemExit(2)
