"""Communities, who belongs to them, and invitations to join."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can read it")
    MEMBERS = "members", _("Members only: listed for everyone, read by members")
    PRIVATE = "private", _("Private: invisible to non-members")


VISIBILITY_SHORT = {
    Visibility.PUBLIC: _("Public"),
    Visibility.MEMBERS: _("Members only"),
    Visibility.PRIVATE: _("Private"),
}


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone can join")
    REQUEST = "request", _("On request: a facilitator approves each request")
    INVITE = "invite", _("By invitation only")


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    FACILITATOR = "facilitator", _("Facilitator")
    OWNER = "owner", _("Owner")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    PENDING = "pending", _("Waiting for approval")
    DECLINED = "declined", _("Request declined")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed")
    BANNED = "banned", _("Banned")


class Community(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    rules = models.TextField(_("rules"), blank=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    translation_outdated = models.BooleanField(
        _("translation outdated"),
        default=False,
        help_text=_("Set when the original text changed after it was translated."),
    )
    logo = models.ImageField(_("logo"), upload_to="communities/logos/", blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    join_policy = models.CharField(
        _("joining"), max_length=8, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    premoderation = models.PositiveSmallIntegerField(
        _("posts held for approval"),
        default=0,
        help_text=_(
            "A new member's first posts wait for a facilitator's approval. 0 turns it off."
        ),
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["-is_featured", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def visibility_short(self) -> str:
        return VISIBILITY_SHORT[self.visibility]


class Membership(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    message = models.TextField(_("message to the facilitators"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_user")
        ]
        indexes = [
            models.Index(fields=["user", "status"], name="membership_user_status_idx"),
            # Member counts and "latest member" per community (explore page, dashboard).
            models.Index(
                fields=["community", "status", "created_at"], name="membership_active_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.community}"

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    @property
    def can_moderate(self) -> bool:
        return self.is_active and self.role in (Role.FACILITATOR, Role.OWNER)


class Invitation(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.community}"

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
