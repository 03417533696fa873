"""Email into Baraza: an answer to a notification posts a reply, and a message to a community's
address starts a topic.

``receive`` takes one raw message (from ``baraza mail-in`` or ``baraza smtpd``) and never
raises. Every message is recorded once, by Message-ID, with what became of it:

- posted: through ``discussions.services``, the same services the web forms use;
- ignored: auto-replies, bounces and our own mail (answering them would start a mail loop);
- rejected: the sender gets one short email saying why (at most a few an hour), in their
  language if they are a member, in every language of the site otherwise.
"""

from __future__ import annotations

import hashlib
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMessage as OutgoingEmail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from baraza.accounts.models import User
from baraza.communities.models import Community
from baraza.core.policies import Refused, can
from baraza.core.uploads import check_upload, human_size
from baraza.discussions import services as discussion_services
from baraza.discussions.models import Post, Topic, TopicState, Via
from baraza.mail import addresses, outbound
from baraza.mail.models import InboundMessage, Outcome
from baraza.mail.parsing import (
    Incoming,
    attachments,
    automatic,
    body_text,
    clean_body,
    digest,
    is_ours,
    read,
    recipient_of,
    topic_title,
)

logger = logging.getLogger("baraza.mail")

MAX_BODY = 20_000
# Rejection emails per sender address and hour: forged mail must not make Baraza a source of
# backscatter.
ANSWERS_PER_HOUR = 5

# Why a message was not posted, by reason code (``InboundMessage.reason``). The values are
# filled in the language of the answer: the addresses of pages carry the language too.
REASONS = {
    "too_big": _("Your email is %(size)s; emails can be at most %(limit)s, attachments included."),
    "expired": _(
        "This reply address has expired: reply addresses work for %(days)s days after the "
        "email that carried them. Reply to a more recent email, or on the website: %(url)s"
    ),
    "bad_address": _(
        "This reply address is not valid: it was mistyped, or replaced by a newer one. Reply "
        "to the most recent email about the discussion, or on the website: %(url)s"
    ),
    "wrong_sender": _(
        "You wrote from an address that is not the one this reply address was made for. "
        "Reply from the address our emails reach you at, or on the website: %(url)s"
    ),
    "unknown_sender": _(
        "Only members can post by email, from the address of their account, and no member "
        "uses %(address)s. Sign up, or add this address to your account, on the website: "
        "%(url)s"
    ),
    "no_such_address": _(
        "There is no community at %(address)s. Each community's page on the website gives "
        "the address to write to: %(url)s"
    ),
    "no_subject": _(
        "Your email has no subject. Write the title of your new topic as the subject, then "
        "send your email again."
    ),
    "empty": _(
        "We found nothing to post in your email. Write your text at the top of the email, "
        "above any quoted message."
    ),
    "too_long": _("Your text is %(length)s characters long; a post can be at most %(limit)s."),
    "too_many_files": _("You can attach at most 5 files to a post."),
    "locked": _(
        "This topic is locked: it accepts no new replies. You can still read it on the "
        "website: %(url)s"
    ),
    "closed": _(
        "This topic was closed with a summary: it accepts no new replies. You can read it on "
        "the website: %(url)s"
    ),
    "hidden": _("This topic was hidden by a facilitator: it accepts no new replies."),
    "not_member": _(
        "Only members of %(community)s can post there. Join the community on the website "
        "first: %(url)s"
    ),
    # "attachment" and "refused" carry their own text (the file check's, the service's).
    "attachment": "%(text)s",
    "refused": "%(text)s",
}


class Ignored(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class Rejected(Exception):
    """A reason code and the values its text needs; a callable value is called in the
    language of the answer."""

    def __init__(self, code: str, **values):
        super().__init__(code)
        self.code, self.values = code, values

    def explain(self) -> str:
        values = {k: v() if callable(v) else v for k, v in self.values.items()}
        return str(REASONS[self.code]) % values


def receive(raw: bytes, *, recipients: list[str] | None = None) -> InboundMessage:
    """Post, reject or ignore one email; ``recipients`` are the SMTP envelope's RCPT TO.

    Never raises: an unexpected error is logged and recorded as ignored, reason "error"."""
    try:
        return _receive(raw, recipients or [])
    except Exception:
        logger.exception("inbound email not handled")
        return _record_error(raw)


def _receive(raw: bytes, recipients: list[str]) -> InboundMessage:
    incoming = read(raw)
    found = InboundMessage.objects.filter(message_id=incoming.message_id).first()
    if found is not None:
        return found
    recipient = recipient_of(incoming.message, recipients)
    record = InboundMessage(
        message_id=incoming.message_id,
        sender=incoming.sender[:254],
        recipient=recipient[:254],
        subject=incoming.subject[:200],
        outcome=Outcome.IGNORED,
        reason="processing",
    )
    rejection = None
    try:
        with transaction.atomic():
            # The row is a claim: a second delivery arriving meanwhile waits on the unique
            # Message-ID, then fails, so the message never posts twice.
            record.save()
            try:
                record.post = _handle(incoming, recipient)
                record.outcome, record.reason = Outcome.POSTED, ""
            except Ignored as exc:
                record.reason = exc.code
            except Rejected as exc:
                record.outcome, record.reason, rejection = Outcome.REJECTED, exc.code, exc
            record.save()
    except IntegrityError:
        found = InboundMessage.objects.filter(message_id=incoming.message_id).first()
        if found is None:
            raise
        return found
    if rejection is not None:
        _answer(incoming, rejection)
    return record


def _record_error(raw: bytes) -> InboundMessage:
    record = InboundMessage(message_id=digest(raw), outcome=Outcome.IGNORED, reason="error")
    try:
        record.message_id = read(raw).message_id
        record, _created = InboundMessage.objects.get_or_create(
            message_id=record.message_id, defaults={"outcome": record.outcome, "reason": "error"}
        )
    except Exception:
        logger.exception("inbound email not recorded")
    return record


def _handle(incoming: Incoming, recipient: str) -> Post:
    robot = automatic(incoming)
    if robot:
        raise Ignored(robot)
    limit = settings.BARAZA_MAIL_MAX_MB * 1024 * 1024
    if incoming.size > limit:
        raise Rejected(
            "too_big", size=lambda: human_size(incoming.size), limit=lambda: human_size(limit)
        )
    target = addresses.classify(recipient)
    if target.kind == "reply":
        return _reply(incoming, target.value)
    if target.kind == "community":
        return _new_topic(incoming, target.value, recipient)
    raise Rejected("no_such_address", address=recipient or "?", url=_site_url)


# --- Posting ----------------------------------------------------------------------------------


def member_for(address: str) -> User | None:
    """The active member who uses ``address``: their account's, or another they verified."""
    if not address:
        return None
    found = User.objects.filter(email__iexact=address, is_active=True).first()
    if found is None:
        verified = EmailAddress.objects.filter(
            email__iexact=address, verified=True, user__is_active=True
        ).first()
        found = verified.user if verified is not None else None
    return found


def _uses(user: User, address: str) -> bool:
    return user.email.lower() == address.lower() or (
        EmailAddress.objects.filter(user=user, email__iexact=address, verified=True).exists()
    )


def _reply(incoming: Incoming, token: str) -> Post:
    try:
        target = addresses.verify_reply_token(token)
    except addresses.BadToken as exc:
        code = "expired" if exc.reason == "expired" else "bad_address"
        raise Rejected(code, days=settings.BARAZA_REPLY_TOKEN_DAYS, url=_site_url) from None
    author, topic = target.user, target.topic
    if not _uses(author, incoming.sender):
        raise Rejected("wrong_sender", url=lambda: _topic_url(topic))
    body, files = _content(incoming)
    try:
        return discussion_services.post_reply(
            topic=topic,
            author=author,
            body=body,
            language=author.language,
            files=files,
            via=Via.EMAIL,
        )
    except Refused as exc:
        raise _reply_refused(topic, author, exc) from None


def _reply_refused(topic: Topic, author: User, exc: Refused) -> Rejected:
    """What the service refused, said precisely."""
    topic.refresh_from_db()
    if topic.state in (TopicState.LOCKED, TopicState.CLOSED):
        return Rejected(topic.state, url=lambda: _topic_url(topic))
    if topic.is_hidden:
        return Rejected("hidden")
    community = topic.community
    if not can(author, "post", community):
        return Rejected(
            "not_member", community=lambda: community.name, url=lambda: _community_url(community)
        )
    return Rejected("refused", text=lambda: str(exc.reason or exc))


def _new_topic(incoming: Incoming, slug: str, recipient: str) -> Post:
    community = Community.objects.filter(slug=slug).first()
    author = member_for(incoming.sender)
    # A private community is no address at all to those who can't see it.
    if community is None or not can(author or AnonymousUser(), "see", community):
        raise Rejected("no_such_address", address=recipient, url=_site_url)
    if author is None:
        raise Rejected("unknown_sender", address=incoming.sender, url=_site_url)
    title = topic_title(incoming.subject)
    if not title:
        raise Rejected("no_subject")
    body, files = _content(incoming)
    try:
        topic = discussion_services.start_topic(
            author=author,
            community=community,
            title=title,
            body=body,
            language=author.language,
            files=files,
            via=Via.EMAIL,
        )
    except Refused:
        raise Rejected(
            "not_member", community=lambda: community.name, url=lambda: _community_url(community)
        ) from None
    return topic.posts.get(number=1)


def _content(incoming: Incoming) -> tuple[str, list[SimpleUploadedFile]]:
    """The body and the files to post, each checked before anything is written."""
    body = clean_body(body_text(incoming.message))
    if not body.strip():
        raise Rejected("empty")
    if len(body) > MAX_BODY:
        raise Rejected("too_long", length=len(body), limit=MAX_BODY)
    files = attachments(incoming.message)
    if len(files) > discussion_services.MAX_ATTACHMENTS:
        raise Rejected("too_many_files")
    for uploaded in files:
        try:
            check_upload(uploaded)
        except ValidationError:
            raise Rejected("attachment", text=lambda f=uploaded: _upload_error(f)) from None
    return body, files


def _upload_error(uploaded) -> str:
    """The file check's own message, in the active language (the check is run again)."""
    try:
        check_upload(uploaded)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def _site_url() -> str:
    return outbound.absolute(reverse("home"))


def _topic_url(topic: Topic) -> str:
    return outbound.absolute(reverse("discussions:topic", args=[topic.pk]))


def _community_url(community: Community) -> str:
    return outbound.absolute(reverse("communities:detail", args=[community.slug]))


# --- The answer to a rejected message ---------------------------------------------------------


def _may_answer(address: str) -> bool:
    key = "baraza.mail.answers." + hashlib.sha256(address.lower().encode()).hexdigest()
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) <= ANSWERS_PER_HOUR
    except ValueError:  # the hour ran out between the two calls
        cache.set(key, 1, timeout=3600)
        return True


def _answer(incoming: Incoming, rejection: Rejected) -> None:
    """One short email saying why nothing was posted; never with the text that was sent."""
    if automatic(incoming) or is_ours(incoming.sender):
        return
    if not _may_answer(incoming.sender):
        logger.warning("rejection not answered: too many this hour", extra={"code": rejection.code})
        return
    try:
        _rejection_email(incoming, rejection).send()
    except Exception:
        logger.exception("rejection not answered", extra={"code": rejection.code})


def _rejection_email(incoming: Incoming, rejection: Rejected) -> OutgoingEmail:
    member = member_for(incoming.sender)
    if member is not None:
        languages = [member.language or settings.LANGUAGE_CODE]
    else:
        languages = [code for code, _name in settings.LANGUAGES]
    subject = " ".join(incoming.subject.split())[:120]
    subjects, bodies = [], []
    for language in languages:
        with translation.override(language):
            context = {
                "site_name": settings.SITE_NAME,
                "member": member,
                # In several languages, the original subject is added once, at the end.
                "subject": subject if member else "",
                "reason": rejection.explain(),
            }
            subjects.append(render_to_string("mail/rejected_subject.txt", context).strip())
            bodies.append(render_to_string("mail/rejected_message.txt", context).strip())
    title = " / ".join(subjects)
    if not member and subject:
        title = f"{title}: {subject}"
    headers = {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}
    if incoming.original_id.startswith("<"):
        headers["In-Reply-To"] = headers["References"] = incoming.original_id
    return OutgoingEmail(
        subject=" ".join(title.split()),
        body=("\n\n" + "-" * 60 + "\n\n").join(bodies) + "\n",
        from_email=outbound.from_address(),
        to=[incoming.sender],
        headers=headers,
    )
