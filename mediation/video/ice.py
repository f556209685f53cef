"""ICE servers for a participant: STUN as configured, TURN with time-limited credentials."""

import base64
import enum
import hashlib
import hmac
import time
from collections.abc import Mapping

# RTCConfiguration.iceTransportPolicy: "all" lets the browsers try every path, "relay" sends
# every call through TURN (to check the relay, or where a direct path must not be used).
TRANSPORT_POLICIES = ("all", "relay")


class IceGap(enum.Enum):
    """What is missing from the ICE configuration for calls to work in the field."""

    NOTHING = "nothing"  # neither STUN nor TURN: only people on one network can connect
    NO_TURN = "no_turn"  # STUN only: strict NATs and many mobile networks cannot connect
    # TURN_URLS without TURN_SECRET: the relay is never offered.
    NO_SECRET = "no_secret"  # noqa: S105 (a name, not a secret)


def turn_credentials(secret: str, user: str, ttl: int, now: float | None = None) -> tuple[str, str]:
    """Return (username, credential) by the coturn REST scheme.

    The username is "<expiry>:<user>", the expiry being `ttl` seconds after `now` (Unix time);
    the credential is the base64 HMAC-SHA1 of that username under the shared secret.
    """
    expiry = int((time.time() if now is None else now) + ttl)
    username = f"{expiry}:{user}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def has_turn(config: Mapping) -> bool:
    """Tell whether TURN is configured completely: URLs and the shared secret."""
    return bool(config.get("TURN_URLS") and config.get("TURN_SECRET"))


def ice_servers(config: Mapping, participant_id: int, now: float | None = None) -> list[dict]:
    """Return RTCPeerConnection iceServers for one authenticated participant."""
    servers: list[dict] = []
    if config.get("ICE_STUN_URLS"):
        servers.append({"urls": list(config["ICE_STUN_URLS"])})
    if has_turn(config):
        username, credential = turn_credentials(
            config["TURN_SECRET"], str(participant_id), int(config["TURN_TTL"]), now
        )
        servers.append(
            {"urls": list(config["TURN_URLS"]), "username": username, "credential": credential}
        )
    return servers


def ice_gap(config: Mapping) -> IceGap | None:
    """Return what the ICE configuration lacks for calls in the field, or None."""
    if config.get("TURN_URLS") and not config.get("TURN_SECRET"):
        return IceGap.NO_SECRET
    if has_turn(config):
        return None
    return IceGap.NO_TURN if config.get("ICE_STUN_URLS") else IceGap.NOTHING


def transport_policy(config: Mapping) -> str:
    """Return the configured ICE transport policy, or raise ValueError when it cannot work."""
    policy = str(config.get("ICE_TRANSPORT_POLICY") or "all").strip().lower()
    if policy not in TRANSPORT_POLICIES:
        raise ValueError(
            f"ICE_TRANSPORT_POLICY={policy!r} is not one of {', '.join(TRANSPORT_POLICIES)}"
        )
    if policy == "relay" and not has_turn(config):
        raise ValueError("ICE_TRANSPORT_POLICY=relay needs TURN_URLS and TURN_SECRET")
    return policy
