"""The email settings and mail records a member's data export includes, and what deleting
an account erases."""

from __future__ import annotations

from baraza.accounts import personal_data
from baraza.mail.models import Digest, InboundMessage, MailProfile


def _export(user) -> dict:
    profile = MailProfile.objects.filter(user=user).first()
    return {
        "settings": None
        if profile is None
        else {
            "topics": profile.topic_delivery,
            "communities": profile.community_delivery,
            "mentions": profile.mentions,
            "paused": profile.paused,
        },
        "digests": [
            {"frequency": d.frequency, "period": d.period, "sent_at": d.sent_at}
            for d in Digest.objects.filter(user=user).order_by("created_at")
        ],
        "messages_received": [
            {"received_at": m.received_at, "subject": m.subject, "outcome": m.outcome}
            for m in InboundMessage.objects.filter(sender__iexact=user.email)
        ],
    }


def _erase(user) -> None:
    # Settings and digests go with the account (cascade); received messages name the sender
    # by address only, so the address is cleared.
    InboundMessage.objects.filter(sender__iexact=user.email).update(sender="", subject="")


personal_data.register("mail", export=_export, erase=_erase)
