"""Creating, revoking and checking API tokens (the one write path for ``ApiToken``)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baraza.api.models import ApiToken
from baraza.compendium.policies import is_curator
from baraza.core import audit
from baraza.core.policies import Refused

KEY_PREFIX = "bz_"
# last_used_at is written at most this often, so busy scripts don't write on every request.
TOUCH_EVERY = timedelta(minutes=5)
REFUSAL = _("Only curators can have API tokens.")


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user`` (a curator) and its key, which is shown this once only."""
    if not is_curator(user):
        raise Refused(REFUSAL)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], key_hash=digest(key), prefix=key[:10]
    )
    audit.record(actor=user, action="api.token.create", target=token, name=token.name)
    return token, key


@transaction.atomic
def revoke(*, token: ApiToken, actor) -> ApiToken:
    if token.user_id != actor.pk and not actor.is_staff:
        raise Refused(_("This token is not yours."))
    if not token.revoked:
        token.revoked, token.revoked_at = True, timezone.now()
        token.save(update_fields=["revoked", "revoked_at"])
        audit.record(actor=actor, action="api.token.revoke", target=token, name=token.name)
    return token


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("revoked", "-created_at", "-pk")


def bearer_key(request) -> str:
    """The key of an ``Authorization: Bearer <key>`` header, or ""."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, key = header.partition(" ")
    return key.strip() if scheme.lower() == "bearer" else ""


def authenticate(key: str) -> ApiToken | None:
    """The live token with this key, its user loaded; None for an unknown or revoked key, or
    a user who can no longer log in."""
    if not key or len(key) > 200:
        return None
    token = (
        ApiToken.objects.filter(key_hash=digest(key), revoked=False).select_related("user").first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
