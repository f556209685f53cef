"""Security headers on every response, and where a page may send people back to.

Headers (flask-talisman): a Content-Security-Policy that allows only this site's own scripts,
styles, connections and frames (no inline script or style: data for scripts travels in
``<script type="application/json">`` blocks, which are not run); X-Frame-Options DENY and
``frame-ancestors 'none'``; X-Content-Type-Options nosniff; Referrer-Policy ``same-origin``, and
``no-referrer`` on pages whose address carries a signed token; HSTS only when configured (the
proxy terminates TLS, so the application never redirects to HTTPS itself).
"""

import unicodedata
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, request
from flask_talisman import Talisman

# 'self' covers ws: and wss: to the same host (CSP level 3), which Socket.IO uses.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    # Bootstrap's icons (toggler, selects, checks) are data: SVGs in its stylesheet.
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    # A recording is downloaded through a blob: link; live video is a MediaStream, not a URL.
    "media-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# The video room needs the camera, microphone and screen sharing of this site; nothing else.
PERMISSIONS_POLICY = {
    "camera": "(self)",
    "microphone": "(self)",
    "display-capture": "(self)",
    "geolocation": "()",
    "payment": "()",
    "usb": "()",
}
# Same-origin everywhere: other sites never learn which page someone came from. Pages whose
# address holds a signed token (case links, video join links) send no referrer at all, not even
# to this site, so the token does not reach the access logs through the Referer header.
REFERRER_POLICY = "same-origin"
LINK_PAGE_REFERRER_POLICY = "no-referrer"

# Browsers drop tabs and newlines inside URLs and read "\" as "/", so "/\t/evil.example" and
# "/\evil.example" lead off-site; control, format (zero-width) and space characters go first.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def _without_invisible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) not in INVISIBLE_CATEGORIES)


def _is_local_path(text: str) -> bool:
    if not text.startswith("/") or text[1:2] in ("/", "\\"):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, fallback: str) -> str:
    """Return `target` when it is a path of this site, else `fallback`."""
    if not isinstance(target, str):
        return fallback
    cleaned = _without_invisible(target)
    # Judge the decoded form as well: "/%2F/evil.example" must not become "//" further on.
    decoded = _without_invisible(unquote(unquote(cleaned)))
    if _is_local_path(cleaned) and _is_local_path(decoded):
        return cleaned
    return fallback


def _token_pages_send_no_referrer(response: Response) -> Response:
    if request.view_args and "token" in request.view_args:
        response.headers["Referrer-Policy"] = LINK_PAGE_REFERRER_POLICY
    return response


def register_security_headers(app: Flask) -> Talisman:
    """Send the security headers on every response; cookie flags stay with the config."""
    # after_request hooks run last-registered first: this one runs after Talisman's.
    app.after_request(_token_pages_send_no_referrer)
    return Talisman(
        app,
        force_https=False,
        strict_transport_security=app.config["HSTS_ENABLED"],
        strict_transport_security_max_age=app.config["HSTS_MAX_AGE"],
        strict_transport_security_include_subdomains=False,
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        permissions_policy=PERMISSIONS_POLICY,
        referrer_policy=REFERRER_POLICY,
        x_xss_protection=False,
        # Talisman would otherwise force these cookie flags; the config owns them.
        session_cookie_secure=False,
        session_cookie_http_only=app.config.get("SESSION_COOKIE_HTTPONLY", True),
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE"),
    )
