"""Members and their profiles.

``User`` holds what every request and every email needs (address, name, language, time zone);
``Profile`` holds what a member tells the community about themselves.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from baraza.taxonomy.models import Country, Language, StakeholderType, Theme


def validate_timezone(value: str) -> None:
    if value not in _timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def _timezones() -> set[str]:
    global _TIMEZONES
    if _TIMEZONES is None:
        _TIMEZONES = zoneinfo.available_timezones()
    return _TIMEZONES


_TIMEZONES: set[str] | None = None


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), max_length=254, unique=True)
    display_name = models.CharField(
        _("display name"), max_length=80, help_text=_("How other members see you.")
    )
    handle = models.SlugField(
        _("handle"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Others mention you with @ and this handle."),
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the site and of your emails."),
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=dj_timezone.now)
    deleted_at = models.DateTimeField(
        _("deleted"),
        null=True,
        blank=True,
        help_text=_("When the member deleted their account; their details were erased then."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name shown beside a member's contributions, even after they leave."""
        if self.deleted_at:
            return str(_("Former member"))
        return self.display_name or str(_("Member"))

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name


class Level(models.TextChoices):
    COMMUNITY = "community", _("Community")
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    INTERNATIONAL = "international", _("International")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can see my profile")
    MEMBERS = "members", _("Members only: only signed-in members can see my profile")


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    stakeholder_type = models.ForeignKey(
        StakeholderType,
        verbose_name=_("stakeholder type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    level = models.CharField(_("level of work"), max_length=16, choices=Level.choices, blank=True)
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages spoken"), blank=True, related_name="+"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes of interest"), blank=True, related_name="+"
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    gender = models.CharField(
        _("gender (optional, private)"),
        max_length=100,
        blank=True,
        help_text=_(
            "In your own words. Never shown to anyone; only used, counted together with "
            "others, to check that all genders are heard."
        ),
    )
    visibility = models.CharField(
        _("who can see my profile"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.user.public_name
