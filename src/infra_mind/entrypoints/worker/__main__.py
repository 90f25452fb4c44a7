"""``python -m infra_mind.entrypoints.worker [assessments|reports]``."""

from __future__ import annotations

import logging
import sys

from infra_mind.entrypoints.worker import run

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    run("reports" if sys.argv[1:2] == ["reports"] else "assessments")
