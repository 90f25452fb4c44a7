"""A redis-server that requires an ACL user (``default`` disabled), optionally on TLS only
with a certificate made for the test, and optionally watched by one redis-sentinel."""

from __future__ import annotations

import datetime
import ipaddress
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.redis_server import _ensure_sentinel_installed, ensure_redis_installed, free_port

USER = "infra"
PASSWORD = "s3cret-acl-password"


@dataclass(frozen=True)
class SecureRedis:
    port: int
    ca_file: Path | None
    sentinel_port: int | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def redis_settings(self, password: str = PASSWORD, **extra: object) -> dict[str, object]:
        """``INFRA_MIND_REDIS__*`` as a dict for ``load_settings(redis=…)``."""
        found: dict[str, object] = {"url": self.url, "username": USER, "password": password}
        if self.ca_file is not None:
            found |= {"tls": True, "tls_ca_file": str(self.ca_file)}
        if self.sentinel_port is not None:
            found |= {"sentinels": [f"127.0.0.1:{self.sentinel_port}"], "sentinel_master": "acl"}
        return found | extra


def _certificates(directory: Path) -> Path:
    """A CA and a server certificate for 127.0.0.1 signed by it; returns the CA file."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "infra-mind test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .add_extension(_usage(cert_sign=True), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        # Python 3.13 verifies strictly (VERIFY_X509_STRICT): the key identifiers are required
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (directory / "ca.pem").write_bytes(ca.public_bytes(pem))
    (directory / "server.pem").write_bytes(server.public_bytes(pem))
    (directory / "server.key").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return directory / "ca.pem"


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _wait(server: SecureRedis, proc: subprocess.Popen[bytes]) -> None:
    client = redis.Redis(
        port=server.port,
        username=USER,
        password=PASSWORD,
        ssl=server.ca_file is not None,
        ssl_ca_certs=str(server.ca_file) if server.ca_file else None,
        socket_timeout=1,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            return
        except redis.ConnectionError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"redis-server did not start on {server.port}") from None
            time.sleep(0.05)
        finally:
            client.close()


@contextmanager
def secure_redis(*, tls: bool = False, sentinel: bool = False) -> Iterator[SecureRedis]:
    workdir = Path(tempfile.mkdtemp(prefix="redis-acl-"))
    procs: list[subprocess.Popen[bytes]] = []
    port = free_port()
    ca_file = _certificates(workdir) if tls else None
    listen = f"port {port}\n"
    if tls:
        listen = (
            f"port 0\ntls-port {port}\ntls-cert-file {workdir / 'server.pem'}\n"
            f"tls-key-file {workdir / 'server.key'}\ntls-ca-cert-file {ca_file}\n"
            "tls-auth-clients no\n"
        )
    conf = workdir / "redis.conf"
    conf.write_text(
        f'{listen}bind 127.0.0.1\nsave ""\nappendonly no\ndir {workdir}\n'
        f"user default off\nuser {USER} on >{PASSWORD} ~* &* +@all\n"
    )
    server = SecureRedis(port=port, ca_file=ca_file)
    try:
        procs.append(
            subprocess.Popen([ensure_redis_installed(), str(conf)], stdout=subprocess.DEVNULL)
        )
        _wait(server, procs[0])
        if sentinel:
            server = SecureRedis(port=port, ca_file=ca_file, sentinel_port=free_port())
            watch = workdir / "sentinel.conf"
            watch.write_text(
                f"port {server.sentinel_port}\nbind 127.0.0.1\ndir {workdir}\n"
                f"sentinel monitor acl 127.0.0.1 {port} 1\n"
                f"sentinel auth-user acl {USER}\nsentinel auth-pass acl {PASSWORD}\n"
            )
            procs.append(
                subprocess.Popen(
                    [_ensure_sentinel_installed(), str(watch)], stdout=subprocess.DEVNULL
                )
            )
            _wait_for_sentinel(server.sentinel_port)
        yield server
    finally:
        for proc in procs:
            proc.kill()
            proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_for_sentinel(port: int | None) -> None:
    """Until the sentinel has reached the master with the ACL user (flags ``master``)."""
    client = redis.Redis(port=port, socket_timeout=1)
    deadline = time.monotonic() + 10
    try:
        while True:
            try:
                state = client.sentinel_masters().get("acl", {})  # type: ignore[no-untyped-call]
                if state.get("is_master") and not state.get("is_disconnected"):
                    return
            except redis.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the sentinel did not reach the master")
            time.sleep(0.05)
    finally:
        client.close()
