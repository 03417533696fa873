"""API tokens: how curators' scripts authenticate to the write endpoints.

Only a SHA-256 digest of each key is stored; the key itself is shown once, when the token is
created. A token acts as its user (with the user's current permissions) until it is revoked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    # The hex SHA-256 of the key: the key itself is never stored.
    key_hash = models.CharField(_("key digest"), max_length=64, unique=True)
    # The first characters of the key, so its owner can tell tokens apart.
    prefix = models.CharField(_("key prefix"), max_length=12)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        # The throttles key the rate limit on this: one bucket per token.
        return f"api-token-{self.pk}"
