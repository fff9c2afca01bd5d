"""The shipped nginx configuration: rendered for any set of Rasa servers, and valid for nginx."""
import subprocess
import tempfile
from pathlib import Path

import pytest

from bot.balancer import render_nginx_site
from bot.cli import main
from tests.support.balancer import nginx_binary


def test_every_placeholder_is_filled():
    site = render_nginx_site(["10.0.0.11:5005", "10.0.0.12:5005", "[fd00::3]:5005"], "443 ssl")
    assert "@" not in site.replace("@...@", "")
    assert "upstream diskret_2 { server [fd00::3]:5005; }" in site
    assert '"~10\\.0\\.0\\.12:5005$" 1;' in site
    assert "listen 443 ssl;" in site


@pytest.mark.parametrize("backends, listen", [([], "80"), (["rasa.internal:5005"], "80"), (["1.2.3.4:5005;"], "80"),
                                              (["1.2.3.4:5005"], "80; include /etc/passwd")])
def test_bad_input_is_refused(backends, listen):
    with pytest.raises(ValueError):
        render_nginx_site(backends, listen)


def test_command_line_prints_the_site_or_a_clear_error(capsys):
    assert main(["nginx", "--backend", "127.0.0.1:5005", "--listen", "127.0.0.1:8080"]) == 0
    assert "listen 127.0.0.1:8080;" in capsys.readouterr().out
    assert main(["nginx", "--backend", "localhost"]) == 2
    assert "ip:port" in capsys.readouterr().err


@pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (`make nginx`)")
def test_nginx_accepts_the_rendered_configuration():
    with tempfile.TemporaryDirectory() as directory:
        site = Path(directory) / "diskret.conf"
        site.write_text(render_nginx_site(["127.0.0.1:5005", "127.0.0.1:5006"], "127.0.0.1:8089"))
        main_conf = Path(directory) / "nginx.conf"
        main_conf.write_text(f"pid {directory}/nginx.pid; error_log {directory}/error.log; events {{}}\n"
                             f"http {{ access_log off; client_body_temp_path {directory}/body; include {site}; }}\n")
        checked = subprocess.run([nginx_binary(), "-t", "-c", str(main_conf), "-p", directory + "/",
                                  "-e", f"{directory}/error.log"], capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, checked.stderr
