"""The production stack for the smoke test: PostgreSQL, Redis, gunicorn, the scheduler, nginx.

Everything runs on 127.0.0.1 with ports chosen free at start, in one temporary directory, and
is stopped again by `Stack.stop()`, whatever happened in between.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
NGINX_DIR = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_database(url: str) -> None:
    """Create the smoke's PostgreSQL database if it does not exist yet; never drop one."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def empty_redis(url: str) -> None:
    """Start from an empty Redis database: rate-limit buckets of an earlier run must not count."""
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=5).flushdb()


def site_for_ci(site: str, http_port: int, https_port: int, app_port: int, tls: Path) -> str:
    """Return the repo's nginx site with only its ports and paths replaced, each exactly once."""
    replacements = [
        ("    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n"),
        ("    listen 443 ssl http2;\n", f"    listen 127.0.0.1:{https_port} ssl http2;\n"),
        ("    server 127.0.0.1:5001;\n", f"    server 127.0.0.1:{app_port};\n"),
        ("    server 127.0.0.1:5002;\n", ""),
        ("/etc/ssl/mediation/fullchain.pem", str(tls / "cert.pem")),
        ("/etc/ssl/mediation/privkey.pem", str(tls / "key.pem")),
        ("/srv/mediation/app/static/", f"{ROOT / 'static'}/"),
    ]
    for old, new in replacements:
        if site.count(old) != 1:
            raise AssertionError(f"deploy/nginx/mediation.conf should contain {old!r} once")
        site = site.replace(old, new)
    return site


def self_signed_certificate(directory: Path) -> Path:
    """Write a certificate for 127.0.0.1 (and its key) that the smoke's client trusts."""
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            OPENSSL,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(directory / "key.pem"),
            "-out",
            str(directory / "cert.pem"),
        ],  # fmt: skip
        check=True,
        capture_output=True,
        timeout=60,
    )
    return directory / "cert.pem"


@dataclass
class Stack:
    database_url: str
    redis_url: str
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    app_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    https_port: int = field(default_factory=free_port)
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="smoke-")))
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def certificate(self) -> Path:
        return self.directory / "tls" / "cert.pem"

    def environment(self) -> dict[str, str]:
        """Return the production environment: real key, PostgreSQL, Redis, one proxy."""
        keep = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("FLASK_", "TEST_", "SMOKE_", "SECRET_", "PROXY_"))
        }
        return keep | {
            "FLASK_APP": "wsgi",
            "FLASK_ENV": "production",
            "SECRET_KEY": self.secret_key,
            "PROXY_HOPS": "1",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "PUBLIC_URL": self.base,
            "LOG_LEVEL": "INFO",
            "NOTIFY_BACKENDS": "log",
        }

    def live(self, command: str, *args: str, stdin: str = "") -> str:
        """Run tests/video/live.py (seed or clean video rooms) against this stack's database."""
        given = self.directory / f"live-{command}.json"
        given.write_text(stdin)
        with open(given) as standard_input:
            result = subprocess.run(  # noqa: S603 (fixed interpreter and module)
                [str(BIN / "python"), "-m", "tests.video.live", command, self.database_url, *args],
                cwd=ROOT,
                env={**os.environ, "LIVE_SECRET_KEY": self.secret_key},
                stdin=standard_input,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
        if result.returncode:
            raise AssertionError(f"tests.video.live {command} failed:\n{result.stderr[-4000:]}")
        return result.stdout

    def log(self, name: str) -> str:
        path = self.directory / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def flask(self, *args: str) -> str:
        result = subprocess.run(
            [str(BIN / "flask"), *args],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode:
            raise AssertionError(f"flask {' '.join(args)} failed:\n{result.stderr[-4000:]}")
        return result.stdout

    def _spawn(self, name: str, command: list[str], port: int | None) -> None:
        # Logs go to files: an unread pipe fills up and then blocks the server.
        with open(self.directory / f"{name}.log", "wb") as log:
            self.processes[name] = subprocess.Popen(  # noqa: S603 (fixed commands)
                command,
                cwd=ROOT,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if port is None:
            return
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                raise AssertionError(f"{name} exited at start:\n{self.log(name)[-4000:]}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.2)
        raise AssertionError(f"{name} did not listen on {port}:\n{self.log(name)[-4000:]}")

    def start(self) -> None:
        """Migrate, seed the demo county, and start gunicorn, the scheduler and nginx."""
        ensure_database(self.database_url)
        empty_redis(self.redis_url)
        self.flask("db", "upgrade")
        self.flask("seed-demo", "--if-empty")
        self._spawn(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "-k",
                "gevent",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{self.app_port}",
                "--access-logfile",
                "-",
                "wsgi:app",
            ],  # fmt: skip
            self.app_port,
        )
        self._spawn("scheduler", [str(BIN / "flask"), "scheduler", "run"], None)
        self._start_nginx()

    def _start_nginx(self) -> None:
        nginx_dir = self.directory / "nginx"
        (nginx_dir / "temp").mkdir(parents=True)
        tls = self_signed_certificate(self.directory / "tls").parent
        shutil.copy(NGINX_DIR / "nginx.conf", nginx_dir / "nginx.conf")
        site = (NGINX_DIR / "mediation.conf").read_text()
        (nginx_dir / "mediation.conf").write_text(
            site_for_ci(site, self.http_port, self.https_port, self.app_port, tls)
        )
        command = [NGINX, "-p", f"{nginx_dir}/", "-c", str(nginx_dir / "nginx.conf")]
        if os.geteuid() == 0:
            # As root nginx's workers would run as nobody, who may not read the checkout.
            command += ["-g", "user root;"]
        self._spawn("nginx", command, self.https_port)

    def stop(self) -> None:
        """Stop every process this stack started, nginx first; kill what does not stop."""
        for name in ("nginx", "gunicorn", "scheduler"):
            process = self.processes.get(name)
            if process is None or process.poll() is not None:
                continue
            # Each runs in a session of its own: the signal reaches its workers too.
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
