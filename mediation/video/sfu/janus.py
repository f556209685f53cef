"""A client of Janus's HTTP API: one Janus session per server process, and its event poll.

Janus answers some requests at once (`success` with the plugin's data) and others later, as an
event on the session's long poll that carries the request's transaction (`ack` first). One
background task per session polls (which also keeps the session alive), hands each event with
a waiting transaction to its waiter and every other event (a subscriber's renegotiation, a
hang-up) to `on_event`. Works under gevent, whose monkey-patching makes `requests`, threads and
events cooperative.
"""

import logging
import secrets
import threading
from collections.abc import Callable

import requests

log = logging.getLogger(__name__)
VIDEOROOM = "janus.plugin.videoroom"
# How long Janus holds a long poll open when it has nothing to say (its default is 30 s).
POLL_SECONDS = 30
NO_SUCH_SESSION = 458


class JanusError(Exception):
    """Janus refused a request: its numeric code and reason."""

    def __init__(self, code: int, reason: str):
        super().__init__(f"{code} {reason}")
        self.code = code
        self.reason = reason


class Janus:
    """Plain requests to the Janus API at one base URL, each carrying the API secret."""

    def __init__(self, url: str, secret: str, timeout: float = 10, http=None):
        self.url = url.rstrip("/")
        self.secret = secret
        self.timeout = timeout
        self.http = http or requests.Session()

    def post(self, path: str, body: dict) -> dict:
        """Send one request; return Janus's answer or raise JanusError."""
        body = {**body, "transaction": body.get("transaction") or _transaction()}
        body["apisecret"] = self.secret
        answer = self.http.post(self.url + path, json=body, timeout=self.timeout).json()
        if answer.get("janus") == "error":
            error = answer.get("error") or {}
            raise JanusError(int(error.get("code", 0)), str(error.get("reason", "")))
        return answer

    def poll(self, session_id: int, maxev: int = 10) -> list[dict]:
        """Wait for a session's events (up to POLL_SECONDS); return them, oldest first."""
        answer = self.http.get(
            f"{self.url}/{session_id}",
            params={"maxev": str(maxev), "apisecret": self.secret},
            timeout=POLL_SECONDS + self.timeout,
        ).json()
        events = answer if isinstance(answer, list) else [answer]
        for event in events:
            if event.get("janus") == "error":
                error = event.get("error") or {}
                raise JanusError(int(error.get("code", 0)), str(error.get("reason", "")))
        return [e for e in events if e.get("janus") != "keepalive"]

    def create_session(self) -> int:
        return int(self.post("", {"janus": "create"})["data"]["id"])

    def destroy_session(self, session_id: int) -> None:
        self.post(f"/{session_id}", {"janus": "destroy"})


def _transaction() -> str:
    return secrets.token_hex(8)


class Waiter:
    """One request's later answer: set by the poll, awaited by the request."""

    __slots__ = ("done", "event")

    def __init__(self):
        self.done = threading.Event()
        self.event: dict | None = None


class JanusSession:
    """One Janus session with its handles and a poll task; every handle is a VideoRoom's."""

    def __init__(
        self,
        janus: Janus,
        spawn: Callable | None = None,
        on_event: Callable[[int, dict], None] | None = None,
    ):
        self.janus = janus
        self.spawn = spawn or _thread
        self.on_event = on_event or (lambda handle_id, event: None)
        self.session_id: int | None = None
        self.waiters: dict[str, Waiter] = {}
        self.lock = threading.Lock()
        self.closed = False

    def ensure(self) -> int:
        """Return the session's id, creating the session and its poll task when needed."""
        with self.lock:
            if self.session_id is None:
                self.session_id = self.janus.create_session()
                self.spawn(self._poll, self.session_id)
            return self.session_id

    def close(self) -> None:
        self.closed = True
        session_id, self.session_id = self.session_id, None
        if session_id is not None:
            try:
                self.janus.destroy_session(session_id)
            except (JanusError, requests.RequestException):
                log.info("janus session %s was already gone", session_id)

    def _poll(self, session_id: int) -> None:
        while not self.closed and self.session_id == session_id:
            try:
                events = self.janus.poll(session_id)
            except JanusError as error:
                if error.code == NO_SUCH_SESSION:
                    log.warning("janus session %s timed out; a new one is made", session_id)
                    with self.lock:
                        if self.session_id == session_id:
                            self.session_id = None
                    return
                log.warning("janus poll refused: %s", error)
                continue
            except (requests.RequestException, ValueError):
                if self.closed:
                    return
                log.warning("janus poll failed; polling again", exc_info=True)
                continue
            for event in events:
                self._dispatch(event)

    def _dispatch(self, event: dict) -> None:
        waiter = self.waiters.pop(event.get("transaction") or "", None)
        if waiter is not None and event.get("janus") == "event":
            waiter.event = event
            waiter.done.set()
            return
        handle_id = event.get("sender")
        try:
            self.on_event(int(handle_id) if handle_id else 0, event)
        except Exception:
            log.exception("a janus event could not be handled")

    # Handles --------------------------------------------------------------------------------

    def attach(self) -> int:
        """Attach a new VideoRoom handle; return its id."""
        session_id = self.ensure()
        answer = self.janus.post(f"/{session_id}", {"janus": "attach", "plugin": VIDEOROOM})
        return int(answer["data"]["id"])

    def detach(self, handle_id: int) -> None:
        """Detach a handle (hangs up its media); a handle already gone is fine."""
        if self.session_id is None:
            return
        try:
            self.janus.post(f"/{self.session_id}/{handle_id}", {"janus": "detach"})
        except JanusError as error:
            log.info("janus handle %s was already gone: %s", handle_id, error)

    def request(self, handle_id: int, body: dict) -> dict:
        """Send a VideoRoom request answered at once; return the plugin's data."""
        answer = self.janus.post(
            f"/{self.ensure()}/{handle_id}", {"janus": "message", "body": body}
        )
        return _plugin_data(answer)

    def message(self, handle_id: int, body: dict, jsep: dict | None = None) -> tuple[dict, dict]:
        """Send a VideoRoom request answered later; return its (plugin data, jsep or {})."""
        transaction = _transaction()
        waiter = self.waiters[transaction] = Waiter()
        message = {"janus": "message", "body": body, "transaction": transaction}
        if jsep is not None:
            message["jsep"] = jsep
        try:
            answer = self.janus.post(f"/{self.ensure()}/{handle_id}", message)
            if answer.get("janus") == "success":
                return _plugin_data(answer), answer.get("jsep") or {}
            if not waiter.done.wait(self.janus.timeout):
                raise JanusError(0, f"no answer to {body.get('request')} in time")
        finally:
            self.waiters.pop(transaction, None)
        event = waiter.event or {}
        return _plugin_data(event), event.get("jsep") or {}

    def trickle(self, handle_id: int, candidate: dict | None) -> None:
        """Hand Janus one of the browser's ICE candidates (None: gathering is complete)."""
        self.janus.post(
            f"/{self.ensure()}/{handle_id}",
            {"janus": "trickle", "candidate": candidate or {"completed": True}},
        )


def _plugin_data(answer: dict) -> dict:
    data = (answer.get("plugindata") or {}).get("data") or {}
    if "error_code" in data:
        raise JanusError(int(data["error_code"]), str(data.get("error", "")))
    return data


def _thread(target, *args) -> None:
    threading.Thread(target=target, args=args, daemon=True, name="janus-poll").start()
