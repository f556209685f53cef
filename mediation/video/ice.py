"""ICE servers for a participant: STUN as configured, TURN with time-limited credentials."""

import base64
import hashlib
import hmac
import time


def turn_credentials(secret: str, user: str, ttl: int, now: float | None = None) -> tuple[str, str]:
    """Return (username, credential) by the coturn REST scheme.

    The username is "<expiry>:<user>"; the credential is the base64 HMAC-SHA1 of that username
    under the shared secret.
    """
    expiry = int((time.time() if now is None else now) + ttl)
    username = f"{expiry}:{user}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def ice_servers(config, participant_id: int, now: float | None = None) -> list[dict]:
    """Return RTCPeerConnection iceServers for one authenticated participant."""
    servers = []
    if config.get("ICE_STUN_URLS"):
        servers.append({"urls": list(config["ICE_STUN_URLS"])})
    if config.get("TURN_URLS") and config.get("TURN_SECRET"):
        username, credential = turn_credentials(
            config["TURN_SECRET"], str(participant_id), int(config["TURN_TTL"]), now
        )
        servers.append(
            {"urls": list(config["TURN_URLS"]), "username": username, "credential": credential}
        )
    return servers
