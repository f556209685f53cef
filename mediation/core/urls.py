"""The service's absolute addresses: texted links, QR codes, calendar and e-mail links.

Every address that leaves the server is built here, from PUBLIC_URL, or when that is not set,
from the port the local server listens on (`make run` serves on 127.0.0.1:$PORT).
"""

from urllib.parse import urlsplit

from flask import current_app

LOCAL_HOST = "127.0.0.1"


def base_url(public_url: str | None, port: int | str | None) -> str:
    """Return the service's address without a trailing slash: PUBLIC_URL, else the local port."""
    if public_url:
        return public_url.rstrip("/")
    return f"http://{LOCAL_HOST}:{port or 5000}"


def public_base() -> str:
    """Return the running app's public address (PUBLIC_URL, else http://127.0.0.1:PORT)."""
    return base_url(current_app.config.get("PUBLIC_URL"), current_app.config.get("PORT"))


def public_host() -> str:
    """Return the host name of the public address, e.g. for calendar UIDs."""
    return urlsplit(public_base()).hostname or "localhost"


def absolute(path: str) -> str:
    """Return the absolute address of a path of this service, such as "/c/<token>"."""
    if not path.startswith("/"):
        raise ValueError(f"an absolute address needs a path starting with '/': {path!r}")
    return public_base() + path


def external(endpoint: str, **values: object) -> str:
    """Return the absolute address of an endpoint, in a request or outside one (jobs, CLI).

    Built from the public address, never from the request's Host header, so a link texted
    from a job or behind a proxy is the one parties can open.
    """
    parts = urlsplit(public_base())
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)
