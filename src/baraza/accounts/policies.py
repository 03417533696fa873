"""Who may change member accounts. (Who may see a profile is ``queries.listed_members``.)"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from baraza.accounts.models import User


def can_edit_account(actor, member: User) -> bool:
    """Members manage their own account; staff use the admin."""
    return (
        actor.is_authenticated
        and actor.pk == member.pk
        and member.is_active
        and member.deleted_at is None
    )


def require_edit_account(actor, member: User) -> None:
    if not can_edit_account(actor, member):
        raise PermissionDenied
