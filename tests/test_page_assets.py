"""Pages name static files through asset(), defer their scripts, and load each only where used."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
# A static address written out, or asked of url_for, instead of asset('...').
STATIC_REFERENCE = re.compile(r"""url_for\(\s*['"]static['"]|/static/""")
ASSET = re.compile(r"""asset\(\s*['"]([^'"]+)['"]\s*\)""")
SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[^>]*>")
VIDEO_CLIENT = ("js/video/main.js", "vendor/socket.io.min.js")
CHARTS = "vendor/chart.min.js"


def lines_matching(paths, pattern) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in paths
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]


def templates_naming(name: str) -> set[str]:
    return {
        str(path.relative_to(ROOT / "templates"))
        for path in TEMPLATES
        if name in ASSET.findall(path.read_text(encoding="utf-8"))
    }


def test_no_template_or_module_names_a_static_file_except_through_asset():
    python = [p for p in (ROOT / "mediation").rglob("*.py") if p.name != "assets.py"]
    scripts = sorted((ROOT / "static" / "js").rglob("*.js"))
    assert lines_matching(TEMPLATES + python + scripts, STATIC_REFERENCE) == []


def test_every_asset_a_template_names_is_built_or_a_file_of_static(app):
    static = Path(app.static_folder)
    names = {name for path in TEMPLATES for name in ASSET.findall(path.read_text("utf-8"))}
    assert "css/app.css" in names
    for name in names - {n for n in names if n.startswith("vendor/")}:
        assert (static / name).is_file(), name
    manifest = static / "dist" / "manifest.json"
    if manifest.exists():  # a checkout after `make setup`, as in CI
        assert names <= set(json.loads(manifest.read_text("utf-8"))), "run npm run build"


def test_every_script_is_deferred():
    tags = [tag for path in TEMPLATES for tag in SCRIPT.findall(path.read_text("utf-8"))]
    assert tags
    assert [t for t in tags if " defer" not in t and 'type="module"' not in t] == []


def test_only_the_video_room_loads_the_video_client_and_only_chart_pages_chart_js():
    for name in VIDEO_CLIENT:
        assert templates_naming(name) == {"video/room.html"}
    assert templates_naming(CHARTS) == {"reports/dashboard.html", "mediators/workload.html"}
