"""A throw-away nginx (Debian's package) balancing several Rasa servers, as in production.

Plain HTTP requests (``/webhooks/``, ``/``) go round-robin. A socket.io connection keeps its
long-polling session (the ``sid``) in one server's memory, so it must stay on that server:
the connection's first request (the handshake, no cookie yet) goes round-robin, and nginx
answers with a cookie naming the server that took it; every further request of that
connection carries the cookie and is sent to the same server. A visitor that opens a new
connection (same chat session, new socket) therefore lands on the next server, so its
messages alternate between the servers while each socket stays where it was created.

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

from tests.support.stack import free_port, terminate

COOKIE = "diskret_backend"


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
        d = self.directory
        servers = "\n".join(f"        server 127.0.0.1:{port};" for port in self.backends)
        singles = "\n".join(f"    upstream diskret_{i} {{ server 127.0.0.1:{port}; }}"
                            for i, port in enumerate(self.backends))
        by_cookie = "\n".join(f'        "{i}" diskret_{i};' for i in range(len(self.backends)))
        # $upstream_addr lists every server tried ("a, b" after a retry): the last one answered
        by_upstream = "\n".join(f'        "~127\\.0\\.0\\.1:{port}$" {i};' for i, port in enumerate(self.backends))
        proxy = f"""
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_buffering off;
            proxy_read_timeout 90s;"""
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
    client_max_body_size 1m;

    log_format routes '$request_method $uri sid=$arg_sid cookie=$cookie_{COOKIE} upstream=$upstream_addr status=$status';
    access_log {self.access_log} routes;

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      '';
    }}

    # round-robin, NOT sticky: every request without the cookie goes to the next server
    upstream diskret {{
{servers}
    }}
{singles}

    map $cookie_{COOKIE} $diskret_pool {{
        default diskret;
{by_cookie}
    }}

    map $upstream_addr $diskret_node {{
        default "";
{by_upstream}
    }}

    server {{
        listen 127.0.0.1:{self.port};

        location /socket.io/ {{
            proxy_pass http://$diskret_pool;{proxy}
            add_header Set-Cookie "{COOKIE}=$diskret_node; Path=/socket.io/; HttpOnly; SameSite=Lax" always;
        }}

        location /webhooks/ {{
            proxy_pass http://diskret;{proxy}
        }}

        location / {{
            proxy_pass http://diskret;{proxy}
        }}
    }}
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
