"""The Redis server a distributed crawl shares: Debian's ``redis-server``, started by the project.

Its data lives in a folder of the project's (``data/redis/`` by default), written to an append-only
file synced every second, so a queue survives the server's restart.
"""

from __future__ import annotations

import ipaddress
import shutil
import subprocess
import time
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

import redis

REDIS_SERVER = "/usr/bin/redis-server"


def server_command(port: int, folder: str | Path, bind: str = "127.0.0.1") -> list[str]:
    """The command line of a Redis server on ``bind``:``port`` keeping its data in ``folder``."""
    binary = REDIS_SERVER if Path(REDIS_SERVER).exists() else shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError("redis-server is not installed: run scripts/bootstrap (Debian's redis-server)")
    return [binary, "--port", str(port), "--bind", bind, "--dir", str(Path(folder).resolve()),
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--daemonize", "no",
            "--protected-mode", "yes" if bind == "127.0.0.1" else "no", "--loglevel", "warning"]


class RedisServer:
    """A Redis server run as a child process for as long as the ``with`` block lasts."""

    def __init__(self, port: int, folder: str | Path, bind: str = "127.0.0.1") -> None:
        self.port = port
        self.bind = bind
        self.folder = Path(folder)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{self.bind}:{self.port}/0"

    def __enter__(self) -> RedisServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(server_command(self.port, self.folder, self.bind),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for(self.url, self.process)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.process is not None:
            self.process.terminate()  # Redis flushes its append-only file on SIGTERM
            self.process.wait(timeout=30)
            self.process = None


def on_this_machine(url: str) -> bool:
    """Whether a Redis URL names this machine (localhost or a loopback address)."""
    host = urlsplit(url).hostname or "localhost"
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: another machine's
        return False


def ensure_local(url: str, folder: str | Path) -> bool:
    """Start a Redis for ``url`` if it names this machine and none answers there: in the background
    (daemonized: it outlives the command, for the other workers), its data, log and pid file in
    ``folder``. Whether one was started; RuntimeError if a Redis on another machine does not answer."""
    try:
        wait_for(url, timeout=1)
        return False
    except RuntimeError:
        if not on_this_machine(url):
            raise
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    command = server_command(urlsplit(url).port or 6379, folder, "127.0.0.1")
    command[command.index("--daemonize") + 1] = "yes"
    command += ["--pidfile", str(folder / "redis.pid"), "--logfile", str(folder / "redis.log")]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wait_for(url)
    return True


def wait_for(url: str, process: subprocess.Popen[bytes] | None = None, timeout: float = 15.0) -> None:
    """Return once the Redis at ``url`` answers; RuntimeError if it does not in time (or its process died)."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                client.ping()
                return
            except (TimeoutError, redis.ConnectionError) as error:
                if process is not None and process.poll() is not None:
                    message = process.stderr.read().decode(errors="replace") if process.stderr else ""
                    raise RuntimeError(f"redis-server exited: {message.strip()}") from error
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no Redis answering at {url}") from error
                time.sleep(0.05)
    finally:
        client.close()
