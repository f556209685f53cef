"""The repo's nginx site: it matches the app's limits and loads under Debian's own nginx.conf."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mediation.config import Config
from tests.integration.production import NGINX, ROOT, self_signed_certificate, site_for_ci

SITE = ROOT / "deploy" / "nginx" / "mediation.conf"
DEBIAN_NGINX_CONF = Path("/etc/nginx/nginx.conf")


def test_the_sites_body_limit_is_max_content_length():
    sizes = re.findall(r"client_max_body_size (\d+)m;", SITE.read_text())
    assert [int(size) * 1024 * 1024 for size in sizes] == [Config.MAX_CONTENT_LENGTH]


def test_the_ci_copy_changes_only_ports_and_paths(tmp_path):
    site = SITE.read_text()
    copy = site_for_ci(site, 8080, 8443, 5999, tmp_path)
    assert "listen 127.0.0.1:8080;" in copy
    assert "listen 127.0.0.1:8443 ssl http2;" in copy
    assert "server 127.0.0.1:5999;" in copy
    assert "5001" not in copy and "5002" not in copy
    assert copy.count("\n") == site.count("\n") - 1  # the second upstream line is gone


def test_the_ci_copy_refuses_a_site_whose_placeholders_moved(tmp_path):
    moved = SITE.read_text().replace("listen 443 ssl", "listen 8443 ssl")
    with pytest.raises(AssertionError, match="listen 443"):
        site_for_ci(moved, 1, 2, 3, tmp_path)


@pytest.mark.skipif(
    not (Path(NGINX).exists() and shutil.which("openssl") and DEBIAN_NGINX_CONF.exists()),
    reason="needs nginx (Debian's package) and openssl",
)
def test_the_site_loads_in_sites_enabled_under_debians_nginx_conf(tmp_path):
    tls = self_signed_certificate(tmp_path / "tls")
    site = SITE.read_text()
    site = site.replace("/etc/ssl/mediation/fullchain.pem", str(tls))
    site = site.replace("/etc/ssl/mediation/privkey.pem", str(tls.parent / "key.pem"))
    (tmp_path / "mediation").write_text(site)
    main = DEBIAN_NGINX_CONF.read_text()
    assert "include /etc/nginx/sites-enabled/*;" in main
    main = main.replace("include /etc/nginx/sites-enabled/*;", f"include {tmp_path}/mediation;")
    (tmp_path / "nginx.conf").write_text(main)
    result = subprocess.run(
        [NGINX, "-t", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
