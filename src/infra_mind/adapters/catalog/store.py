"""A catalog on disk: one JSON file per data file, read whole and written atomically."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.loader import DATA_FILES, build_knowledge_base
from infra_mind.ports.catalog import CatalogError


def read_catalog_docs(directory: Path) -> dict[str, dict[str, Any]]:
    """The parsed data files of ``directory``; every name in ``DATA_FILES`` must be present."""
    missing = [n for n in DATA_FILES if not (directory / n).is_file()]
    if missing:
        raise CatalogError(f"{directory}: missing {', '.join(missing)}")
    docs: dict[str, dict[str, Any]] = {}
    for name in DATA_FILES:
        try:
            docs[name] = json.loads((directory / name).read_text("utf-8"))
        except json.JSONDecodeError as exc:
            raise CatalogError(f"{directory / name}: not JSON ({exc})") from exc
    return docs


CURRENT = "current"
"""The symlink inside a catalog root that names the catalog in use."""


def resolve_catalog_dir(path: Path) -> Path:
    """A catalog root's ``current`` catalog, or ``path`` itself when it holds the files."""
    current = path / CURRENT
    return current if current.exists() else path


def missing_catalog(path: Path) -> str | None:
    """Why ``path`` is not a catalog directory or root (None when it holds every data file)."""
    directory = resolve_catalog_dir(path)
    if not directory.is_dir():
        return f"{path} is not a directory"
    missing = [n for n in DATA_FILES if not (directory / n).is_file()]
    return f"{directory} lacks {', '.join(missing)}" if missing else None


def load_catalog_dir(path: Path) -> KnowledgeBase:
    """A validated KnowledgeBase from a catalog directory or root (``CatalogError`` when the
    directory does not hold a valid catalog)."""
    directory = resolve_catalog_dir(path)
    docs = read_catalog_docs(directory)
    try:
        return build_knowledge_base(docs)
    except ValueError as exc:
        raise CatalogError(f"{directory}: {exc}") from exc


def write_catalog(docs: Mapping[str, dict[str, Any]], root: Path, stamp: str) -> Path:
    """Validate ``docs``, write them to ``root/stamp`` and point ``root/current`` at it.

    Files go to a hidden staging directory renamed into place only when complete, and the
    ``current`` link is swapped with one rename: a catalog that fails validation, or a write
    that fails part-way, leaves the catalog in use untouched.
    """
    try:
        build_knowledge_base(docs)
    except ValueError as exc:
        raise CatalogError(f"refreshed catalog is invalid; {root} kept as it was: {exc}") from exc
    target = root / stamp
    if target.exists():
        raise CatalogError(f"{target} already exists")
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{stamp}.", dir=root))
    try:
        for name in DATA_FILES:
            (staging / name).write_text(json.dumps(docs[name], indent=1) + "\n", "utf-8")
        os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    link = root / f".{CURRENT}.{stamp}"
    link.symlink_to(stamp)
    os.replace(link, root / CURRENT)
    return target


class FileCatalogStore:
    """The ``CatalogStore`` port over a directory of JSON files."""

    def read(self, path: Path) -> dict[str, dict[str, Any]]:
        return read_catalog_docs(resolve_catalog_dir(path))

    def write(self, docs: Mapping[str, dict[str, Any]], root: Path, stamp: str) -> Path:
        return write_catalog(docs, root, stamp)
