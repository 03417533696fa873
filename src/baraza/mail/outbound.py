"""Building the emails Baraza sends about discussions: headers that let mail clients thread a
topic, a Reply-To that posts the answer, and RFC 8058 one-click unsubscribe.

Every message is rendered by the caller inside ``translation.override(member.language)`` and
``timezone.override(member.timezone)``; this module adds what every message needs.
"""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

UNSUBSCRIBE_SALT = "baraza.mail.unsubscribe"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- One-click unsubscribe ------------------------------------------------------------------
# A scope says what the link stops: "t<id>" a topic, "c<id>" a community, "h<id>" a theme,
# "daily"/"weekly" a digest, "mentions", or "all". The links never expire: RFC 8058 asks that
# an unsubscribe link keep working as long as the messages that carry it might be read.


def unsubscribe_token(user_id: int, scope: str) -> str:
    return signing.dumps({"u": user_id, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    scope = data.get("s")
    return (data["u"], scope) if isinstance(scope, str) else None


def unsubscribe_url(user_id: int, scope: str) -> str:
    """In the active language (the recipient's: callers render inside their language)."""
    return absolute(reverse("mail:unsubscribe", args=[unsubscribe_token(user_id, scope)]))


# --- Threading ------------------------------------------------------------------------------


def topic_message_id(topic_id: int) -> str:
    """The id every email about a topic refers to, so mail clients show one thread."""
    return f"<topic.{topic_id}@{settings.BARAZA_MAIL_DOMAIN}>"


def post_message_id(post_id: int, user_id: int) -> str:
    return f"<post.{post_id}.{user_id}@{settings.BARAZA_MAIL_DOMAIN}>"


def from_address(name: str = "") -> str:
    """The site's sender address, shown as "Awa Diop (Baraza)" when a member wrote the post."""
    site_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if name:
        return formataddr((f"{name} ({settings.SITE_NAME})", address))
    return formataddr((site_name or settings.SITE_NAME, address))


def build(
    *,
    to: str,
    subject: str,
    text: str,
    html: str,
    unsubscribe: str,
    sender_name: str = "",
    reply_to: str | None = None,
    message_id: str | None = None,
    thread: str | None = None,
    list_id: str | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """One notification or digest: plain text first, an HTML alternative, and the headers."""
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # Out-of-office replies and other robots should not answer (RFC 3834).
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
    }
    if message_id:
        headers["Message-ID"] = message_id
    if thread:
        headers["In-Reply-To"] = thread
        headers["References"] = thread
    if list_id:
        headers["List-Id"] = f"<{list_id}.{settings.BARAZA_MAIL_DOMAIN}>"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=from_address(sender_name),
        to=[to],
        reply_to=[reply_to] if reply_to else None,
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


# --- The line above which a reply is written ------------------------------------------------


def reply_marker() -> str:
    from django.utils.translation import gettext

    return gettext("Write your reply above this line to post it in the discussion.")


def reply_markers() -> list[str]:
    """The marker in every language: an email reply is cut where any of them appears."""
    from django.utils import translation

    markers = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            markers.append(reply_marker())
    return markers
