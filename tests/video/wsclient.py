"""A minimal Socket.IO client over a plain websocket (Engine.IO 4), for tests and the benchmark.

python-socketio's own client needs packages this project does not install (websocket-client or
requests); simple-websocket, which the server uses, has a client, and the protocol is small.
"""

import json
import socket
import threading
import time

import simple_websocket


class _Client(simple_websocket.Client):
    """simple-websocket's client, reading every frame that came with the server's 101 response.

    When the server's first frame (Engine.IO's open packet) arrives in the same read as the
    101 response, simple-websocket takes only the handshake event and leaves that frame in
    wsproto's buffer until more bytes arrive, which is the server's ping 25 seconds later.
    """

    def handshake(self):
        super().handshake()
        self.connected = self._handle_events()

    def close(self, reason=None, message=None):
        # simple-websocket closes the socket while its reader thread may still read from it;
        # once the descriptor's number is reused (a file, a pipe), that thread reads from the
        # newcomer. Send the close frame, wake the reader, let it end, then close.
        simple_websocket.ws.Base.close(self, reason=reason, message=message)
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.thread.join(5)
        self.sock.close()


class SignalClient:
    def __init__(
        self,
        base: str,
        auth: dict,
        namespace: str = "/signal",
        timeout: float = 10,
        ssl_context=None,
    ):
        # http://... becomes ws://..., https://... becomes wss://...
        url = "ws" + base.removeprefix("http") + "/socket.io/?EIO=4&transport=websocket"
        self.namespace = namespace
        self.ws = _Client.connect(url, ssl_context=ssl_context)
        self.handlers: dict = {}
        self.events: dict[str, list] = {}
        self.arrived = threading.Condition()
        self.connected = threading.Event()
        self.refused = None
        self.closed = False
        opening = self.ws.receive(timeout=timeout)
        if not opening or not opening.startswith("0"):
            raise ConnectionError(f"no Engine.IO handshake: {opening!r}")
        self.ws.send(f"40{namespace}," + json.dumps(auth))
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        if not self.connected.wait(timeout) or self.refused is not None:
            self.close()
            raise ConnectionError(f"refused: {self.refused}")

    def on(self, event: str, handler) -> None:
        self.handlers[event] = handler

    def _read(self) -> None:
        prefix = f"4{{}}{self.namespace},"
        while not self.closed:
            try:
                message = self.ws.receive(timeout=1)
            except simple_websocket.ConnectionClosed:
                break
            if message is None:
                continue
            if message == "2":
                self.ws.send("3")
            elif message.startswith(prefix.format(0)):
                self.connected.set()
            elif message.startswith(prefix.format(4)):
                self.refused = json.loads(message[len(prefix.format(4)) :] or "null")
                self.connected.set()
            elif message.startswith(prefix.format(1)):
                break
            elif message.startswith(prefix.format(2)):
                event, *args = json.loads(message[len(prefix.format(2)) :])
                data = args[0] if args else None
                handler = self.handlers.get(event)
                if handler:
                    handler(data)
                with self.arrived:
                    self.events.setdefault(event, []).append(data)
                    self.arrived.notify_all()
        self.closed = True
        with self.arrived:
            self.arrived.notify_all()

    def emit(self, event: str, data) -> None:
        self.ws.send(f"42{self.namespace}," + json.dumps([event, data], separators=(",", ":")))

    def wait_for(self, event: str, test=lambda data: True, timeout: float = 20):
        deadline = time.monotonic() + timeout
        with self.arrived:
            while True:
                found = [d for d in self.events.get(event, []) if test(d)]
                if found:
                    return found[-1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {event!r} arrived; got {list(self.events)}")
                self.arrived.wait(left)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                self.ws.send(f"41{self.namespace},")
                self.ws.close()
            except Exception:  # noqa: S110 (already gone)
                pass
