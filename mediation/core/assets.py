"""Static files for slow links: fingerprinted names from the build's manifest, sent precompressed.

`npm run build` (scripts/build-assets.mjs) writes each asset a template names to static/dist/
under a name carrying a hash of its content, with a .br and a .gz beside it, and
static/dist/manifest.json from the name templates use to that file. Templates ask
``asset('css/app.css')`` for the address; without a manifest (a checkout that was never built)
it is the plain file's. A fingerprinted file never changes, so browsers keep it for a year
without asking again; any other static file is kept for STATIC_MAX_AGE seconds.
"""

import json
import mimetypes
import os
from dataclasses import dataclass

from flask import Flask, Response, current_app, request, send_file, url_for
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

MANIFEST = "dist/manifest.json"
IMMUTABLE = "public, max-age=31536000, immutable"
# Content-Encoding and the suffix of the precompressed copy, best first.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


@dataclass(frozen=True)
class Manifest:
    """The build's names: logical name -> fingerprinted name, both relative to static/."""

    names: dict[str, str]
    files: frozenset[str]

    @classmethod
    def of(cls, names: dict[str, str]) -> "Manifest":
        return cls(names, frozenset(names.values()))


NO_MANIFEST = Manifest.of({})


def current_manifest() -> Manifest:
    """Return the manifest of the app's static folder, read again once the build rewrites it."""
    path = os.path.join(current_app.static_folder or "", MANIFEST)
    try:
        stamp = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return NO_MANIFEST
    cached = current_app.extensions.get("assets")
    if cached is not None and cached[0] == (path, stamp):
        return cached[1]
    with open(path, encoding="utf-8") as file:
        manifest = Manifest.of(json.load(file))
    current_app.extensions["assets"] = ((path, stamp), manifest)
    return manifest


def asset_url(name: str) -> str:
    """Return the address of a static file, by its fingerprinted name when the build made one."""
    return url_for("static", filename=current_manifest().names.get(name, name))


def _precompressed(path: str) -> tuple[str | None, str, bool]:
    """Return the encoding to send, the file holding it, and whether any copy exists."""
    accepted = request.accept_encodings
    any_copy = False
    for encoding, suffix in ENCODINGS:
        if os.path.isfile(path + suffix):
            any_copy = True
            if accepted.quality(encoding) > 0:
                return encoding, path + suffix, True
    return None, path, any_copy


def send_static(filename: str) -> Response:
    """Send a static file: precompressed when the browser takes it, cached as its name allows."""
    folder = current_app.static_folder or ""
    path = safe_join(folder, filename)
    if path is None or not os.path.isfile(path):
        raise NotFound()
    encoding, sent, has_copies = _precompressed(path)
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = send_file(
        sent, mimetype=mimetype, download_name=os.path.basename(filename), conditional=True
    )
    if encoding:
        response.headers["Content-Encoding"] = encoding
    if has_copies:
        response.vary.add("Accept-Encoding")
    if filename in current_manifest().files:
        response.headers["Cache-Control"] = IMMUTABLE
    else:
        max_age = int(current_app.config["STATIC_MAX_AGE"])
        response.headers["Cache-Control"] = f"public, max-age={max_age}" if max_age else "no-cache"
    return response


class SessionsBesideStaticFiles(SecureCookieSessionInterface):
    """Cookie sessions that leave static files alone: no Set-Cookie and no Vary: Cookie on them.

    Flask-Login looks into the session after every request, and Flask then adds Vary: Cookie;
    a browser would fetch a year-long file again whenever the session cookie changed.
    """

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if request.endpoint != "static":
            super().save_session(app, session, response)


def register_assets(app: Flask) -> None:
    """Serve /static/ through send_static and give templates ``asset()``; before the policy."""
    app.view_functions["static"] = send_static
    app.session_interface = SessionsBesideStaticFiles()
    app.add_template_global(asset_url, "asset")
