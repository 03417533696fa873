"""Every write to members and profiles goes through these functions."""

from __future__ import annotations

import secrets
import unicodedata
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

import baraza
from baraza.accounts import personal_data, policies
from baraza.accounts.models import Profile, User, Visibility
from baraza.core import audit
from baraza.search import services as search
from baraza.taxonomy.models import Country, Language, StakeholderType, Theme


def unique_handle(name: str) -> str:
    """A short @handle from a display name: "Awa Ndiaye" -> "awa-ndiaye", then "awa-ndiaye-2"."""
    base = slugify(unidecode_ascii(name))[:32].strip("-") or "member"
    taken = set(User.objects.filter(handle__startswith=base).values_list("handle", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def unidecode_ascii(text: str) -> str:
    """Drop accents so that handles are easy to type on any keyboard."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@transaction.atomic
def register_member(
    *,
    user: User,
    display_name: str,
    country: Country,
    language: str,
    timezone_name: str | None = None,
) -> User:
    """Save a new member and their empty profile.

    ``user`` is unsaved and carries the email address and password hash; the web sign-up (via
    the allauth adapter), the demo loader and the tests all come through here.
    """
    user.email = user.email.strip().lower()
    user.display_name = display_name.strip()
    user.country = country
    user.language = language
    user.timezone = timezone_name or country.timezone or "UTC"
    user.handle = unique_handle(user.display_name)
    user.full_clean(exclude=["password"])
    user.save()
    Profile.objects.create(user=user)
    audit.record(actor=user, action="account.register", target=user)
    return user


@transaction.atomic
def update_profile(
    *,
    actor,
    member: User,
    display_name: str,
    country: Country,
    language: str,
    timezone_name: str,
    organisation: str,
    stakeholder_type: StakeholderType | None,
    level: str,
    languages: list[Language],
    themes: list[Theme],
    bio: str,
    gender: str,
    visibility: str,
) -> User:
    policies.require_edit_account(actor, member)
    member.display_name = display_name.strip()
    member.country = country
    member.language = language
    member.timezone = timezone_name
    member.save(update_fields=["display_name", "country", "language", "timezone"])
    profile = member.profile
    profile.organisation = organisation.strip()
    profile.stakeholder_type = stakeholder_type
    profile.level = level
    profile.bio = bio.strip()
    profile.gender = gender.strip()
    profile.visibility = visibility
    profile.save()
    profile.languages.set(languages)
    profile.themes.set(themes)
    audit.record(actor=actor, action="profile.update", target=member)
    search.index("member", member)
    return member


@transaction.atomic
def member_changed(*, member: User) -> None:
    """Bring search up to date after ``member`` changed outside these services: allauth verified
    one of their addresses (``AccountAdapter.confirm_email``), staff edited or deactivated them
    in the admin, or the demo loader verified them. Search finds exactly the members the
    directory lists."""
    search.index("member", member)


def export_personal_data(*, member: User) -> dict[str, Any]:
    """Everything Baraza holds about ``member``, as JSON-ready data."""
    data: dict[str, Any] = {
        "format": "baraza-personal-data",
        "format_version": 1,
        "generator": f"Baraza {baraza.__version__}",
        "exported_at": timezone.now().isoformat(),
    }
    for section in personal_data.sections():
        data[section.name] = section.export(member)
    return data


@transaction.atomic
def delete_account(*, actor, member: User) -> None:
    """Erase a member's personal data but keep their contributions, credited to a former member.

    The row stays so that posts, reviews and audit entries keep pointing at something: threads
    don't break and the record of who did what stays consistent. Everything that identifies the
    person goes: address, name, country, profile, sign-in methods.
    """
    policies.require_edit_account(actor, member)
    for section in personal_data.sections():
        if section.erase is not None:
            section.erase(member)
    member.email = f"deleted-{member.pk}-{secrets.token_hex(4)}@deleted.invalid"
    member.display_name = ""
    member.handle = None
    member.country = None
    member.timezone = "UTC"
    member.is_active = False
    member.is_staff = False
    member.is_superuser = False
    member.deleted_at = timezone.now()
    member.set_unusable_password()
    member.save()
    member.groups.clear()
    member.user_permissions.clear()
    search.remove("member", [member.pk])
    audit.record(actor=None, action="account.delete", target=member)


# --- This app's own sections of personal data ---------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _export_account(member: User) -> dict[str, Any]:
    return {
        "email": member.email,
        "display_name": member.display_name,
        "country": member.country.code if member.country else None,
        "preferred_language": member.language,
        "time_zone": member.timezone,
        "date_joined": _iso(member.date_joined),
        "last_login": _iso(member.last_login),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=member).order_by("pk")
        ],
        "two_factor_methods": sorted(
            Authenticator.objects.filter(user=member).values_list("type", flat=True)
        ),
    }


def _export_profile(member: User) -> dict[str, Any]:
    profile = member.profile
    return {
        "organisation": profile.organisation,
        "stakeholder_type": profile.stakeholder_type.slug if profile.stakeholder_type else None,
        "level": profile.level,
        "languages_spoken": sorted(profile.languages.values_list("code", flat=True)),
        "themes_of_interest": sorted(profile.themes.values_list("slug", flat=True)),
        "bio": profile.bio,
        "gender": profile.gender,
        "visibility": profile.visibility,
        "updated_at": _iso(profile.updated_at),
    }


def _erase_account(member: User) -> None:
    EmailAddress.objects.filter(user=member).delete()
    Authenticator.objects.filter(user=member).delete()
    # Earlier log entries about this member carry their old name as the object's label.
    audit.relabel_target(member, "Former member")


def _erase_profile(member: User) -> None:
    Profile.objects.filter(user=member).update(
        organisation="",
        stakeholder_type=None,
        level="",
        bio="",
        gender="",
        visibility=Visibility.MEMBERS,
    )
    member.profile.languages.clear()
    member.profile.themes.clear()


def _export_activity_log(member: User) -> list[dict[str, Any]]:
    return [
        {"when": _iso(e.created_at), "action": e.action, "object": e.target_label}
        for e in audit.entries_by(member).order_by("created_at", "id")
    ]


personal_data.register("account", export=_export_account, erase=_erase_account)
personal_data.register("profile", export=_export_profile, erase=_erase_profile)
personal_data.register("activity_log", export=_export_activity_log)
