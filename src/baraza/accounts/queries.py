"""Reads of members and profiles, with permission filtering and eager loading built in."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404

from baraza.accounts.models import User, Visibility
from baraza.taxonomy.models import Language, Theme


@dataclass(frozen=True)
class DirectoryFilters:
    country: str = ""
    stakeholder_type: str = ""
    theme: str = ""
    language: str = ""
    q: str = ""

    @property
    def active(self) -> bool:
        return any((self.country, self.stakeholder_type, self.theme, self.language, self.q))


def _with_profile(queryset: QuerySet[User]) -> QuerySet[User]:
    return queryset.select_related(
        "country", "profile", "profile__stakeholder_type"
    ).prefetch_related(
        Prefetch("profile__themes", queryset=Theme.objects.order_by("position", "slug")),
        Prefetch("profile__languages", queryset=Language.objects.order_by("code")),
    )


def listed_members(viewer) -> QuerySet[User]:
    """Members whose profile ``viewer`` may see: active, with a verified address, and public
    unless the viewer is logged in. This is the one place the visibility rule is written."""
    return _listed(signed_in=viewer.is_authenticated)


def _listed(*, signed_in: bool) -> QuerySet[User]:
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    members = User.objects.filter(is_active=True, deleted_at__isnull=True).filter(Exists(verified))
    if not signed_in:
        members = members.filter(profile__visibility=Visibility.PUBLIC)
    return members


def listed_to_members() -> QuerySet[User]:
    """Every member whom logged-in members find in the directory, with their profile loaded
    (what search indexes; it tells public profiles from members-only ones itself)."""
    return _with_profile(_listed(signed_in=True))


def directory(viewer, filters: DirectoryFilters) -> QuerySet[User]:
    members = listed_members(viewer)
    if filters.country:
        members = members.filter(country__code=filters.country)
    if filters.stakeholder_type:
        members = members.filter(profile__stakeholder_type__slug=filters.stakeholder_type)
    if filters.theme:
        members = members.filter(profile__themes__slug=filters.theme)
    if filters.language:
        members = members.filter(profile__languages__code=filters.language)
    if filters.q:
        members = members.filter(
            Q(display_name__icontains=filters.q) | Q(profile__organisation__icontains=filters.q)
        )
    return _with_profile(members.distinct()).order_by(Lower("display_name"), "pk")


def visible_member(viewer, pk: int) -> User:
    """The member with this id, if ``viewer`` may see their profile; 404 otherwise."""
    if viewer.is_authenticated and viewer.pk == pk:
        return member_with_profile(pk)
    member = _with_profile(listed_members(viewer)).filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def member_with_profile(pk: int) -> User:
    return _with_profile(User.objects.all()).get(pk=pk)


def has_verified_email(user, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
