"""A throw-away nginx (Debian's package) balancing several Rasa servers with the shipped
configuration (``deploy/nginx/diskret.conf``, rendered by ``bot.balancer``).

Each socket.io connection stays on the server that took its first request (a cookie), while
a visitor's next connection lands on the next server, so its messages alternate between the
servers while each socket stays where it was created.

Everything (configuration, pid file, logs, temporary request bodies) lives in a temporary
directory that is removed on ``stop``; the access log records, per request, the socket.io
``sid`` and the server (``upstream``) that handled it, so tests can prove where turns went.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from bot.balancer import COOKIE, render_nginx_site
from tests.support.stack import free_port, terminate



def nginx_binary() -> Optional[str]:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)), None)


class Nginx:
    """``nginx`` on a free loopback port in front of ``backends`` (ports of Rasa servers on 127.0.0.1)."""

    def __init__(self, backends: Sequence[int]) -> None:
        binary = nginx_binary()
        if binary is None:
            raise FileNotFoundError("nginx is not installed (`make nginx` installs Debian's package)")
        self.binary = binary
        self.backends = list(backends)
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="diskret-nginx-"))
        # nginx's workers run as an unprivileged user when started as root: they must reach the temp paths
        os.chmod(self.directory, 0o755)
        self.conf = self.directory / "nginx.conf"
        self.access_log = self.directory / "access.log"
        self.error_log = self.directory / "error.log"
        self.process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        """nginx's main file for this instance: private paths and a routing log around the
        shipped ``deploy/nginx/diskret.conf``."""
        d = self.directory
        site = d / "diskret.conf"
        listen = f"127.0.0.1:{self.port}"
        site.write_text(render_nginx_site([f"127.0.0.1:{port}" for port in self.backends], listen), encoding="utf-8")
        return f"""# written by tests/support/balancer.py
worker_processes 1;
pid {d}/nginx.pid;
error_log {self.error_log} warn;

events {{
    worker_connections 1024;
}}

http {{
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;

    log_format routes '$request_method $uri sid=$arg_sid cookie=$cookie_{COOKIE} upstream=$upstream_addr status=$status';
    access_log {self.access_log} routes;

    include {site};
}}
"""

    def start(self, timeout: float = 15) -> "Nginx":
        self.conf.write_text(self.config(), encoding="utf-8")
        output = open(self.directory / "nginx.out", "ab")
        self.process = subprocess.Popen(
            [self.binary, "-c", str(self.conf), "-p", f"{self.directory}/", "-e", str(self.error_log),
             "-g", "daemon off;"],
            stdout=output, stderr=subprocess.STDOUT,
        )
        output.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}:\n{self.logs()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"nginx did not listen on {self.port} within {timeout}s")

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace")[-4000:]
                         for path in (self.directory / "nginx.out", self.error_log) if path.exists())

    def routes(self) -> List[Dict[str, str]]:
        """The access log: one dict (method, uri, sid, cookie, upstream, status) per request."""
        if not self.access_log.exists():
            return []
        pattern = re.compile(r"^(\S+) (\S+) sid=(\S*) cookie=(\S*) upstream=(.*) status=(\d+)$")
        rows = []
        for line in self.access_log.read_text(errors="replace").splitlines():
            match = pattern.match(line)
            if match:
                rows.append(dict(zip(("method", "uri", "sid", "cookie", "upstream", "status"), match.groups())))
        return rows

    def stop(self) -> None:
        """Fast shutdown (SIGTERM: open long-polls are cut, not awaited), then remove the directory."""
        try:
            terminate(self.process)
            self.process = None
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)
