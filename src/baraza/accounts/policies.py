"""Who may see and change member accounts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from baraza.accounts.models import User, Visibility


def is_listed(member: User) -> bool:
    return member.is_active and member.deleted_at is None


def can_view_profile(viewer, member: User) -> bool:
    if viewer.is_authenticated and viewer.pk == member.pk:
        return True
    if not is_listed(member):
        return False
    if member.profile.visibility == Visibility.PUBLIC:
        return True
    return viewer.is_authenticated


def can_edit_account(actor, member: User) -> bool:
    return actor.is_authenticated and actor.pk == member.pk and is_listed(member)


def require_edit_account(actor, member: User) -> None:
    if not can_edit_account(actor, member):
        raise PermissionDenied
