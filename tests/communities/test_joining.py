"""Joining: open communities, requests approved by a facilitator, invitations by email."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from baraza.communities import services
from baraza.communities.models import Invitation, Membership
from baraza.core.models import AuditEntry
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _status(community, user):
    found = Membership.objects.filter(community=community, user=user).first()
    return found.status if found else None


def test_joining_an_open_community(member_client, member):
    community = CommunityFactory(join_policy="open")
    page = member_client.get(f"/en/communities/{community.slug}/")
    assert "Join this community" in page.content.decode()
    response = member_client.post(f"/en/communities/{community.slug}/join/")
    assert response["Location"] == f"/en/communities/{community.slug}/"
    assert _status(community, member) == "active"
    assert (
        "You are a member of this community."
        in member_client.get(response["Location"]).content.decode()
    )


def test_a_visitor_is_asked_to_log_in_to_join(client):
    community = CommunityFactory()
    html = client.get(f"/en/communities/{community.slug}/").content.decode()
    assert f'href="/en/accounts/login/?next=/en/communities/{community.slug}/">Log in</a>' in html
    assert client.post(f"/en/communities/{community.slug}/join/").status_code == 302


def test_asking_to_join_and_being_approved(member_client, member):
    facilitator = MemberFactory()
    community = CommunityFactory(
        visibility="members", join_policy="request", facilitators=[facilitator]
    )
    assert member_client.post(f"/en/communities/{community.slug}/join/").status_code == 403
    response = member_client.post(
        f"/en/communities/{community.slug}/request/", {"message": "I run a CHW programme."}
    )
    assert response.status_code == 302
    assert _status(community, member) == "pending"
    assert "waiting for a facilitator" in member_client.get(response["Location"]).content.decode()

    moderator = Client()
    moderator.force_login(facilitator)
    queue = moderator.get(f"/en/communities/{community.slug}/requests/")
    assert [m.user for m in queue.context["pending"]] == [member]
    assert "I run a CHW programme." in queue.content.decode()
    pending = Membership.objects.get(community=community, user=member)
    moderator.post(
        f"/en/communities/{community.slug}/requests/",
        {"membership": pending.pk, "decision": "approve"},
    )
    assert _status(community, member) == "active"
    assert AuditEntry.objects.filter(action="membership.approve", actor=facilitator).exists()


def test_a_declined_request_can_be_made_again(member_client, member):
    community = CommunityFactory(join_policy="request")
    member_client.post(f"/en/communities/{community.slug}/request/", {"message": ""})
    services.decide_request(
        actor=community.memberships.get(role="owner").user,
        membership=Membership.objects.get(community=community, user=member),
        approve=False,
    )
    assert _status(community, member) == "declined"
    assert member_client.get(f"/en/communities/{community.slug}/request/").status_code == 200


def test_members_cannot_answer_requests(member_client, member):
    community = CommunityFactory(join_policy="request", members=[member])
    applicant = MemberFactory()
    services.request_to_join(user=applicant, community=community, message="")
    pending = Membership.objects.get(community=community, user=applicant)
    response = member_client.post(
        f"/fr/communities/{community.slug}/requests/",
        {"membership": pending.pk, "decision": "approve"},
    )
    assert response.status_code == 403
    assert "Accès non autorisé" in response.content.decode()
    assert _status(community, applicant) == "pending"


def test_an_invitation_only_community_explains_itself(member_client):
    community = CommunityFactory(join_policy="invite")
    page = member_client.get(f"/en/communities/{community.slug}/")
    assert "by invitation from its facilitators" in page.content.decode()
    response = member_client.post(f"/en/communities/{community.slug}/join/")
    assert response.status_code == 403
    assert "doesn&#x27;t take new members directly" in response.content.decode()


def test_leaving(member_client, member):
    community = CommunityFactory(members=[member])
    member_client.post(f"/en/communities/{community.slug}/leave/")
    assert _status(community, member) == "left"
    member_client.post(f"/en/communities/{community.slug}/join/")
    assert _status(community, member) == "active"


def test_the_only_owner_cannot_leave(client):
    community = CommunityFactory()
    owner = community.memberships.get(role="owner").user
    client.force_login(owner)
    response = client.post(f"/en/communities/{community.slug}/leave/")
    assert response.status_code == 403
    assert "only owner" in response.content.decode()


def _invitation_path(message) -> str:
    link = re.search(r"https?://\S+", message.body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


class FacilitatorClient(Client):
    """Invitations are emailed once the transaction commits; run those callbacks."""

    def __init__(self, capture, **kwargs):
        super().__init__(**kwargs)
        self._capture = capture

    def post(self, *args, **kwargs):
        with self._capture(execute=True):
            return super().post(*args, **kwargs)


@pytest.fixture
def private_group(django_capture_on_commit_callbacks):
    facilitator = MemberFactory(display_name="Fatou Facilitator")
    community = CommunityFactory(
        visibility="private", join_policy="invite", facilitators=[facilitator]
    )
    client = FacilitatorClient(django_capture_on_commit_callbacks)
    client.force_login(facilitator)
    return community, client


def test_inviting_people_by_email_in_their_language(private_group):
    community, facilitator = private_group
    french = MemberFactory(email="awa@example.org", language="fr")
    response = facilitator.post(
        f"/en/communities/{community.slug}/invite/",
        {"emails": "awa@example.org, newcomer@example.org\nAWA@example.org"},
    )
    assert response.status_code == 302
    assert Invitation.objects.count() == 2
    to_awa, to_newcomer = sorted(mail.outbox, key=lambda m: m.to)
    assert to_awa.to == [french.email]
    assert to_awa.subject == f"[Baraza] Vous êtes invité·e à rejoindre {community.name_fr}"
    assert "Fatou Facilitator vous invite" in to_awa.body
    assert to_newcomer.subject == f"[Baraza] You are invited to join {community.name_en}"


def test_bad_addresses_are_listed(private_group):
    community, facilitator = private_group
    response = facilitator.post(
        f"/fr/communities/{community.slug}/invite/", {"emails": "ok@example.org, nope, @x"}
    )
    assert response.context["form"].errors["emails"] == [
        "Ces adresses e-mail ne sont pas valides : nope, @x"
    ]
    assert not Invitation.objects.exists()


def test_accepting_an_invitation(private_group):
    community, facilitator = private_group
    guest = MemberFactory(email="guest@example.org")
    facilitator.post(f"/en/communities/{community.slug}/invite/", {"emails": guest.email})
    path = _invitation_path(mail.outbox[0])
    client = Client()
    anonymous_view = client.get(path)
    assert anonymous_view.status_code == 200
    assert "Log in to accept" in anonymous_view.content.decode()
    client.force_login(guest)
    response = client.post(path)
    assert response["Location"] == f"/en/communities/{community.slug}/"
    assert _status(community, guest) == "active"
    again = client.post(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_a_forwarded_invitation_does_not_work_for_someone_else(private_group):
    community, facilitator = private_group
    facilitator.post(f"/en/communities/{community.slug}/invite/", {"emails": "right@example.org"})
    path = _invitation_path(mail.outbox[0])
    stranger = Client()
    stranger.force_login(MemberFactory(email="wrong@example.org"))
    response = stranger.post(path)
    assert response.status_code == 403
    assert "sent to right@example.org" in response.content.decode()
    assert not community.memberships.filter(user__email="wrong@example.org").exists()


def test_expired_and_tampered_invitation_links(private_group, member_client):
    community, facilitator = private_group
    facilitator.post(f"/en/communities/{community.slug}/invite/", {"emails": "x@example.org"})
    path = _invitation_path(mail.outbox[0])
    tampered = path[:-6] + "AAAAA/"
    response = member_client.get(tampered)
    assert response.status_code == 410
    assert "not valid" in response.content.decode()

    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = member_client.get("/fr" + path[3:])
    assert response.status_code == 410
    assert "Cette invitation a expiré" in response.content.decode()


def test_explore_lists_communities_with_member_counts(member_client):
    CommunityFactory(slug="alpha", members=[MemberFactory(), MemberFactory()])
    page = member_client.get("/en/communities/")
    (alpha,) = [c for c in page.context["page"].object_list if c.slug == "alpha"]
    assert alpha.member_count == 3
    assert "3 members" in page.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_explore_queries_do_not_grow(n, member_client, django_assert_num_queries):
    for _ in range(n):
        CommunityFactory(members=[MemberFactory()])
    # session, user, site facilitator?, count, page, my communities
    with django_assert_num_queries(6):
        assert member_client.get("/en/communities/").status_code == 200


def test_settings_flag_an_outdated_translation(client):
    community = CommunityFactory()
    client.force_login(community.memberships.get(role="owner").user)
    form = client.get(f"/en/communities/{community.slug}/settings/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "logo"}
    response = client.post(
        f"/en/communities/{community.slug}/settings/",
        {**data, "description_en": "A new description."},
    )
    assert response.status_code == 302
    community.refresh_from_db()
    assert (community.description_en, community.translation_outdated) == (
        "A new description.",
        True,
    )
    client.post(
        f"/en/communities/{community.slug}/settings/",
        {**data, "description_en": "A new description.", "description_fr": "Une nouvelle."},
    )
    community.refresh_from_db()
    assert community.translation_outdated is False


def test_members_cannot_change_settings(member_client, member):
    community = CommunityFactory(members=[member])
    assert member_client.get(f"/en/communities/{community.slug}/settings/").status_code == 403


def test_explore_shows_the_latest_post(member_client, member):
    from baraza.discussions import services as discussion_services

    community = CommunityFactory(slug="busy", members=[member])
    discussion_services.start_topic(
        author=member, community=community, title="T", body="b", language="en"
    )
    page = member_client.get("/en/communities/")
    (busy,) = [c for c in page.context["page"].object_list if c.slug == "busy"]
    assert busy.last_post is not None
    assert "last post now" in page.content.decode()


def test_members_see_the_real_member_count_of_a_private_community(member_client, member):
    CommunityFactory(
        slug="inner-circle",
        visibility="private",
        members=[member, MemberFactory(), MemberFactory()],
    )
    page = member_client.get("/en/communities/")
    (circle,) = [c for c in page.context["page"].object_list if c.slug == "inner-circle"]
    assert circle.member_count == 4  # the owner and three members, not just the viewer
