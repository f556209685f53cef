"""One way to tell people things, with backends: log, SMTP e-mail, an SMS gateway webhook.

Notifications go through the outbox: `notify` writes a row in the caller's transaction and the
scheduler process sends it, so nothing is sent for a change that was rolled back, and a send
that fails is retried.

A message is written in its recipient's language, not in that of whoever caused it: `notify`
renders lazy texts (`_l`) under the recipient's locale, and callers that build text with `_()`
do so inside `in_language_of(person)`.
"""

import hashlib
import hmac
import json
import smtplib
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from email.message import EmailMessage
from typing import TypeVar

from flask import current_app
from flask_babel import LazyString, force_locale

from mediation.core import outbox
from mediation.core.people import Person

SENT: list[dict] = []  # what the "memory" backend has sent, for tests
# Whoever is notified: a user, or anything shaped like one.
P = TypeVar("P", bound=Person)

INVITE_FILENAME = "invite.ics"
# How long a backend waits on its server before giving up; an outbox claim must last longer.
SEND_TIMEOUT_SECONDS = {"smtp": 30, "webhook": 15}


def language_of(person: object) -> str:
    """Return the locale a person chose, or the default (Chinese) when they chose none."""
    config = current_app.config
    choice = getattr(person, "locale", None)
    return choice if choice in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


@contextmanager
def in_language_of(person: object) -> Iterator[None]:
    """Translate the texts built inside the block into a person's language."""
    with force_locale(language_of(person)):
        yield


def notify(
    user: Person,
    subject: str | LazyString,
    body: str | LazyString,
    *,
    ics: tuple[str, str] | None = None,
    due_at: datetime | None = None,
    dedupe_key: str | None = None,
) -> outbox.OutboxMessage:
    """Queue a message to a person; `ics` is (METHOD, calendar text) for an invitation."""
    with in_language_of(user):
        subject, body = str(subject), str(body)
    payload = {
        "user_id": user.id,
        "name": user.name,
        "email": user.email,
        "mobile": user.mobile,
        "subject": subject,
        "body": body,
    }
    if ics is not None:
        payload["ics"] = {"method": ics[0], "content": ics[1]}
    return outbox.enqueue("notify", payload, due_at, user.id, dedupe_key)


def text_mobile(
    mobile: str,
    subject: str,
    body: str,
    *,
    due_at: datetime | None = None,
    dedupe_key: str | None = None,
) -> outbox.OutboxMessage:
    """Queue a text message to a mobile number that may have no account (a party, a code)."""
    payload = {
        "user_id": None,
        "email": None,
        "mobile": mobile,
        "subject": str(subject),
        "body": str(body),
    }
    return outbox.enqueue("notify", payload, due_at, None, dedupe_key)


def channels_of(message: dict) -> list[str]:
    """Say how a message goes out: a text to the mobile, an e-mail to the address."""
    ways = []
    if message.get("mobile"):
        ways.append(f"SMS to {message['mobile']}")
    if message.get("email"):
        ways.append(f"e-mail to {message['email']}")
    return ways or ["nobody (no mobile, no e-mail)"]


def attachment_names(message: dict) -> list[str]:
    """Name the files an e-mail of this message carries."""
    return [INVITE_FILENAME] if message.get("ics") else []


def format_for_console(message: dict) -> str:
    """Write a message as a block a developer can read in a terminal."""
    who = message.get("name") or "-"
    if message.get("user_id"):
        who = f"{who} (user {message['user_id']})"
    lines = [
        f"==== notification #{message.get('outbox_id', '-')} ".ljust(72, "="),
        f"By:      {'; '.join(channels_of(message))}",
        f"To:      {who}",
        f"Subject: {message['subject']}",
    ]
    if message.get("idempotency_key"):
        lines.append(f"Key:     {message['idempotency_key']}")
    if message.get("ics"):
        lines.append(f"Attached: {INVITE_FILENAME} (METHOD:{message['ics']['method']})")
    lines += ["", message["body"], ""]
    return "\n".join(lines)


def _log_backend(message: dict) -> None:
    # Printed, not logged: in development nobody configures logging, and this is the only
    # place a newcomer sees what a party would receive.
    print(format_for_console(message), file=sys.stderr, flush=True)


def _memory_backend(message: dict) -> None:
    SENT.append(message)


def _smtp_backend(message: dict) -> None:
    config = current_app.config
    if not message.get("email"):
        return
    email = EmailMessage()
    if message.get("idempotency_key"):
        # A retried send carries the same Message-ID, so mail systems can tell it is a repeat.
        domain = config["MAIL_FROM"].rpartition("@")[2] or "mediation.local"
        email["Message-ID"] = f"<{message['idempotency_key']}@{domain}>"
    email["From"] = config["MAIL_FROM"]
    email["To"] = message["email"]
    email["Subject"] = message["subject"]
    email.set_content(message["body"])
    if "ics" in message:
        method = message["ics"]["method"]
        email.add_alternative(
            message["ics"]["content"].encode(),
            maintype="text",
            subtype="calendar",
            params={"method": method, "charset": "UTF-8"},
        )
        email.add_attachment(
            message["ics"]["content"].encode(),
            maintype="application",
            subtype="ics",
            filename=INVITE_FILENAME,
        )
    with smtplib.SMTP(
        config["SMTP_HOST"], config["SMTP_PORT"], timeout=SEND_TIMEOUT_SECONDS["smtp"]
    ) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USER"]:
            smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
        smtp.send_message(email)


def _webhook_backend(message: dict) -> None:
    """POST the text to an SMS gateway, signed with HMAC-SHA256 over the body.

    The message's idempotency key goes in the `Idempotency-Key` header and the body: a send
    retried after a crash carries the same key, so the gateway can drop the repeat.
    """
    config = current_app.config
    key = message.get("idempotency_key") or ""
    body = json.dumps(
        {
            "mobile": message["mobile"],
            "text": f"{message['subject']}\n{message['body']}",
            "idempotency_key": key,
        },
        ensure_ascii=False,
    ).encode()
    signature = hmac.new(config["SMS_WEBHOOK_SECRET"].encode(), body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Signature": f"sha256={signature}"}
    if key:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(  # noqa: S310 (the URL comes from configuration)
        config["SMS_WEBHOOK_URL"], data=body, headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=SEND_TIMEOUT_SECONDS["webhook"]) as response:  # noqa: S310
        if response.status >= 300:
            raise RuntimeError(f"SMS gateway answered {response.status}")


def longest_send_seconds(backends: tuple[str, ...]) -> int:
    """Return how long one message may take through these backends before they give up."""
    return max((SEND_TIMEOUT_SECONDS.get(name, 0) for name in backends), default=0)


BACKENDS = {
    "log": _log_backend,
    "memory": _memory_backend,
    "smtp": _smtp_backend,
    "webhook": _webhook_backend,
}


@outbox.handler("notify")
def send_notification(message: dict) -> None:
    for name in current_app.config["NOTIFY_BACKENDS"]:
        BACKENDS[name](message)


def recipients(*users: P | None) -> list[P]:
    """Return the distinct, present users among those given."""
    seen: set[int] = set()
    result: list[P] = []
    for user in users:
        if user is not None and user.id not in seen:
            seen.add(user.id)
            result.append(user)
    return result
