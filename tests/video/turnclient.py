"""A TURN Allocate request over UDP (RFC 5766 on RFC 5389), enough to ask coturn whether it
accepts a set of credentials: no relaying, no refresh, no channels."""

import hashlib
import hmac
import os
import socket
import struct

MAGIC = 0x2112A442
ALLOCATE, ALLOCATE_OK, ALLOCATE_ERROR = 0x0003, 0x0103, 0x0113
USERNAME, MESSAGE_INTEGRITY, ERROR_CODE = 0x0006, 0x0008, 0x0009
REALM, NONCE, REQUESTED_TRANSPORT = 0x0014, 0x0015, 0x0019
UDP = bytes([17, 0, 0, 0])


def _attribute(kind: int, value: bytes) -> bytes:
    return struct.pack("!HH", kind, len(value)) + value + b"\0" * (-len(value) % 4)


def _message(kind: int, attributes: bytes, integrity_key: bytes | None = None) -> bytes:
    txid = os.urandom(12)
    if integrity_key is None:
        return struct.pack("!HHI", kind, len(attributes), MAGIC) + txid + attributes
    # The integrity covers the header with the length it has once the attribute is added.
    head = struct.pack("!HHI", kind, len(attributes) + 24, MAGIC) + txid
    digest = hmac.new(integrity_key, head + attributes, hashlib.sha1).digest()
    return head + attributes + _attribute(MESSAGE_INTEGRITY, digest)


def _parse(data: bytes) -> tuple[int, dict[int, bytes]]:
    kind, length, _magic = struct.unpack("!HHI", data[:8])
    attributes, at = {}, 20
    while at < 20 + length:
        a_kind, a_length = struct.unpack("!HH", data[at : at + 4])
        attributes[a_kind] = data[at + 4 : at + 4 + a_length]
        at += 4 + a_length + (-a_length % 4)
    return kind, attributes


def _ask(sock: socket.socket, message: bytes) -> tuple[int, dict[int, bytes]]:
    sock.send(message)
    return _parse(sock.recv(2048))


def allocate(host: str, port: int, username: str, password: str, timeout: float = 5) -> int:
    """Ask for a relayed UDP address; return 200 when coturn grants it, else its error code."""
    transport = _attribute(REQUESTED_TRANSPORT, UDP)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.connect((host, port))
        # The first request, without credentials, is answered 401 with the realm and a nonce.
        kind, attributes = _ask(sock, _message(ALLOCATE, transport))
        if kind != ALLOCATE_ERROR or REALM not in attributes:
            raise RuntimeError(f"unexpected answer to an unauthenticated Allocate: {kind:#06x}")
        realm, nonce = attributes[REALM], attributes[NONCE]
        key = hashlib.md5(  # noqa: S324 (the long-term credential key is MD5 by RFC 5389)
            username.encode() + b":" + realm + b":" + password.encode()
        ).digest()
        signed = (
            transport
            + _attribute(USERNAME, username.encode())
            + _attribute(REALM, realm)
            + _attribute(NONCE, nonce)
        )
        kind, attributes = _ask(sock, _message(ALLOCATE, signed, key))
    if kind == ALLOCATE_OK:
        return 200
    error = attributes.get(ERROR_CODE, b"\0\0\0\0")
    return error[2] * 100 + error[3]
