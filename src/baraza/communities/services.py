"""Every write to communities, memberships and invitations."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from baraza.accounts import queries as account_queries
from baraza.communities import policies as community_policies
from baraza.communities.models import Community, Invitation, Membership, Role, Status
from baraza.core import audit, mail
from baraza.core.policies import Refused, require

INVITATION_DAYS = 14
_INVITATION_SALT = "baraza.communities.invitation"


class InvitationError(Exception):
    """An invitation link that can't be used; ``message`` says why, for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _set_membership(community, user, *, status, role=Role.MEMBER, message="", decided_by=None):
    found, _created = Membership.objects.update_or_create(
        community=community,
        user=user,
        defaults={
            "status": status,
            "role": role,
            "message": message,
            "decided_by": decided_by,
            "decided_at": timezone.now() if decided_by else None,
            "created_at": timezone.now(),
        },
    )
    community_policies.forget_memberships(user)
    return found


@transaction.atomic
def create_community(*, actor, owner=None, **fields) -> Community:
    if not (actor.is_staff or community_policies.is_site_facilitator(actor)):
        raise Refused(_("Only the facilitators team can create communities."))
    community = Community(created_by=actor, **fields)
    community.full_clean()
    community.save()
    _set_membership(community, owner or actor, status=Status.ACTIVE, role=Role.OWNER)
    audit.record(actor=actor, action="community.create", target=community, scope=community)
    return community


@transaction.atomic
def update_community(
    *, actor, community: Community, changed_original: bool, changed_translation: bool, **fields
) -> Community:
    """Save new settings; the translation is flagged stale when only the original changed."""
    require(actor, "manage", community)
    for name, value in fields.items():
        # save_form_data knows how file fields are cleared or replaced.
        Community._meta.get_field(name).save_form_data(community, value)
    if changed_translation:
        community.translation_outdated = False
    elif changed_original:
        community.translation_outdated = True
    community.full_clean()
    community.save()
    audit.record(actor=actor, action="community.update", target=community, scope=community)
    return community


@transaction.atomic
def join(*, user, community: Community) -> Membership:
    require(user, "join", community, reason=_("This community doesn't take new members directly."))
    found = _set_membership(community, user, status=Status.ACTIVE)
    audit.record(actor=user, action="membership.join", target=community, scope=community)
    return found


@transaction.atomic
def request_to_join(*, user, community: Community, message: str) -> Membership:
    require(user, "request", community, reason=_("You can't ask to join this community."))
    found = _set_membership(community, user, status=Status.PENDING, message=message.strip())
    audit.record(actor=user, action="membership.request", target=community, scope=community)
    return found


@transaction.atomic
def decide_request(*, actor, membership: Membership, approve: bool) -> Membership:
    require(actor, "moderate", membership.community)
    if membership.status != Status.PENDING:
        raise Refused(_("This request has already been answered."))
    membership.status = Status.ACTIVE if approve else Status.DECLINED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    community_policies.forget_memberships(membership.user)
    audit.record(
        actor=actor,
        action="membership.approve" if approve else "membership.decline",
        target=membership.community,
        scope=membership.community,
        member=membership.user_id,
    )
    return membership


@transaction.atomic
def leave(*, user, community: Community) -> None:
    require(user, "leave", community)
    found = community_policies.membership(user, community)
    if (
        found.role == Role.OWNER
        and not community.memberships.filter(role=Role.OWNER, status=Status.ACTIVE)
        .exclude(pk=found.pk)
        .exists()
    ):
        raise Refused(_("You are this community's only owner: make someone else owner first."))
    found.status = Status.LEFT
    found.role = Role.MEMBER
    found.save(update_fields=["status", "role"])
    community_policies.forget_memberships(user)
    audit.record(actor=user, action="membership.leave", target=community, scope=community)


@transaction.atomic
def remove_member(
    *, actor, membership: Membership, ban: bool = False, reason: str = ""
) -> Membership:
    """Remove someone from a community; a ban also stops them from joining again."""
    community = membership.community
    require(actor, "moderate", community)
    if membership.role == Role.OWNER or membership.user_id == actor.pk:
        raise Refused(_("Owners and yourself can't be removed here."))
    if membership.role == Role.FACILITATOR and not community_policies.can_manage(actor, community):
        raise Refused(_("Only an owner can remove a facilitator."))
    membership.status = Status.BANNED if ban else Status.REMOVED
    membership.role = Role.MEMBER
    membership.decided_by, membership.decided_at = actor, timezone.now()
    membership.save(update_fields=["status", "role", "decided_by", "decided_at"])
    community_policies.forget_memberships(membership.user)
    audit.record(
        actor=actor,
        action="membership.ban" if ban else "membership.remove",
        target=community,
        scope=community,
        member=membership.user_id,
        reason=reason.strip(),
    )
    return membership


@transaction.atomic
def set_role(*, actor, membership: Membership, role: str) -> Membership:
    """Owners (and staff) make members facilitators or owners, or back again."""
    community = membership.community
    require(actor, "manage", community)
    if role not in Role.values or membership.status != Status.ACTIVE:
        raise Refused(_("Only an active member's role can be changed."))
    if membership.role == Role.OWNER and role != Role.OWNER:
        others = community.memberships.filter(role=Role.OWNER, status=Status.ACTIVE).exclude(
            pk=membership.pk
        )
        if not others.exists():
            raise Refused(_("A community needs at least one owner."))
    membership.role = role
    membership.save(update_fields=["role"])
    community_policies.forget_memberships(membership.user)
    audit.record(
        actor=actor,
        action="membership.role",
        target=community,
        scope=community,
        member=membership.user_id,
        role=role,
    )
    return membership


# --- Invitations ------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=_INVITATION_SALT, compress=True)


@transaction.atomic
def invite(*, actor, community: Community, emails: list[str], language: str) -> list[Invitation]:
    """Invite people by email, members or not yet; each gets a signed link that expires."""
    require(actor, "moderate", community)
    invitations = []
    for address in dict.fromkeys(e.strip().lower() for e in emails if e.strip()):
        invitation = Invitation.objects.create(
            community=community,
            email=address,
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        audit.record(
            actor=actor, action="invitation.send", target=community, scope=community, email=address
        )
        invitations.append(invitation)
        transaction.on_commit(lambda inv=invitation: _send_invitation(inv, language))
    return invitations


def _send_invitation(invitation: Invitation, fallback_language: str) -> None:
    from baraza.accounts.models import User

    recipient = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    language = recipient.language if recipient else fallback_language
    with translation.override(language):
        from django.urls import reverse

        link = settings.SITE_URL + reverse(
            "communities:invitation", args=[invitation_token(invitation)]
        )
        mail.send(
            template="communities/email/invitation",
            to=invitation.email,
            context={"invitation": invitation, "link": link, "days": INVITATION_DAYS},
        )


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link points to, or ``InvitationError`` saying what is wrong with it."""
    try:
        data = signing.loads(token, salt=_INVITATION_SALT)
    except signing.BadSignature:
        raise InvitationError(
            _("This invitation link is not valid. Check that you copied all of it.")
        ) from None
    invitation = (
        Invitation.objects.select_related("community", "invited_by")
        .filter(pk=data.get("i") if isinstance(data, dict) else None)
        .first()
    )
    if invitation is None or invitation.revoked_at:
        raise InvitationError(_("This invitation has been withdrawn."))
    if invitation.accepted_at:
        raise InvitationError(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            _("This invitation has expired. Ask the person who invited you for a new one.")
        )
    return invitation


@transaction.atomic
def accept_invitation(*, user, token: str) -> Community:
    """Join through an invitation, as the person it was sent to (a forwarded link won't do)."""
    invitation = invitation_from_token(token)
    if not account_queries.has_verified_email(user, invitation.email):
        raise InvitationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    found = community_policies.membership(user, invitation.community)
    if found is not None and found.status == Status.BANNED:
        raise InvitationError(_("You can't join this community."))
    role = found.role if found is not None and found.is_active else Role.MEMBER
    _set_membership(
        invitation.community,
        user,
        status=Status.ACTIVE,
        role=role,
        decided_by=invitation.invited_by,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        actor=user,
        action="invitation.accept",
        target=invitation.community,
        scope=invitation.community,
    )
    return invitation.community
