"""The deployment files: docker-compose.yml passes ``docker-compose config`` (Debian's
package; no engine needed) and every Kubernetes manifest the kustomization lists passes
strict validation against the Kubernetes schemas (``kubernetes-validate``, offline)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s" / "base"
KUBERNETES_VERSION = "1.31.0"


def ensure_docker_compose() -> str:
    path = shutil.which("docker-compose")
    if path:
        return path
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "docker-compose"]
    if subprocess.run(install, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, check=True)
        subprocess.run(install, capture_output=True, check=True)
    path = shutil.which("docker-compose")
    assert path, "docker-compose is still not on PATH after installing it"
    return path


def compose() -> dict[str, Any]:
    """The file as ``docker-compose config`` resolves it (anchors, merges, defaults)."""
    done = subprocess.run(
        [ensure_docker_compose(), "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "INFRA_MIND_JWT_SECRET": "x" * 64},
    )
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout)  # type: ignore[no-any-return]


def manifests() -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    docs = []
    for name in kustomization["resources"]:
        docs += [d for d in yaml.safe_load_all((K8S / name).read_text()) if d]
    return docs


def kinds(kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in manifests() if d["kind"] == kind}


def test_compose_has_the_production_topology() -> None:
    services = compose()["services"]
    replicas = Counter(
        {name: int(s.get("deploy", {}).get("replicas", 1)) for name, s in services.items()}
    )
    api = sum(replicas[n] for n in services if n.startswith("api-"))
    mongo = sum(replicas[n] for n in services if n.startswith("mongo-") and n != "mongo-init")
    sentinels = sum(replicas[n] for n in services if n.startswith("sentinel-"))
    observed = (api, replicas["worker"], mongo, sentinels)
    assert observed == (2, 3, 3, 3)
    assert {"redis-master", "redis-replica", "prometheus", "otel-collector", "jaeger"} <= set(
        services
    )


def test_compose_refuses_to_start_without_a_shared_jwt_secret() -> None:
    env = {k: v for k, v in os.environ.items() if k != "INFRA_MIND_JWT_SECRET"}
    done = subprocess.run(
        [ensure_docker_compose(), "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert (done.returncode != 0, "INFRA_MIND_JWT_SECRET" in done.stderr) == (True, True)


def test_compose_apps_reach_redis_only_through_the_sentinels() -> None:
    services = compose()["services"]
    apps = [s for n, s in services.items() if n.startswith(("api-", "worker", "report-worker"))]
    env = [s["environment"] for s in apps]
    assert [e.get("INFRA_MIND_REDIS__URL") for e in env] == [None] * len(apps)
    assert {e["INFRA_MIND_REDIS__SENTINELS"] for e in env} == {
        "sentinel-1:26379,sentinel-2:26379,sentinel-3:26379"
    }


@pytest.mark.parametrize("doc", manifests(), ids=lambda d: f"{d['kind']}/{d['metadata']['name']}")
def test_kubernetes_manifest_is_valid(doc: dict[str, Any]) -> None:
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_an_invalid_manifest_is_refused() -> None:
    broken = {**kinds("Deployment")["api"], "spec": {"replicas": "two"}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_api_probes_live_and_ready() -> None:
    container = kinds("Deployment")["api"]["spec"]["template"]["spec"]["containers"][0]
    probes = (
        container["livenessProbe"]["httpGet"]["path"],
        container["readinessProbe"]["httpGet"]["path"],
    )
    assert probes == ("/health/live", "/health/ready")


def test_every_container_requests_resources() -> None:
    missing = [
        f"{d['kind']}/{d['metadata']['name']}/{c['name']}"
        for d in manifests()
        if d["kind"] in ("Deployment", "StatefulSet")
        for c in d["spec"]["template"]["spec"]["containers"]
        if not c.get("resources", {}).get("requests")
    ]
    assert missing == []


def test_disruption_budgets_cover_api_workers_and_stores() -> None:
    covered = set(kinds("PodDisruptionBudget"))
    assert covered == {"api", "worker", "mongo", "redis", "sentinel"}


def test_workers_scale_on_queue_depth() -> None:
    hpa = kinds("HorizontalPodAutoscaler")["worker"]["spec"]
    metric = hpa["metrics"][0]["external"]["metric"]
    assert (hpa["scaleTargetRef"]["name"], metric["name"]) == ("worker", "infra_mind_queue_depth")
