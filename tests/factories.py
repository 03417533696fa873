"""Factories that build data through the same services the site uses."""

from __future__ import annotations

from functools import cache

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from baraza.accounts import services
from baraza.accounts.models import User, Visibility
from baraza.communities.models import Community
from baraza.taxonomy.models import Country

PASSWORD = "a-long-test-passphrase-42"


@cache
def password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once per run.
    return make_password(PASSWORD)


class MemberFactory(factory.Factory):
    """A member who signed up and verified their email address.

    ``MemberFactory(visibility="public", groups=["facilitators"], verified=False)``
    """

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Member {n:03d}")
    country = "KE"
    language = "en"
    visibility = Visibility.MEMBERS
    verified = True
    groups: list[str] = []

    @classmethod
    def _create(cls, model_class, *, country, visibility, verified, groups, **fields):
        user = model_class(email=fields.pop("email"), password=password_hash())
        member = services.register_member(
            user=user,
            country=Country.objects.get(code=country),
            **fields,
        )
        if visibility != member.profile.visibility:
            member.profile.visibility = visibility
            member.profile.save(update_fields=["visibility"])
        EmailAddress.objects.create(
            user=member, email=member.email, verified=verified, primary=True
        )
        for name in groups:
            member.groups.add(Group.objects.get(name=name))
        return member


class CommunityFactory(factory.Factory):
    """A community with an owner. ``CommunityFactory(visibility="private", members=[a, b])``"""

    class Meta:
        model = Community

    slug = factory.Sequence(lambda n: f"community-{n}")
    name_en = factory.Sequence(lambda n: f"Community {n}")
    name_fr = factory.Sequence(lambda n: f"Communauté {n}")
    description_en = "Sharing what works."
    description_fr = "Partager ce qui marche."
    visibility = "public"
    join_policy = "open"
    owner = None
    facilitators: list = []
    members: list = []

    @classmethod
    def _create(cls, model_class, *, owner, facilitators, members, **fields):
        from baraza.communities.models import Membership, Role, Status

        fields["name"], fields["description"] = fields["name_en"], fields["description_en"]
        community = model_class.objects.create(**fields)
        owner = owner or MemberFactory(display_name=f"Owner of {community.slug}")
        for person, role in (
            [(owner, Role.OWNER)]
            + [(f, Role.FACILITATOR) for f in facilitators]
            + [(m, Role.MEMBER) for m in members]
        ):
            Membership.objects.create(
                community=community, user=person, role=role, status=Status.ACTIVE
            )
        return community
