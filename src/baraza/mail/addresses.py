"""The addresses Baraza's email comes from and goes to.

- ``reply+<token>@<domain>``: the Reply-To of every notification, one per member and topic.
  The token carries the member, the topic and the day it was issued, signed with an HMAC over
  those and the member's ``reply_key``: it expires after ``BARAZA_REPLY_TOKEN_DAYS`` days, and
  a new ``reply_key`` revokes every address issued before.
- ``<community-slug>@<domain>``: a member writes here to start a topic.

Tokens are lower-case base-36 and base-32, because some mail servers lower-case the local part.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare

from baraza.accounts.models import User
from baraza.discussions.models import Topic

REPLY_PREFIX = "reply+"
UNSUBSCRIBE_PREFIX = "unsubscribe+"
# Local parts that are never community addresses.
RESERVED = {"reply", "unsubscribe", "noreply", "no-reply", "postmaster", "abuse", "mailer-daemon"}
DAY = 86_400


class BadToken(Exception):
    """The reply address can't be used: ``reason`` is "malformed", "forged" or "expired"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _mac(user_id: int, topic_id: int, day: int, reply_key: str) -> str:
    key = hashlib.sha256(f"baraza.mail.reply:{settings.SECRET_KEY}".encode()).digest()
    message = f"{user_id}.{topic_id}.{day}.{reply_key}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()[:10]
    return base64.b32encode(digest).decode().lower()


def reply_token(user_id: int, topic_id: int, reply_key: str, *, now: float | None = None) -> str:
    day = int((time.time() if now is None else now) // DAY)
    mac = _mac(user_id, topic_id, day, reply_key)
    return f"{_b36(user_id)}.{_b36(topic_id)}.{_b36(day)}.{mac}"


def reply_address(user_id: int, topic_id: int, reply_key: str) -> str:
    token = reply_token(user_id, topic_id, reply_key)
    return f"{REPLY_PREFIX}{token}@{settings.BARAZA_MAIL_DOMAIN}"


@dataclass(frozen=True)
class ReplyTarget:
    user: User
    topic: Topic


def verify_reply_token(token: str, *, now: float | None = None) -> ReplyTarget:
    """The member and topic a reply token was issued for, or ``BadToken``."""
    from baraza.mail.queries import profile_of

    parts = token.lower().split(".")
    if len(parts) != 4:
        raise BadToken("malformed")
    try:
        user_id, topic_id, day = (int(part, 36) for part in parts[:3])
    except ValueError:
        raise BadToken("malformed") from None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    topic = Topic.objects.select_related("community").filter(pk=topic_id).first()
    if user is None or topic is None:
        raise BadToken("forged")
    expected = _mac(user_id, topic_id, day, profile_of(user).reply_key)
    if not constant_time_compare(expected, parts[3]):
        raise BadToken("forged")
    today = int((time.time() if now is None else now) // DAY)
    if not 0 <= today - day <= settings.BARAZA_REPLY_TOKEN_DAYS:
        raise BadToken("expired")
    return ReplyTarget(user=user, topic=topic)


def community_address(slug: str) -> str:
    return f"{slug}@{settings.BARAZA_MAIL_DOMAIN}"


@dataclass(frozen=True)
class Recipient:
    """What an inbound address is for: ``kind`` is "reply", "community" or "unknown"."""

    kind: str
    value: str = ""


def classify(address: str) -> Recipient:
    """Read an inbound recipient address (``reply+…@``, ``<slug>@`` or anything else)."""
    local, _at, domain = address.strip().strip("<>").rpartition("@")
    if not local or domain.lower() != settings.BARAZA_MAIL_DOMAIN:
        return Recipient("unknown")
    local = local.lower()
    if local.startswith(REPLY_PREFIX):
        return Recipient("reply", local[len(REPLY_PREFIX) :])
    base = local.split("+", 1)[0]
    if base in RESERVED or not base:
        return Recipient("unknown")
    return Recipient("community", base)
