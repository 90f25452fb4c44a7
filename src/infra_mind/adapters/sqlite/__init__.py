"""SQLite repositories: the embedded default store, one file under the data directory."""

from infra_mind.adapters.sqlite.assessments import SqliteAssessmentRepository
from infra_mind.adapters.sqlite.database import SqliteDatabase, open_sqlite
from infra_mind.adapters.sqlite.migrate import migrate_storage
from infra_mind.adapters.sqlite.recommendations import SqliteRecommendationRepository
from infra_mind.adapters.sqlite.results import SqliteAgentResultRepository
from infra_mind.adapters.sqlite.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "SqliteAgentResultRepository",
    "SqliteAssessmentRepository",
    "SqliteDatabase",
    "SqliteRecommendationRepository",
    "migrate_storage",
    "open_sqlite",
]
